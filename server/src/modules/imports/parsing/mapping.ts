import { crsInfo } from './crs.ts';
import { parseNumber } from './numbers.ts';
import { foldText, tokens } from './text.ts';

/** The part of a dataset field declaration that column matching needs. */
export interface FieldDeclaration {
  name: string;
  titleVi?: string;
  titleEn?: string;
  aliases?: string[];
}

export type MatchKind = 'exact' | 'alias' | 'contains' | 'tokens';

export interface ColumnSuggestion {
  header: string;
  field: string;
  /** 0–1: 1 exact title/name, 0.95 exact alias, 0.9 same letters without spaces, lower for partial matches. */
  confidence: number;
  match: MatchKind;
}

export type GeometrySuggestion =
  | {
      kind: 'coordinates';
      /** Column holding longitude or easting. */
      eastColumn: string;
      /** Column holding latitude or northing. */
      northColumn: string;
      /** 'survey': VN-2000 table where X is northing and Y is easting. */
      axisOrder: 'lonlat' | 'gis' | 'survey';
      confidence: number;
      note?: string;
    }
  | { kind: 'wkt'; column: string; confidence: number };

export interface MappingSuggestion {
  columns: ColumnSuggestion[];
  /** Headers matched to nothing (neither a field nor geometry). */
  unmapped: string[];
  geometry: GeometrySuggestion | null;
}

export interface SuggestOptions {
  /** The CRS the user chose or the file declares. VN-2000 makes X northing and Y easting. */
  crs?: string;
  /** A few rows' values, to tell survey X/Y (X ≈ 1 186 000) from GIS X/Y and degrees. */
  sampleRows?: Record<string, unknown>[];
  /** Below this a match is not suggested. Default 0.45. */
  minConfidence?: number;
}

const LON = /^(lon|lng|long|longitude|kinh do|kinhdo|kd)$/;
const LAT = /^(lat|latitude|vi do|vido|vd)$/;
const WKT = /^(wkt|geom|the geom|geometry|hinh hoc|shape|geometry wkt|wkt geometry|toa do wkt)$/;
const X = /^(toa do |coord )?x( m| vn ?2000)*$/;
const Y = /^(toa do |coord )?y( m| vn ?2000)*$/;
const EASTING = /^(easting|e|e m|dong|hoanh do)$/;
const NORTHING = /^(northing|n|n m|bac|tung do)$/;

/**
 * Suggests which header feeds which field, plus the geometry columns. Comparison is on
 * folded text (lower case, no diacritics, đ → d, punctuation collapsed), so "Tên doanh
 * nghiệp", "TEN DOANH NGHIEP" and "ten_doanh_nghiep" are the same. Each field and each
 * header is used at most once, best matches first.
 */
export function suggestMapping(headers: string[], fields: FieldDeclaration[], options: SuggestOptions = {}): MappingSuggestion {
  const minConfidence = options.minConfidence ?? 0.45;
  const geometry = suggestGeometry(headers, options);
  const geometryHeaders = new Set(
    geometry === null ? [] : geometry.kind === 'wkt' ? [geometry.column] : [geometry.eastColumn, geometry.northColumn],
  );
  const candidates: ColumnSuggestion[] = [];
  for (const header of headers) {
    for (const field of fields) {
      const m = scoreMatch(header, field);
      if (!m || m.confidence < minConfidence) continue;
      // A geometry column only goes to a field that names it exactly.
      if (geometryHeaders.has(header) && m.confidence < 1) continue;
      candidates.push({ header, field: field.name, ...m });
    }
  }
  candidates.sort((a, b) => b.confidence - a.confidence || headers.indexOf(a.header) - headers.indexOf(b.header));
  const usedHeaders = new Set<string>();
  const usedFields = new Set<string>();
  const columns: ColumnSuggestion[] = [];
  for (const c of candidates) {
    if (usedHeaders.has(c.header) || usedFields.has(c.field)) continue;
    usedHeaders.add(c.header);
    usedFields.add(c.field);
    columns.push(c);
  }
  columns.sort((a, b) => headers.indexOf(a.header) - headers.indexOf(b.header));
  const unmapped = headers.filter((h) => !usedHeaders.has(h) && !geometryHeaders.has(h));
  return { columns, unmapped, geometry };
}

/** How well one header matches one field, or null. */
export function scoreMatch(header: string, field: FieldDeclaration): { confidence: number; match: MatchKind } | null {
  const h = foldText(header);
  if (!h) return null;
  const titles = [field.name.replace(/([a-z])([A-Z])/g, '$1 $2'), field.titleVi, field.titleEn]
    .filter((t): t is string => !!t)
    .map(foldText)
    .filter(Boolean);
  const aliases = (field.aliases ?? []).map(foldText).filter(Boolean);
  if (titles.includes(h)) return { confidence: 1, match: 'exact' };
  if (aliases.includes(h)) return { confidence: 0.95, match: 'alias' };
  const compact = h.replace(/ /g, '');
  if ([...titles, ...aliases].some((t) => t.replace(/ /g, '') === compact)) return { confidence: 0.9, match: 'exact' };

  let best: { confidence: number; match: MatchKind } | null = null;
  const consider = (confidence: number, match: MatchKind) => {
    if (!best || confidence > best.confidence) best = { confidence: round(confidence), match };
  };
  for (const t of [...titles, ...aliases]) {
    const [shorter, longer] = t.length <= h.length ? [t, h] : [h, t];
    if (shorter.length >= 3 && ` ${longer} `.includes(` ${shorter} `)) {
      consider(0.55 + 0.3 * (shorter.length / longer.length), 'contains');
    }
    const a = new Set(tokens(t));
    const b = new Set(tokens(h));
    const common = [...a].filter((x) => b.has(x)).length;
    const union = new Set([...a, ...b]).size;
    if (common > 0 && union > 0) consider(0.7 * (common / union), 'tokens');
  }
  return best;
}

/**
 * Finds geometry columns: a WKT column, or a pair of coordinate columns (lon/lat,
 * kinh độ/vĩ độ, easting/northing, X/Y). For X/Y the meaning depends on the CRS: in
 * VN-2000 survey tables X is the northing and Y the easting; with a geographic CRS X is
 * longitude. Without a CRS the sample values decide (X ≈ 1 100 000–2 600 000 m and
 * Y ≈ 200 000–800 000 m is the VN-2000 survey order).
 */
export function suggestGeometry(headers: string[], options: SuggestOptions = {}): GeometrySuggestion | null {
  const folded = headers.map((h) => ({ header: h, f: foldText(h) }));
  const find = (re: RegExp) => folded.find((x) => re.test(x.f))?.header;
  const lon = find(LON) ?? folded.find((x) => /\b(kinh do|longitude)\b/.test(x.f))?.header;
  const lat = find(LAT) ?? folded.find((x) => /\b(vi do|latitude)\b/.test(x.f))?.header;
  if (lon && lat) return { kind: 'coordinates', eastColumn: lon, northColumn: lat, axisOrder: 'lonlat', confidence: 0.95 };
  const easting = find(EASTING);
  const northing = find(NORTHING);
  if (easting && northing) return { kind: 'coordinates', eastColumn: easting, northColumn: northing, axisOrder: 'gis', confidence: 0.9 };
  const x = find(X);
  const y = find(Y);
  if (x && y) return xyOrder(x, y, options);
  const wkt = find(WKT);
  if (wkt) return { kind: 'wkt', column: wkt, confidence: 0.9 };
  return null;
}

function xyOrder(x: string, y: string, options: SuggestOptions): GeometrySuggestion {
  const survey = { kind: 'coordinates' as const, eastColumn: y, northColumn: x, axisOrder: 'survey' as const };
  const gis = { kind: 'coordinates' as const, eastColumn: x, northColumn: y };
  if (options.crs) {
    const info = crsInfo(options.crs);
    if (info.vn2000 && info.projected) {
      return { ...survey, confidence: 0.9, note: `${info.name}: X is the northing and Y the easting (Vietnamese survey convention)` };
    }
    return { ...gis, axisOrder: info.projected ? 'gis' : 'lonlat', confidence: 0.85 };
  }
  const median = (column: string) => {
    const values = (options.sampleRows ?? []).map((r) => parseNumber(r[column])).filter((n): n is number => n !== null);
    values.sort((a, b) => a - b);
    return values.length ? (values[Math.floor(values.length / 2)] as number) : null;
  };
  const mx = median(x);
  const my = median(y);
  const isNorthing = (v: number) => v >= 1_000_000 && v <= 2_700_000;
  const isEasting = (v: number) => v >= 100_000 && v <= 900_000;
  if (mx !== null && my !== null && isNorthing(mx) && isEasting(my)) {
    return { ...survey, confidence: 0.8, note: 'values look like VN-2000 survey coordinates: X is the northing and Y the easting' };
  }
  if (mx !== null && my !== null && isEasting(mx) && isNorthing(my)) {
    return { ...gis, axisOrder: 'gis', confidence: 0.7, note: 'values look like projected metres with X as the easting' };
  }
  return { ...gis, axisOrder: 'lonlat', confidence: 0.6 };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
