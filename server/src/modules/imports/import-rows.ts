// Turns parsed file rows into records of a dataset: cells converted to the declared field
// types, geometry built and transformed to WGS 84, every row checked against the
// declaration. A row either becomes a record or is rejected with every reason, each naming
// its column. Pure functions, no I/O.
import { recordsImport, type DatasetDecl, type FieldDecl } from '../datasets/index.ts';
import { geometryFromRow, parseNumber, foldText, type GeometrySource, type ParsedFile, type ParsedRow } from './parsing/index.ts';

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
}

export type RowOutcome =
  | { ok: true; rowNumber: number; props: Props; geometry: GeoJSON.Geometry | null; key: string | null }
  | { ok: false; rowNumber: number; reasons: RowReason[] };

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const TRUE = new Set(['true', '1', 'x', 'yes', 'y', 'co', 'dung', 'c']);
const FALSE = new Set(['false', '0', 'no', 'n', 'khong', 'sai', 'k']);

/** One cell as the value a field stores, or the problem with it. */
export function cellToValue(f: FieldDecl, raw: unknown): { value: unknown } | { problem: string } {
  if (isEmpty(raw)) return { value: undefined };
  const shown = typeof raw === 'string' ? raw : JSON.stringify(raw);
  switch (f.type) {
    case 'integer':
    case 'number': {
      const n = parseNumber(raw);
      return n === null ? { problem: `not a number: '${shown}'` } : { value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const t = foldText(String(raw));
      if (TRUE.has(t)) return { value: true };
      if (FALSE.has(t)) return { value: false };
      return { problem: `not true/false (có/không): '${shown}'` };
    }
    case 'date': {
      const s = String(raw).trim();
      let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s);
      if (m) return { value: `${m[1]}-${m[2]}-${m[3]}` };
      m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
      if (m) return { value: `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` };
      return { problem: `not a date (YYYY-MM-DD or DD/MM/YYYY): '${shown}'` };
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
  let done = 0;
  return (start: number, end: number): RowOutcome[] => {
    if (start !== done) throw new Error(`rows must be prepared in order: expected ${done}, got ${start}`);
    const out: RowOutcome[] = [];
    const stop = Math.min(end, file.rows.length);
    for (let i = start; i < stop; i++) {
      const row = file.rows[i]!;
      const o = prepareRow(decl, byName, row, mapping, crs, file.geometryPerRow?.[i] ?? null);
      if (o.ok && o.key !== null) {
        const first = seen.get(o.key);
        if (first !== undefined) {
          out.push({
            ok: false,
            rowNumber: row.rowNumber,
            reasons: [{ column: cols.join(', '), field: decl.naturalKey.join(', '), message: `same ${decl.naturalKey.join(', ')} (${o.key}) as row ${first}` }],
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
    if ('problem' in v) reasons.push({ column: header, field: f.name, message: v.problem });
    else if (v.value !== undefined) props[f.name] = v.value;
  }
  let geometry: GeoJSON.Geometry | null = null;
  const g = geometryFromRow(row, mapping.geometry, { ...(crs ? { crs } : {}), fileGeometry });
  if (g.ok) geometry = g.geometry;
  else reasons.push({ ...(g.column !== undefined ? { column: g.column } : {}), field: 'geometry', message: g.problem });
  const clean = cleanProps(props);
  const failed = new Set(reasons.map((r) => r.field));
  for (const p of recordProblems(decl, { properties: clean, geometry: g.ok ? geometry : null })) {
    if (failed.has(p.field)) continue;
    const column = p.field === 'geometry' ? geometryColumn(mapping) : mapping.fields[p.field];
    reasons.push({ ...(column ? { column } : {}), field: p.field, message: describe(p.message, clean[p.field]) });
  }
  if (reasons.length) return { ok: false, rowNumber: row.rowNumber, reasons };
  return { ok: true, rowNumber: row.rowNumber, props: clean, geometry, key: naturalKey(decl, clean) };
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
