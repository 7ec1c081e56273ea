// Small planar geometry for the demo generator: point in polygon, and
// "segment stays inside" checks, on lon/lat degrees (fine at the scale of a ward).
export type Pos = [number, number];
export type MultiPolygonCoords = Pos[][][];

// The one seeded generator (mulberry32) and string hash of the platform, under the names the
// generator uses.
export { mulberry32 as prng, hashString } from '../../../platform/random.ts';

export function toMultiPolygon(g: GeoJSON.Geometry): MultiPolygonCoords {
  if (g.type === 'MultiPolygon') return g.coordinates as MultiPolygonCoords;
  if (g.type === 'Polygon') return [g.coordinates as Pos[][]];
  throw new Error(`expected a polygon, got ${g.type}`);
}

function inRing(x: number, y: number, ring: Pos[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInMultiPolygon(p: Pos, mp: MultiPolygonCoords): boolean {
  for (const poly of mp) {
    if (!poly[0] || !inRing(p[0], p[1], poly[0])) continue;
    if (poly.slice(1).some((hole) => inRing(p[0], p[1], hole))) continue;
    return true;
  }
  return false;
}

const orient = (a: Pos, b: Pos, c: Pos) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);

/** Do segments ab and cd touch or cross? */
export function segmentsIntersect(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const on = (p: Pos, q: Pos, r: Pos) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  return (d1 === 0 && on(c, d, a)) || (d2 === 0 && on(c, d, b)) || (d3 === 0 && on(a, b, c)) || (d4 === 0 && on(a, b, d));
}

/** The whole segment ab lies strictly inside the multipolygon (no boundary crossed). */
export function segmentInside(a: Pos, b: Pos, mp: MultiPolygonCoords): boolean {
  if (!pointInMultiPolygon(a, mp) || !pointInMultiPolygon(b, mp)) return false;
  for (const poly of mp) {
    for (const ring of poly) {
      for (let i = 1; i < ring.length; i++) if (segmentsIntersect(a, b, ring[i - 1]!, ring[i]!)) return false;
    }
  }
  return true;
}

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function bbox(mp: MultiPolygonCoords): BBox {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const poly of mp) {
    for (const [x, y] of poly[0] ?? []) {
      b.minX = Math.min(b.minX, x);
      b.minY = Math.min(b.minY, y);
      b.maxX = Math.max(b.maxX, x);
      b.maxY = Math.max(b.maxY, y);
    }
  }
  return b;
}

/** Planar area in square degrees (only used to share records between wards). */
export function planarArea(mp: MultiPolygonCoords): number {
  let total = 0;
  for (const poly of mp) {
    poly.forEach((ring, k) => {
      let s = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0] + ring[i]![0]) * (ring[j]![1] - ring[i]![1]);
      total += (k === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  }
  return total;
}

/** Squared distance from p to the boundary of the multipolygon (degrees², planar). */
export function distanceToBoundary2(p: Pos, mp: MultiPolygonCoords): number {
  let best = Infinity;
  for (const poly of mp) {
    for (const ring of poly) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1]!;
        const b = ring[i]!;
        const dx = b[0] - a[0];
        const dy = b[1] - a[1];
        const len2 = dx * dx + dy * dy;
        const t = len2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
        const ex = a[0] + t * dx - p[0];
        const ey = a[1] + t * dy - p[1];
        best = Math.min(best, ex * ex + ey * ey);
      }
    }
  }
  return best;
}

export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Metres to degrees near Ho Chi Minh City (latitude ≈ 10.7°). */
export const M_LAT = 1 / 111_320;
export const M_LON = 1 / (111_320 * Math.cos((10.73 * Math.PI) / 180));

export function lengthMetres(coords: Pos[]): number {
  let m = 0;
  for (let i = 1; i < coords.length; i++) {
    const dx = (coords[i]![0] - coords[i - 1]![0]) / M_LON;
    const dy = (coords[i]![1] - coords[i - 1]![1]) / M_LAT;
    m += Math.hypot(dx, dy);
  }
  return m;
}

export function toWkt(g: GeoJSON.Geometry): string {
  const pos = (p: number[]) => `${p[0]} ${p[1]}`;
  const line = (l: number[][]) => `(${l.map(pos).join(',')})`;
  const poly = (p: number[][][]) => `(${p.map(line).join(',')})`;
  switch (g.type) {
    case 'Point':
      return `POINT(${pos(g.coordinates)})`;
    case 'LineString':
      return `LINESTRING${line(g.coordinates)}`;
    case 'Polygon':
      return `POLYGON${poly(g.coordinates)}`;
    case 'MultiPoint':
      return `MULTIPOINT(${g.coordinates.map((p) => `(${pos(p)})`).join(',')})`;
    case 'MultiLineString':
      return `MULTILINESTRING(${g.coordinates.map(line).join(',')})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON(${g.coordinates.map(poly).join(',')})`;
    default:
      throw new Error(`unsupported geometry ${g.type}`);
  }
}
