import type { Feature, Geometry } from 'geojson';
import { normaliseCrs } from './crs.ts';
import { decodeText } from './encoding.ts';
import { ImportFileError } from './errors.ts';
import { DEFAULT_MAX_ROWS, type ImportFormat, type ParsedFile, type ParsedRow, type ReadOptions } from './types.ts';
import { storableText } from './text.ts';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/**
 * GeoJSON (FeatureCollection, Feature or bare geometry) → one row per feature (its
 * properties) and its geometry. RFC 7946 GeoJSON is WGS 84 lon/lat; an old-style
 * (2008) "crs" member, as QGIS still writes for other systems, is reported as fileCrs.
 */
export function readGeoJson(bytes: Uint8Array, options: ReadOptions = {}): ParsedFile {
  const { text } = decodeText(bytes);
  if (text.trim() === '') throw new ImportFileError('empty', 'the file is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const m = /position (\d+)/.exec((error as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new ImportFileError('malformed', `the file is not valid JSON (${(error as Error).message})`, line ? { row: line } : {});
  }
  const features = toFeatures(doc);
  const parsed = featuresToFile(features, 'geojson', options.maxRows ?? DEFAULT_MAX_ROWS);
  const crsName = (doc as { crs?: { properties?: { name?: unknown } } }).crs?.properties?.name;
  if (typeof crsName === 'string') parsed.fileCrs = normaliseCrs(crsName) ?? crsName;
  return parsed;
}

function toFeatures(doc: unknown): Feature<Geometry | null>[] {
  const obj = doc as { type?: unknown; features?: unknown };
  if (obj && obj.type === 'FeatureCollection') {
    if (!Array.isArray(obj.features)) throw new ImportFileError('malformed', 'the FeatureCollection has no "features" array');
    return obj.features.map((f, i) => {
      const feature = f as { type?: unknown };
      if (!feature || feature.type !== 'Feature') throw new ImportFileError('malformed', 'not a GeoJSON Feature', { row: i + 1 });
      return f as Feature<Geometry | null>;
    });
  }
  if (obj && obj.type === 'Feature') return [doc as Feature<Geometry | null>];
  if (obj && typeof obj.type === 'string' && GEOMETRY_TYPES.has(obj.type)) {
    return [{ type: 'Feature', properties: {}, geometry: doc as Geometry }];
  }
  throw new ImportFileError('malformed', 'the JSON is not GeoJSON (expected a FeatureCollection, Feature or geometry)');
}

/** Shared by GeoJSON and Shapefile: features → headers (union of property names) + rows. */
export function featuresToFile(features: Feature<Geometry | null>[], format: ImportFormat, maxRows: number): ParsedFile {
  if (features.length === 0) throw new ImportFileError('empty', 'the file has no features');
  if (features.length > maxRows) throw new ImportFileError('too_many_rows', `the file has ${features.length} features; the limit is ${maxRows}`);
  const headers: string[] = [];
  const seen = new Set<string>();
  const rows: ParsedRow[] = [];
  const geometryPerRow: (Geometry | null)[] = [];
  features.forEach((feature, i) => {
    const properties = (feature.properties ?? {}) as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(properties)) {
      const name = key.normalize('NFC');
      if (!seen.has(name)) {
        seen.add(name);
        headers.push(name);
      }
      values[name] = typeof value === 'string' ? (value.trim() === '' ? null : storableText(value.normalize('NFC'))) : (value ?? null);
    }
    rows.push({ rowNumber: i + 1, values });
    const geometry = feature.geometry ?? null;
    if (geometry !== null) checkGeometry(geometry, i + 1);
    geometryPerRow.push(geometry);
  });
  for (const row of rows) for (const h of headers) if (!(h in row.values)) row.values[h] = null;
  return { format, headerRow: 0, headers, rows, geometryPerRow };
}

function checkGeometry(g: Geometry, row: number): void {
  const bad = (why: string) => new ImportFileError('malformed', `invalid ${g.type ?? 'geometry'}: ${why}`, { row });
  const position = (p: unknown) => {
    if (!Array.isArray(p) || p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw bad(`${JSON.stringify(p)} is not a coordinate pair`);
    }
  };
  const list = (a: unknown, depth: number) => {
    if (!Array.isArray(a)) throw bad('coordinates must be an array');
    if (depth === 0) position(a);
    else a.forEach((x) => list(x, depth - 1));
  };
  switch (g.type) {
    case 'Point':
      return list(g.coordinates, 0);
    case 'MultiPoint':
    case 'LineString':
      return list(g.coordinates, 1);
    case 'MultiLineString':
    case 'Polygon':
      return list(g.coordinates, 2);
    case 'MultiPolygon':
      return list(g.coordinates, 3);
    case 'GeometryCollection':
      if (!Array.isArray(g.geometries)) throw bad('"geometries" must be an array');
      return g.geometries.forEach((x) => checkGeometry(x, row));
    default:
      throw bad(`unknown geometry type ${JSON.stringify((g as { type?: unknown }).type)}`);
  }
}
