import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import { ImportFileError } from './errors.ts';

/*
 * Coordinate reference systems an import may come in, with proj4 definitions.
 *
 * VN-2000 (EPSG:4756) uses the WGS 84 ellipsoid; its projected zones are Transverse
 * Mercator with k = 0.9999, false easting 500 000 m (3° "TM-3" zones, EPSG:9205–9218,
 * central meridians from the EPSG registry, checked with `projinfo EPSG:92xx` from
 * PROJ 9.1.1 and https://proj-forge.com/EPSG-9208.html). Ho Chi Minh City is
 * EPSG:9210 "VN-2000 / TM-3 105-45": lon_0 = 105.75 (105°45′).
 *
 * Datum shift: EPSG:6960 "VN-2000 to WGS 84 (2)" (Department of Survey and Mapping),
 * method Coordinate Frame rotation, parameters (PROJ 9.1.1 database, `projinfo -s
 * EPSG:9210 -t EPSG:4326`): tx = -191.90441429 m, ty = -39.30318279 m,
 * tz = -111.45032835 m, rx = -0.00928836″, ry = +0.01975479″, rz = -0.00427372″,
 * ds = +0.252906278 ppm.
 *
 * proj4's +towgs84 uses the Position Vector convention, so the rotations change sign:
 * +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278
 * This is exactly what `projinfo EPSG:9210 -o PROJ` prints and what PostGIS 3.3 ships in
 * spatial_ref_sys for srid 4756. Beware: the WKT1 TOWGS84 on epsg.io
 * (https://epsg.io/4756) copies the coordinate-frame signs unchanged
 * (-0.00928836,0.01975479,-0.00427372); used with proj4 that places District 7 points
 * about 0.55 m off. The unit test pins the result against PROJ's own EPSG:6960 pipeline.
 *
 * Also beware: PROJ/PostGIS `ST_Transform(…, 9210 → 4326)` without an explicit pipeline
 * picks EPSG:5194 "VN-2000 to WGS 84 (1)" (Mekong delta) for HCMC points, ~0.8 m away
 * from EPSG:6960. Transform in application code (here) rather than relying on that.
 */
const VN2000_TOWGS84 =
  '+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278';

const vn2000Tm3 = (lon0: number) =>
  `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 ${VN2000_TOWGS84} +units=m +no_defs`;

export interface CrsInfo {
  code: string;
  name: string;
  /** true when coordinates are metres (easting, northing); false for degrees (lon, lat). */
  projected: boolean;
  /** VN-2000: survey tables label northing X and easting Y. */
  vn2000: boolean;
  /** Transverse Mercator zones: the central meridian in degrees. */
  centralMeridian?: number;
  proj4: string;
}

const TM3_ZONES: [number, number, string][] = [
  [9205, 103, '103-00'],
  [9206, 104, '104-00'],
  [9207, 104.5, '104-30'],
  [9208, 104.75, '104-45'],
  [9209, 105.5, '105-30'],
  [9210, 105.75, '105-45'],
  [9211, 106, '106-00'],
  [9212, 106.25, '106-15'],
  [9213, 106.5, '106-30'],
  [9214, 107, '107-00'],
  [9215, 107.25, '107-15'],
  [9216, 107.5, '107-30'],
  [9217, 108.25, '108-15'],
  [9218, 108.5, '108-30'],
];

const CATALOGUE: CrsInfo[] = [
  { code: 'EPSG:4326', name: 'WGS 84', projected: false, vn2000: false, proj4: '+proj=longlat +datum=WGS84 +no_defs' },
  { code: 'EPSG:4756', name: 'VN-2000', projected: false, vn2000: true, proj4: `+proj=longlat +ellps=WGS84 ${VN2000_TOWGS84} +no_defs` },
  ...TM3_ZONES.map(([code, lon0, label]) => ({
    code: `EPSG:${code}`,
    name: `VN-2000 / TM-3 ${label}`,
    projected: true,
    vn2000: true,
    centralMeridian: lon0,
    proj4: vn2000Tm3(lon0),
  })),
  {
    code: 'EPSG:3405',
    name: 'VN-2000 / UTM zone 48N',
    projected: true,
    vn2000: true,
    proj4: `+proj=utm +zone=48 +ellps=WGS84 ${VN2000_TOWGS84} +units=m +no_defs`,
  },
  {
    code: 'EPSG:3406',
    name: 'VN-2000 / UTM zone 49N',
    projected: true,
    vn2000: true,
    proj4: `+proj=utm +zone=49 +ellps=WGS84 ${VN2000_TOWGS84} +units=m +no_defs`,
  },
  { code: 'EPSG:32648', name: 'WGS 84 / UTM zone 48N', projected: true, vn2000: false, proj4: '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs' },
  { code: 'EPSG:32649', name: 'WGS 84 / UTM zone 49N', projected: true, vn2000: false, proj4: '+proj=utm +zone=49 +datum=WGS84 +units=m +no_defs' },
  { code: 'EPSG:3857', name: 'WGS 84 / Pseudo-Mercator', projected: true, vn2000: false, proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs' },
];

const BY_CODE = new Map(CATALOGUE.map((c) => [c.code, c]));

export const WGS84 = 'EPSG:4326';
export const VN2000_HCMC = 'EPSG:9210';

export function supportedCrs(): readonly CrsInfo[] {
  return CATALOGUE;
}

/**
 * 'EPSG:9210', 'epsg:9210', '9210', 'urn:ogc:def:crs:EPSG::9210',
 * 'http://www.opengis.net/def/crs/EPSG/0/9210' → 'EPSG:9210'; 'CRS84' and the OGC URN/URI
 * for CRS84 → 'EPSG:4326' (both lon/lat order here). Returns null when unknown.
 */
export function normaliseCrs(input: string): string | null {
  const s = input.trim();
  if (/(^|[:/])CRS:?84$/i.test(s) || /^OGC:CRS84$/i.test(s)) return WGS84;
  const m = /^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/)?(\d{4,5})$/i.exec(s);
  if (!m) return null;
  const code = `EPSG:${m[1]}`;
  return BY_CODE.has(code) ? code : null;
}

export function crsInfo(crs: string): CrsInfo {
  const code = normaliseCrs(crs);
  const info = code ? BY_CODE.get(code) : undefined;
  if (!info) {
    const known = CATALOGUE.map((c) => c.code).join(', ');
    throw new ImportFileError('unsupported_crs', `unsupported coordinate system '${crs}'; supported: ${known}`);
  }
  return info;
}

const converters = new Map<string, proj4.Converter>();

function converter(crs: string): proj4.Converter {
  const info = crsInfo(crs);
  let c = converters.get(info.code);
  if (!c) {
    c = proj4(info.proj4, BY_CODE.get(WGS84)?.proj4 as string);
    converters.set(info.code, c);
  }
  return c;
}

/**
 * (x, y) in `crs` → [lon, lat] in WGS 84. x is easting (or longitude), y northing (or
 * latitude) — for VN-2000 survey tables that is column Y for x and column X for y.
 */
export function toWgs84(crs: string, x: number, y: number): [number, number] {
  const [lon, lat] = converter(crs).forward([x, y]) as [number, number];
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new RangeError(`(${x}, ${y}) cannot be transformed from ${crs}`);
  return [lon, lat];
}

/** [lon, lat] in WGS 84 → [x, y] (easting, northing) in `crs`. */
export function fromWgs84(crs: string, lon: number, lat: number): [number, number] {
  return converter(crs).inverse([lon, lat]) as [number, number];
}

/** Transforms every position of a geometry to WGS 84 (a new object; Z values are kept). */
export function transformGeometry(geometry: Geometry, crs: string): Geometry {
  const info = crsInfo(crs);
  if (info.code === WGS84) return geometry;
  const pos = (p: Position): Position => {
    const [x, y, ...rest] = p;
    return [...toWgs84(info.code, x as number, y as number), ...rest];
  };
  return mapPositions(geometry, pos);
}

export function mapPositions(geometry: Geometry, fn: (p: Position) => Position): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: fn(geometry.coordinates) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: geometry.coordinates.map(fn) };
    case 'LineString':
      return { type: 'LineString', coordinates: geometry.coordinates.map(fn) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: geometry.coordinates.map((l) => l.map(fn)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: geometry.coordinates.map((r) => r.map(fn)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map((r) => r.map(fn))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: geometry.geometries.map((g) => mapPositions(g, fn)) };
  }
}

/**
 * Recognises the CRS of a Shapefile .prj (ESRI or OGC WKT1). VN-2000 zones are matched
 * by datum name and central meridian, since GDAL/ArcGIS .prj files carry no TOWGS84 and
 * often no EPSG code. Returns null when the CRS is not one we support.
 */
export function crsFromPrj(prj: string): string | null {
  const text = prj.replace(/\s+/g, ' ');
  const authority = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/i.exec(text);
  if (authority && normaliseCrs(authority[1] as string)) return normaliseCrs(authority[1] as string);
  const isVn2000 = /VN[-_ ]?2000|Vietnam[_ ]2000/i.test(text);
  const projected = /^\s*PROJCS\[/i.test(text);
  const param = (name: string): number | null => {
    const m = new RegExp(`PARAMETER\\["${name}",\\s*(-?[\\d.]+)\\]`, 'i').exec(text);
    return m ? Number(m[1]) : null;
  };
  if (!projected) {
    if (isVn2000) return 'EPSG:4756';
    if (/WGS[_ ]?(19)?84/i.test(text) && /^\s*GEOGCS\[/i.test(text)) return WGS84;
    return null;
  }
  const lon0 = param('central_meridian');
  const k = param('scale_factor');
  const fe = param('false_easting');
  const fn = param('false_northing');
  if (lon0 === null || fe !== 500000 || (fn ?? 0) !== 0) return null;
  if (isVn2000) {
    if (k !== null && Math.abs(k - 0.9999) < 1e-9) {
      const zone = TM3_ZONES.find(([, l]) => Math.abs(l - lon0) < 1e-9);
      return zone ? `EPSG:${zone[0]}` : null;
    }
    if (k !== null && Math.abs(k - 0.9996) < 1e-9) return lon0 === 105 ? 'EPSG:3405' : lon0 === 111 ? 'EPSG:3406' : null;
    return null;
  }
  if (/WGS[_ ]?(19)?84/i.test(text) && k !== null && Math.abs(k - 0.9996) < 1e-9) {
    return lon0 === 105 ? 'EPSG:32648' : lon0 === 111 ? 'EPSG:32649' : null;
  }
  return null;
}
