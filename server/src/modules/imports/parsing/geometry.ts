import type { Geometry, Position } from 'geojson';
import { crsInfo, mapPositions, normaliseCrs, transformGeometry, WGS84 } from './crs.ts';
import { locate } from './errors.ts';
import { parseNumber } from './numbers.ts';
import { isEmptyCell } from './table.ts';
import type { ParsedFile, ParsedRow } from './types.ts';
import { parseWkt } from './wkt.ts';

export type GeometrySource =
  | { kind: 'coordinates'; eastColumn: string; northColumn: string }
  | { kind: 'wkt'; column: string }
  | { kind: 'file' }
  | { kind: 'none' };

/** A row's geometry in WGS 84 (null when the row has none), or why it has none. */
export type RowGeometry =
  | { ok: true; geometry: Geometry | null }
  | {
      ok: false;
      row: number;
      column?: string;
      /** English, for logs and the rejected-rows file; `code` and `params` let the client word it. */
      problem: string;
      message: string;
      code: GeometryProblemCode;
      params: Record<string, string | number>;
      swapped?: Geometry;
    };

/** Why a row's position could not be read (worded by the client: imports.reasons.<code>). */
export type GeometryProblemCode =
  | 'crs_unknown'
  | 'wkt_not_text'
  | 'wkt_srid_unsupported'
  | 'wkt_invalid'
  | 'coordinate_empty'
  | 'coordinate_not_number'
  | 'latitude_swapped'
  | 'longitude_out_of_range'
  | 'latitude_out_of_range'
  | 'degrees_not_metres'
  | 'transform_failed'
  | 'outside_earth'
  | 'outside_vietnam';

type Fail = (code: GeometryProblemCode, params: Record<string, string | number>, problem: string, column?: string) => RowGeometry;

export interface GeometryOptions {
  /** CRS of the coordinates/WKT (default EPSG:4326). An EWKT SRID or file CRS overrides it. */
  crs?: string;
  /** For kind 'file': the file's geometry for this row. */
  fileGeometry?: Geometry | null;
}

/**
 * Builds one row's geometry and transforms it to WGS 84. Never throws for bad data:
 * returns { ok: false } with a message naming row and column ("row 17, column 'Vĩ độ':
 * not a number: '10,72,9'"), so the caller can keep the row with its reasons.
 */
export function geometryFromRow(row: ParsedRow, source: GeometrySource, options: GeometryOptions = {}): RowGeometry {
  const fail: Fail = (code, params, problem, column) => ({
    ok: false,
    row: row.rowNumber,
    ...(column !== undefined ? { column } : {}),
    problem,
    message: locate({ row: row.rowNumber, column }) + problem,
    code,
    params,
  });
  let crs: string;
  try {
    crs = crsInfo(options.crs ?? WGS84).code;
  } catch (error) {
    return fail('crs_unknown', { crs: options.crs ?? '' }, (error as Error).message);
  }
  switch (source.kind) {
    case 'none':
      return { ok: true, geometry: null };
    case 'file': {
      if (!options.fileGeometry) return { ok: true, geometry: null };
      return finish(options.fileGeometry, crs, fail);
    }
    case 'wkt': {
      const raw = row.values[source.column];
      if (isEmptyCell(raw)) return { ok: true, geometry: null };
      if (typeof raw !== 'string') return fail('wkt_not_text', {}, 'not WKT text', source.column);
      try {
        const parsed = parseWkt(raw);
        const wktCrs = parsed.crs ? normaliseCrs(parsed.crs) : crs;
        if (!wktCrs) return fail('wkt_srid_unsupported', { srid: String(parsed.crs) }, `unsupported SRID ${parsed.crs}`, source.column);
        return finish(parsed.geometry, wktCrs, fail, source.column);
      } catch (error) {
        return fail('wkt_invalid', { detail: (error as Error).message }, (error as Error).message, source.column);
      }
    }
    case 'coordinates': {
      const rawE = row.values[source.eastColumn];
      const rawN = row.values[source.northColumn];
      if (isEmptyCell(rawE) && isEmptyCell(rawN)) return { ok: true, geometry: null };
      const e = parseNumber(rawE);
      if (e === null) return isEmptyCell(rawE) ? fail('coordinate_empty', {}, 'empty', source.eastColumn) : fail('coordinate_not_number', { value: String(rawE) }, `not a number: '${String(rawE)}'`, source.eastColumn);
      const n = parseNumber(rawN);
      if (n === null) return isEmptyCell(rawN) ? fail('coordinate_empty', {}, 'empty', source.northColumn) : fail('coordinate_not_number', { value: String(rawN) }, `not a number: '${String(rawN)}'`, source.northColumn);
      const info = crsInfo(crs);
      if (!info.projected) {
        if (Math.abs(n) > 90 && Math.abs(e) <= 90) {
          // The position with longitude and latitude swapped: the importer keeps it when the
          // ward the row names confirms it (issue 15), else the row is rejected with this reason.
          const r = fail('latitude_swapped', { value: n }, `latitude ${n} is out of range (are longitude and latitude swapped?)`, source.northColumn);
          return Math.abs(n) <= 180 && !r.ok ? { ...r, swapped: { type: 'Point', coordinates: [n, e] } } : r;
        }
        if (Math.abs(e) > 180) return fail('longitude_out_of_range', { value: e }, `longitude ${e} is out of range`, source.eastColumn);
        if (Math.abs(n) > 90) return fail('latitude_out_of_range', { value: n }, `latitude ${n} is out of range`, source.northColumn);
      } else if (Math.abs(e) <= 360 && Math.abs(n) <= 360) {
        return fail('degrees_not_metres', { crs: info.name }, `${e}, ${n} look like degrees but ${info.name} coordinates are metres`, source.eastColumn);
      }
      const r = finish({ type: 'Point', coordinates: [e, n] }, crs, fail, source.eastColumn);
      if (!r.ok && info.vn2000) {
        // Surveyors write X for the northing and Y for the easting, so VN-2000 columns are often
        // taken the wrong way round: the swapped position is offered, and kept only when the
        // ward the row names confirms it (as for swapped longitude and latitude above).
        const swappedBack = finish({ type: 'Point', coordinates: [n, e] }, crs, fail, source.eastColumn);
        if (swappedBack.ok && swappedBack.geometry) return { ...r, swapped: swappedBack.geometry };
      }
      return r;
    }
  }
}

/** Every row's geometry for a parsed file (same order as file.rows). */
export function geometriesFromFile(file: ParsedFile, source: GeometrySource, options: { crs?: string } = {}): RowGeometry[] {
  const crs = options.crs ?? (source.kind === 'file' ? file.fileCrs : undefined);
  return file.rows.map((row, i) =>
    geometryFromRow(row, source, { ...(crs ? { crs } : {}), fileGeometry: file.geometryPerRow?.[i] ?? null }),
  );
}

function finish(geometry: Geometry, crs: string, fail: Fail, column?: string): RowGeometry {
  let out: Geometry;
  try {
    out = transformGeometry(geometry, crs);
  } catch (error) {
    return fail('transform_failed', { crs }, `cannot transform from ${crs}: ${(error as Error).message}`, column);
  }
  let problem: { code: GeometryProblemCode; params: Record<string, string | number>; text: string } | null = null;
  const info = crsInfo(crs);
  mapPositions(out, (p: Position) => {
    const [lon, lat] = p as [number, number];
    if (problem) return p;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      problem = { code: 'outside_earth', params: { crs: info.name }, text: `coordinates fall outside the Earth after transforming from ${info.name}` };
    } else if (
      info.vn2000 &&
      (lon < 100 || lon > 118 || lat < 4 || lat > 25 ||
        (info.centralMeridian !== undefined && Math.abs(lon - info.centralMeridian) > 3))
    ) {
      // VN-2000 covers Vietnam only, and a 3° zone's points lie within ±1.5° of its meridian
      // (±3° allowed): a point far outside usually means swapped X/Y or the wrong zone.
      problem = {
        code: 'outside_vietnam',
        params: { lon: lon.toFixed(4), lat: lat.toFixed(4), crs: info.name },
        text: `the point lands at ${lon.toFixed(4)}, ${lat.toFixed(4)}, outside Vietnam: check the ${info.name} zone and the X/Y order`,
      };
    }
    return p;
  });
  const found = problem as { code: GeometryProblemCode; params: Record<string, string | number>; text: string } | null;
  return found ? fail(found.code, found.params, found.text, column) : { ok: true, geometry: out };
}
