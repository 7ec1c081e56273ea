// Checks a record against its dataset declaration, and derives what is stored beside the
// properties: the natural key and the normalised search text. Pure functions, no I/O.
import { isValidDate, type DatasetDecl, type FieldDecl } from './declarations.ts';

export type Props = Record<string, unknown>;

export interface FieldProblem {
  field: string;
  message: string;
}

export interface RecordInput {
  properties: Props;
  geometry?: GeoJSON.Geometry | null | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 .-]{6,18}[0-9]$/;
const URL_RE = /^https?:\/\/\S+$/;

/** Lower-case, without Vietnamese diacritics (đ → d), whitespace collapsed. */
export function normaliseText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The problem with one value of a field, or null. `v` is not empty. */
export function fieldValueProblem(f: FieldDecl, v: unknown): string | null {
  switch (f.type) {
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a number`;
      if (f.type === 'integer' && !Number.isInteger(v)) return `must be a whole number`;
      if (f.min !== undefined && v < f.min) return `must be at least ${f.min}${f.unit ? ` ${f.unit}` : ''}`;
      if (f.max !== undefined && v > f.max) return `must be at most ${f.max}${f.unit ? ` ${f.unit}` : ''}`;
      return null;
    }
    case 'boolean':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'date':
      if (typeof v !== 'string' || !isValidDate(v)) return 'must be a date YYYY-MM-DD';
      if (f.minDate && v < f.minDate) return `must be on or after ${f.minDate}`;
      if (f.maxDate && v > f.maxDate) return `must be on or before ${f.maxDate}`;
      return null;
    case 'enum':
      if (typeof v !== 'string' || !f.values?.includes(v)) return `must be one of: ${(f.values ?? []).join(', ')}`;
      return null;
    default: {
      if (typeof v !== 'string') return 'must be text';
      if (f.maxLength !== undefined && v.length > f.maxLength) return `must be at most ${f.maxLength} characters`;
      if (f.type === 'email' && !EMAIL.test(v)) return 'must be an e-mail address';
      if (f.type === 'phone' && !PHONE.test(v)) return 'must be a phone number';
      if (f.type === 'url' && !URL_RE.test(v)) return 'must be an http(s) URL';
      if (f.pattern !== undefined && !new RegExp(`^(?:${f.pattern})$`, 'u').test(v)) return `does not match the pattern ${f.pattern}`;
      return null;
    }
  }
}

const GEOMETRY_KINDS: Record<DatasetDecl['geometryType'], string[]> = {
  point: ['Point', 'MultiPoint'],
  line: ['LineString', 'MultiLineString'],
  polygon: ['Polygon', 'MultiPolygon'],
  none: [],
};

function positionsOk(c: unknown, depth: number): boolean {
  if (!Array.isArray(c)) return false;
  if (depth === 0) {
    return c.length >= 2 && c.length <= 3 && c.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
      Math.abs(c[0] as number) <= 180 && Math.abs(c[1] as number) <= 90;
  }
  return c.length > 0 && c.every((x) => positionsOk(x, depth - 1));
}

export function geometryProblem(decl: DatasetDecl, g: unknown): string | null {
  if (g === undefined || g === null) return null;
  if (decl.geometryType === 'none') return 'this dataset has no geometry';
  const kinds = GEOMETRY_KINDS[decl.geometryType];
  const geom = g as { type?: unknown; coordinates?: unknown };
  if (typeof geom !== 'object' || typeof geom.type !== 'string' || !kinds.includes(geom.type)) {
    return `must be a GeoJSON ${kinds.join(' or ')}`;
  }
  const depth = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 }[geom.type] ?? 0;
  if (!positionsOk(geom.coordinates, depth)) return 'has invalid coordinates (longitude, latitude in WGS 84 degrees)';
  if (geom.type === 'LineString' && (geom.coordinates as unknown[]).length < 2) return 'a line needs at least two positions';
  if (geom.type === 'Polygon' && (geom.coordinates as unknown[][]).some((r) => r.length < 4)) return 'a polygon ring needs at least four positions';
  return null;
}

/** Every problem of a full record (properties after defaults and merge). Empty: valid. */
export function recordProblems(decl: DatasetDecl, input: RecordInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byName = new Map(decl.fields.map((f) => [f.name, f]));
  if (typeof input.properties !== 'object' || input.properties === null || Array.isArray(input.properties)) {
    return [{ field: 'properties', message: 'must be an object' }];
  }
  for (const k of Object.keys(input.properties)) {
    if (!byName.has(k)) problems.push({ field: k, message: `is not a field of dataset ${decl.id}` });
  }
  for (const f of decl.fields) {
    const v = input.properties[f.name];
    if (isEmpty(v)) {
      if (f.required) problems.push({ field: f.name, message: 'is required' });
      continue;
    }
    const p = fieldValueProblem(f, v);
    if (p) problems.push({ field: f.name, message: p });
  }
  const g = geometryProblem(decl, input.geometry);
  if (g) problems.push({ field: 'geometry', message: g });
  return problems;
}

/** Drops empty values, so a stored record never holds "" or null. */
export function cleanProps(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => !isEmpty(v)));
}

/** The natural key of a record ("|"-joined values), or null when the dataset declares none. */
export function naturalKey(decl: DatasetDecl, props: Props): string | null {
  if (!decl.naturalKey.length) return null;
  return decl.naturalKey.map((k) => String(props[k] ?? '').trim()).join('|');
}

/** What `q` searches: the natural key and every non-personal text value, normalised. */
export function searchText(decl: DatasetDecl, props: Props): string {
  const parts: string[] = [];
  for (const f of decl.fields) {
    if (f.personal) continue;
    const v = props[f.name];
    if (typeof v === 'string' && v) parts.push(v);
  }
  return normaliseText(parts.join(' '));
}

/** Words of a search query, normalised like the stored search text. */
export function searchTerms(q: string): string[] {
  return normaliseText(q)
    .split(' ')
    .filter(Boolean)
    .slice(0, 8);
}

/** A query-string value for a field filter, turned into the text stored in props (->>). */
export function filterValue(f: FieldDecl, raw: string): { value: string } | { problem: string } {
  switch (f.type) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return { problem: `f.${f.name} must be a number` };
      return { value: String(n) };
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') return { problem: `f.${f.name} must be true or false` };
      return { value: raw };
    case 'date':
      if (!isValidDate(raw)) return { problem: `f.${f.name} must be a date YYYY-MM-DD` };
      return { value: raw };
    default:
      return { value: raw };
  }
}
