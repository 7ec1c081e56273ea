// Checks a record against its dataset declaration, and derives what is stored beside the
// properties: the natural key and the normalised search text. Pure functions, no I/O.
import type { FieldProblem, FieldProblemCode } from '../../../../shared/contracts/datasets.ts';
import { isValidDate, type DatasetDecl, type FieldDecl } from './declarations.ts';

export type Props = Record<string, unknown>;

export type { FieldProblem, FieldProblemCode };

type Coded = { code: FieldProblemCode; params?: Record<string, string | number> };

/** The English wording of a problem (logs, scripts, import reports); clients word the code themselves. */
export function problemText(p: Coded): string {
  const q = p.params ?? {};
  const unit = q.unit ? ` ${q.unit}` : '';
  switch (p.code) {
    case 'required': return 'is required';
    case 'unknown_field': return `is not a field of dataset ${q.dataset}`;
    case 'not_object': return 'must be an object';
    case 'not_number': return 'must be a number';
    case 'not_integer': return 'must be a whole number';
    case 'below_min': return `must be at least ${q.min}${unit}`;
    case 'above_max': return `must be at most ${q.max}${unit}`;
    case 'not_boolean': return 'must be true or false';
    case 'not_date': return 'must be a date YYYY-MM-DD';
    case 'before_min_date': return `must be on or after ${q.minDate}`;
    case 'after_max_date': return `must be on or before ${q.maxDate}`;
    case 'not_allowed_value': return `must be one of: ${q.values}`;
    case 'not_text': return 'must be text';
    case 'too_long': return `must be at most ${q.maxLength} characters`;
    case 'not_email': return 'must be an e-mail address';
    case 'not_phone': return 'must be a phone number';
    case 'not_url': return 'must be an http(s) URL';
    case 'pattern_mismatch': return `does not match the pattern ${q.pattern}`;
    case 'no_geometry': return 'this dataset has no geometry';
    case 'wrong_geometry_type': return `must be a GeoJSON ${q.kinds}`;
    case 'invalid_coordinates': return 'has invalid coordinates (longitude, latitude in WGS 84 degrees)';
    case 'line_too_short': return 'a line needs at least two positions';
    case 'ring_too_short': return 'a polygon ring needs at least four positions';
    case 'outside_territory': return q.swapInside ? "is outside the installation's territory (with longitude and latitude swapped it would be inside)" : "is outside the installation's territory";
    case 'missing_geometry': return 'is required: this dataset needs a location';
  }
}

const problem = (field: string, c: Coded): FieldProblem => ({ field, ...c, message: problemText(c) });

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
export function valueProblem(f: FieldDecl, v: unknown): Coded | null {
  const unit: Record<string, string> = f.unit ? { unit: f.unit } : {};
  switch (f.type) {
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return { code: 'not_number' };
      if (f.type === 'integer' && !Number.isInteger(v)) return { code: 'not_integer' };
      if (f.min !== undefined && v < f.min) return { code: 'below_min', params: { min: f.min, ...unit } };
      if (f.max !== undefined && v > f.max) return { code: 'above_max', params: { max: f.max, ...unit } };
      return null;
    }
    case 'boolean':
      return typeof v === 'boolean' ? null : { code: 'not_boolean' };
    case 'date':
      if (typeof v !== 'string' || !isValidDate(v)) return { code: 'not_date' };
      if (f.minDate && v < f.minDate) return { code: 'before_min_date', params: { minDate: f.minDate } };
      if (f.maxDate && v > f.maxDate) return { code: 'after_max_date', params: { maxDate: f.maxDate } };
      return null;
    case 'enum':
      if (typeof v !== 'string' || !f.values?.includes(v)) return { code: 'not_allowed_value', params: { values: (f.values ?? []).join(', ') } };
      return null;
    default: {
      if (typeof v !== 'string') return { code: 'not_text' };
      if (f.maxLength !== undefined && v.length > f.maxLength) return { code: 'too_long', params: { maxLength: f.maxLength } };
      if (f.type === 'email' && !EMAIL.test(v)) return { code: 'not_email' };
      if (f.type === 'phone' && !PHONE.test(v)) return { code: 'not_phone' };
      if (f.type === 'url' && !URL_RE.test(v)) return { code: 'not_url' };
      if (f.pattern !== undefined && !new RegExp(`^(?:${f.pattern})$`, 'u').test(v)) return { code: 'pattern_mismatch', params: { pattern: f.pattern } };
      return null;
    }
  }
}

/** The English text of `valueProblem` (import reports), or null. */
export function fieldValueProblem(f: FieldDecl, v: unknown): string | null {
  const p = valueProblem(f, v);
  return p ? problemText(p) : null;
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

export function geometryProblem(decl: DatasetDecl, g: unknown): Coded | null {
  if (g === undefined || g === null) return null;
  if (decl.geometryType === 'none') return { code: 'no_geometry' };
  const kinds = GEOMETRY_KINDS[decl.geometryType];
  const geom = g as { type?: unknown; coordinates?: unknown };
  if (typeof geom !== 'object' || typeof geom.type !== 'string' || !kinds.includes(geom.type)) {
    return { code: 'wrong_geometry_type', params: { kinds: kinds.join(' or ') } };
  }
  const depth = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 }[geom.type] ?? 0;
  if (!positionsOk(geom.coordinates, depth)) return { code: 'invalid_coordinates' };
  if (geom.type === 'LineString' && (geom.coordinates as unknown[]).length < 2) return { code: 'line_too_short' };
  if (geom.type === 'Polygon' && (geom.coordinates as unknown[][]).some((r) => r.length < 4)) return { code: 'ring_too_short' };
  return null;
}

/** Every problem of a full record (properties after defaults and merge). Empty: valid. */
export function recordProblems(decl: DatasetDecl, input: RecordInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byName = new Map(decl.fields.map((f) => [f.name, f]));
  if (typeof input.properties !== 'object' || input.properties === null || Array.isArray(input.properties)) {
    return [problem('properties', { code: 'not_object' })];
  }
  for (const k of Object.keys(input.properties)) {
    if (!byName.has(k)) problems.push(problem(k, { code: 'unknown_field', params: { dataset: decl.id } }));
  }
  for (const f of decl.fields) {
    const v = input.properties[f.name];
    if (isEmpty(v)) {
      if (f.required) problems.push(problem(f.name, { code: 'required' }));
      continue;
    }
    const p = valueProblem(f, v);
    if (p) problems.push(problem(f.name, p));
  }
  const g = geometryProblem(decl, input.geometry);
  if (g) problems.push(problem('geometry', g));
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
