// Turns parsed file rows into records of a dataset: cells converted to the declared field
// types, geometry built and transformed to WGS 84, every row checked against the
// declaration. A row either becomes a record or is rejected with every reason, each naming
// its column. Pure functions, no I/O.
import { recordsImport, locationOutcome, flagText, wardFieldOf, type DatasetDecl, type FieldDecl } from '../datasets/index.ts';
import type { LocationVerdict } from '../areas/index.ts';
import type { RecordFlag } from '../../../../shared/contracts/datasets.ts';
import { geometryFromRow, parseNumber, foldText, type GeometrySource, type ParsedFile, type ParsedRow } from './parsing/index.ts';
import { lineKind, type NotDataCode } from './parsing/table.ts';

const { recordProblems, cleanProps, naturalKey } = recordsImport;
type Props = recordsImport.Props;

/** Which column feeds which field, and where the geometry comes from. */
export interface ImportMapping {
  /** field name → header in the file */
  fields: Record<string, string>;
  geometry: GeometrySource;
}

export interface RowReason {
  /** The file's column (header) the problem is in, when there is one. */
  column?: string;
  field?: string;
  message: string;
  /** For reasons the client words itself (outside_territory, missing_geometry). */
  code?: string;
  params?: Record<string, string | number>;
}

export type RowOutcome =
  | {
      ok: true; rowNumber: number; props: Props; geometry: GeoJSON.Geometry | null; key: string | null; flags?: RecordFlag[]; repaired?: boolean;
      /** The geometry is the row's position with longitude and latitude swapped: kept only if the row's ward confirms it, else rejected with this reason. */
      swapCandidate?: RowReason;
    }
  | { ok: false; rowNumber: number; reasons: RowReason[]; skipped?: undefined }
  /** Not data (a title, a repeated header, a note, a totals row): neither a record nor a rejection. */
  | { ok: false; rowNumber: number; reasons: []; skipped: NotDataCode };

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const TRUE = new Set(['true', '1', 'x', 'yes', 'y', 'co', 'dung', 'c']);
const FALSE = new Set(['false', '0', 'no', 'n', 'khong', 'sai', 'k']);

/** One cell as the value a field stores, or the problem with it. */
/** A cell's problem: English text for logs and CSV files, a code and params the client words. */
export interface CellProblem {
  problem: string;
  code: 'not_number' | 'not_boolean' | 'not_date';
  params: { value: string };
}

export function cellToValue(f: FieldDecl, raw: unknown): { value: unknown } | CellProblem {
  if (isEmpty(raw)) return { value: undefined };
  const shown = typeof raw === 'string' ? raw : JSON.stringify(raw);
  switch (f.type) {
    case 'integer':
    case 'number': {
      const n = parseNumber(raw);
      return n === null ? { problem: `not a number: '${shown}'`, code: 'not_number', params: { value: shown } } : { value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const t = foldText(String(raw));
      if (TRUE.has(t)) return { value: true };
      if (FALSE.has(t)) return { value: false };
      return { problem: `not true/false (có/không): '${shown}'`, code: 'not_boolean', params: { value: shown } };
    }
    case 'date': {
      const s = String(raw).trim();
      let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s);
      if (m) return { value: `${m[1]}-${m[2]}-${m[3]}` };
      m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
      if (m) return { value: `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` };
      return { problem: `not a date (YYYY-MM-DD or DD/MM/YYYY): '${shown}'`, code: 'not_date', params: { value: shown } };
    }
    case 'enum': {
      const s = String(raw).trim();
      const values = f.values ?? [];
      if (values.includes(s)) return { value: s };
      const folded = foldText(s);
      const hit = values.find((v) => foldText(v) === folded);
      return hit ? { value: hit } : { value: s };
    }
    default: {
      if (typeof raw === 'number' || typeof raw === 'boolean') return { value: String(raw) };
      return { value: String(raw).trim().normalize('NFC') };
    }
  }
}

/** Problems with a mapping itself (before any row is read). */
export function mappingProblems(decl: DatasetDecl, mapping: ImportMapping, headers: string[]): string[] {
  const problems: string[] = [];
  const known = new Set(headers);
  for (const [field, header] of Object.entries(mapping.fields)) {
    if (!decl.fields.some((f) => f.name === field)) problems.push(`mapping: "${field}" is not a field of dataset ${decl.id}`);
    if (!known.has(header)) problems.push(`mapping: the file has no column "${header}" (for ${field})`);
  }
  for (const k of decl.naturalKey) {
    if (!mapping.fields[k]) problems.push(`mapping: the natural key field "${k}" needs a column`);
  }
  const g = mapping.geometry;
  if (g.kind !== 'none' && decl.geometryType === 'none') problems.push('mapping: this dataset has no geometry');
  if (g.kind === 'coordinates') {
    for (const c of [g.eastColumn, g.northColumn]) if (!known.has(c)) problems.push(`mapping: the file has no column "${c}" (geometry)`);
  }
  if (g.kind === 'wkt' && !known.has(g.column)) problems.push(`mapping: the file has no column "${g.column}" (geometry)`);
  return problems;
}

/** Validates every row of a parsed file; rejects later rows that repeat a natural key. */
export function prepareRows(decl: DatasetDecl, file: ParsedFile, mapping: ImportMapping, crs: string | undefined): RowOutcome[] {
  return rowPreparer(decl, file, mapping, crs)(0, file.rows.length);
}

/**
 * Validates a parsed file piece by piece, in order: `next(start, end)` gives the outcomes
 * of rows [start, end) and must be called for consecutive ranges from 0 (later rows that
 * repeat a natural key of an earlier one are rejected). Lets a job validate the next batch
 * while the database writes the current one.
 */
export function rowPreparer(decl: DatasetDecl, file: ParsedFile, mapping: ImportMapping, crs: string | undefined) {
  const byName = new Map(decl.fields.map((f) => [f.name, f]));
  const seen = new Map<string, number>();
  const cols = decl.naturalKey.map((k) => mapping.fields[k] ?? k);
  const notData = file.format === 'csv' || file.format === 'xlsx' ? notDataClassifier(decl, file, mapping) : null;
  let done = 0;
  return (start: number, end: number): RowOutcome[] => {
    if (start !== done) throw new Error(`rows must be prepared in order: expected ${done}, got ${start}`);
    const out: RowOutcome[] = [];
    const stop = Math.min(end, file.rows.length);
    for (let i = start; i < stop; i++) {
      const row = file.rows[i]!;
      const skip = notData?.(row);
      if (skip) {
        out.push({ ok: false, rowNumber: row.rowNumber, reasons: [], skipped: skip });
        continue;
      }
      const o = prepareRow(decl, byName, row, mapping, crs, file.geometryPerRow?.[i] ?? null);
      if (o.ok) notData?.counted(row);
      if (o.ok && o.key !== null) {
        const first = seen.get(o.key);
        if (first !== undefined) {
          out.push({
            ok: false,
            rowNumber: row.rowNumber,
            reasons: [{ column: cols.join(', '), field: decl.naturalKey.join(', '), message: `same ${decl.naturalKey.join(', ')} (${o.key}) as row ${first}`, code: 'duplicate_key', params: { key: o.key, row: first } }],
          });
          continue;
        }
        seen.set(o.key, row.rowNumber);
      }
      out.push(o);
    }
    done = stop;
    return out;
  };
}

function prepareRow(
  decl: DatasetDecl,
  byName: Map<string, FieldDecl>,
  row: ParsedRow,
  mapping: ImportMapping,
  crs: string | undefined,
  fileGeometry: GeoJSON.Geometry | null,
): RowOutcome {
  const reasons: RowReason[] = [];
  const props: Props = {};
  for (const [fieldName, header] of Object.entries(mapping.fields)) {
    const f = byName.get(fieldName);
    if (!f) continue;
    const v = cellToValue(f, row.values[header]);
    if ('problem' in v) reasons.push({ column: header, field: f.name, message: v.problem, code: v.code, params: v.params });
    else if (v.value !== undefined) props[f.name] = v.value;
  }
  let geometry: GeoJSON.Geometry | null = null;
  let swapCandidate: RowReason | undefined;
  const g = geometryFromRow(row, mapping.geometry, { ...(crs ? { crs } : {}), fileGeometry });
  if (g.ok) geometry = g.geometry;
  else if (g.swapped) {
    geometry = g.swapped;
    swapCandidate = { ...(g.column !== undefined ? { column: g.column } : {}), field: 'geometry', code: 'invalid_coordinates', message: g.problem };
  } else reasons.push({ ...(g.column !== undefined ? { column: g.column } : {}), field: 'geometry', message: g.problem, code: g.code, params: g.params });
  const clean = cleanProps(props);
  const failed = new Set(reasons.map((r) => r.field));
  for (const p of recordProblems(decl, { properties: clean, geometry: g.ok || swapCandidate ? geometry : null })) {
    if (failed.has(p.field)) continue;
    const column = p.field === 'geometry' ? geometryColumn(mapping) : mapping.fields[p.field];
    const value = clean[p.field];
    const shown: Record<string, string> = value === undefined ? {} : { value: typeof value === 'string' ? value : JSON.stringify(value) };
    reasons.push({ ...(column ? { column } : {}), field: p.field, message: describe(p.message, value), code: p.code, params: { ...stringParams(p.params), ...shown } });
  }
  if (reasons.length) {
    if (swapCandidate) reasons.push(swapCandidate);
    return { ok: false, rowNumber: row.rowNumber, reasons };
  }
  return { ok: true, rowNumber: row.rowNumber, props: clean, geometry, key: naturalKey(decl, clean), ...(swapCandidate ? { swapCandidate } : {}) };
}

/** Words that open a totals or subtotal row ("Tổng cộng", "Tổng số", "Cộng", "Total"), folded. */
const TOTALS = /^(tong cong|tong so|tong|cong|total|grand total|sub ?total|cong phat sinh)(\s*[:.]|\s+\d|$)|^(tong cong|tong so|cong) (phuong|quan|xa|nganh)\b/;
const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Recognises rows of a table that are not data: a repeated header, a totals or subtotal row
 * (by its words, or because its numbers equal the sums of the data rows above it since the
 * previous total), and lone-text lines (a title, a date line, a note). `counted(row)` adds an
 * accepted row to the running sums.
 */
export function notDataClassifier(decl: DatasetDecl, file: ParsedFile, mapping: ImportMapping) {
  const headers = file.headers;
  const folded = new Map(headers.map((h) => [h, foldText(h)]));
  const numericCols = Object.entries(mapping.fields)
    .filter(([f]) => { const t = decl.fields.find((x) => x.name === f)?.type; return t === 'integer' || t === 'number'; })
    .map(([, h]) => h);
  const keyCols = decl.naturalKey.map((k) => mapping.fields[k]).filter((h): h is string => !!h);
  let sums = new Map<string, number>(numericCols.map((h) => [h, 0]));
  let counted = 0;
  const classify = (row: ParsedRow): NotDataCode | null => {
    const filledCells = headers.filter((h) => !isBlank(row.values[h]));
    if (!filledCells.length) return 'blank_row';
    const sameAsHeader = filledCells.filter((h) => typeof row.values[h] === 'string' && foldText(String(row.values[h])) === folded.get(h)).length;
    if (sameAsHeader >= Math.max(2, filledCells.length * 0.6)) return 'repeated_header';
    const texts = filledCells.filter((h) => typeof row.values[h] === 'string' && parseNumber(row.values[h]) === null);
    const first = texts[0] !== undefined ? foldText(String(row.values[texts[0]])) : '';
    if (texts.length && TOTALS.test(first)) return 'totals_row';
    const keyless = keyCols.length > 0 && keyCols.every((h) => isBlank(row.values[h]));
    // A lone text: a title, a date line or a note (in the key column too when it reads like one: codes have no spaces).
    if (filledCells.length === 1 && texts.length === 1 && (keyless || !keyCols.length || lineKind(first) !== 'title_row' || /\s/.test(first))) return lineKind(first);
    // Numbers equal to the sums of the rows above (a subtotal without a word), on a row without its key.
    if (keyless && counted >= 2) {
      const nums = numericCols.filter((h) => !isBlank(row.values[h]));
      if (nums.length && nums.every((h) => { const n = parseNumber(row.values[h]); return n !== null && Math.abs(n - sums.get(h)!) < 1e-6 * Math.max(1, Math.abs(n)); })) return 'sum_row';
    }
    return null;
  };
  return Object.assign(
    (row: ParsedRow): NotDataCode | null => {
      const c = classify(row);
      // A total closes a block: the next subtotal sums the rows after it.
      if (c === 'totals_row' || c === 'sum_row') {
        sums = new Map(numericCols.map((h) => [h, 0]));
        counted = 0;
      }
      return c;
    },
    {
      counted(row: ParsedRow): void {
        counted++;
        for (const h of numericCols) {
          const n = parseNumber(row.values[h]);
          if (n !== null) sums.set(h, sums.get(h)! + n);
        }
      },
    },
  );
}

/**
 * Applies what the areas module found about each accepted row's position (one verdict per
 * outcome, null without one): rows outside the territory (or without a required geometry) are
 * rejected with a coded reason, swapped coordinates repaired, the rest flagged.
 */
export function applyLocations(decl: DatasetDecl, outcomes: RowOutcome[], verdicts: (LocationVerdict | null)[], mapping: ImportMapping): RowOutcome[] {
  return outcomes.map((o, i) => {
    if (!o.ok) return o;
    const v = verdicts[i] ?? null;
    if (o.swapCandidate) {
      const { swapCandidate, ...rest } = o;
      // Confirmed when the swapped position lies in the ward the row names.
      if (v?.claimResolved && v.inClaim) {
        return { ...rest, flags: [{ code: 'swapped_coordinates_repaired', params: { ward: v.claimName ?? v.claim ?? '' } }], repaired: true };
      }
      const params: Record<string, string | number> = v?.inTerritory ? { swapInside: 1 } : {};
      return { ok: false, rowNumber: o.rowNumber, reasons: [{ ...swapCandidate, params }] };
    }
    const r = locationOutcome(decl, o.geometry, v);
    if (!r.ok) {
      const column = geometryColumn(mapping);
      const message = recordsImport.problemText({ code: r.code, params: r.params });
      return { ok: false, rowNumber: o.rowNumber, reasons: [{ ...(column ? { column } : {}), field: 'geometry', code: r.code, params: r.params, message: `geometry ${message}` }] };
    }
    return { ...o, geometry: r.geometry, flags: r.flags, repaired: r.repaired };
  });
}

/**
 * Judges prepared rows' positions with the areas module's territory checker (one query per
 * call): the import job and the preview use the same, so their counts agree.
 */
export function rowLocator(checker: { check(items: { geometry: GeoJSON.Geometry | null; claim?: string | null }[]): Promise<(LocationVerdict | null)[]> }) {
  return async (decl: DatasetDecl, outs: RowOutcome[], mapping: ImportMapping): Promise<RowOutcome[]> => {
    if (decl.geometryType === 'none') return outs;
    const claimField = wardFieldOf(decl);
    const verdicts = await checker.check(outs.map((o) => (o.ok ? { geometry: o.geometry, claim: claimField ? (o.props[claimField] as string | undefined) : null } : { geometry: null })));
    return applyLocations(decl, outs, verdicts, mapping);
  };
}

export { flagText };

function stringParams(params: Record<string, unknown> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = typeof v === 'number' ? v : Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

function describe(message: string, value: unknown): string {
  return value === undefined ? message : `${message} (got '${typeof value === 'string' ? value : JSON.stringify(value)}')`;
}

function geometryColumn(m: ImportMapping): string | undefined {
  if (m.geometry.kind === 'coordinates') return `${m.geometry.eastColumn}, ${m.geometry.northColumn}`;
  if (m.geometry.kind === 'wkt') return m.geometry.column;
  return undefined;
}

/** "row 17, column 'Vĩ độ': not a number: 'abc'" */
export function reasonText(rowNumber: number, r: RowReason): string {
  return `row ${rowNumber}${r.column ? `, column '${r.column}'` : ''}: ${r.message}`;
}

/** Header set signature for saved mappings: folded, sorted, without the "_row"/"_reasons" columns of a rejects file. */
export function headerSignature(headers: string[]): string {
  return headers
    .filter((h) => !h.startsWith('_'))
    .map((h) => foldText(h))
    .sort()
    .join('|');
}
