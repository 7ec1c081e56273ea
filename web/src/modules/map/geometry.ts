// Small planar helpers for ward polygons (lon/lat treated as planar: fine at city scale near
// the equator). Used to place HTML labels and to fit the view.
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type LonLat = [number, number];
/** [west, south, east, north] */
export type BBox = [number, number, number, number];

type Ring = Position[];
type PolygonRings = Ring[];

function polygonsOf(geometry: Polygon | MultiPolygon): PolygonRings[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Signed shoelace area of a ring (positive when counter-clockwise). */
function ringSignedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j];
    const b = ring[i];
    if (!a || !b) continue;
    sum += (a[0] ?? 0) * (b[1] ?? 0) - (b[0] ?? 0) * (a[1] ?? 0);
  }
  return sum / 2;
}

function polygonArea(rings: PolygonRings): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return Math.abs(ringSignedArea(outer)) - holes.reduce((total, hole) => total + Math.abs(ringSignedArea(hole)), 0);
}

/** Area-weighted centroid of a ring; falls back to the vertex average for degenerate rings. */
function ringCentroid(ring: Ring): LonLat {
  let area = 0;
  let cx = 0;
  let cy = 0;
  // Shift to the first vertex to keep the products small and precise.
  const [x0, y0] = [ring[0]?.[0] ?? 0, ring[0]?.[1] ?? 0];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j];
    const b = ring[i];
    if (!a || !b) continue;
    const ax = (a[0] ?? 0) - x0;
    const ay = (a[1] ?? 0) - y0;
    const bx = (b[0] ?? 0) - x0;
    const by = (b[1] ?? 0) - y0;
    const cross = ax * by - bx * ay;
    area += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  if (Math.abs(area) < 1e-18) {
    const n = Math.max(ring.length, 1);
    return [ring.reduce((s, p) => s + (p[0] ?? 0), 0) / n, ring.reduce((s, p) => s + (p[1] ?? 0), 0) / n];
  }
  return [x0 + cx / (3 * area), y0 + cy / (3 * area)];
}

function pointInRing([x, y]: LonLat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j];
    const b = ring[i];
    if (!a || !b) continue;
    const [xi, yi] = [b[0] ?? 0, b[1] ?? 0];
    const [xj, yj] = [a[0] ?? 0, a[1] ?? 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(point: LonLat, rings: PolygonRings): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !pointInRing(point, outer)) return false;
  return !holes.some((hole) => pointInRing(point, hole));
}

/** x-coordinates where the horizontal line at `y` crosses the polygon's rings, sorted. */
function crossings(rings: PolygonRings, y: number): number[] {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j];
      const b = ring[i];
      if (!a || !b) continue;
      const [x1, y1, x2, y2] = [a[0] ?? 0, a[1] ?? 0, b[0] ?? 0, b[1] ?? 0];
      if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  return xs.sort((p, q) => p - q);
}

function ringsBBox(rings: PolygonRings): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) extendBBox(box, ring);
  return box;
}

function extendBBox(box: BBox, ring: Ring): void {
  for (const p of ring) {
    const x = p[0] ?? 0;
    const y = p[1] ?? 0;
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  }
}

/**
 * A point inside the geometry to anchor its label: the centroid of its largest part when that
 * lies inside; otherwise the middle of the widest interior span among horizontal scan lines
 * (a cheap stand-in for a pole of inaccessibility, good enough for ward shapes).
 */
export function labelPoint(geometry: Polygon | MultiPolygon): LonLat | null {
  let largest: PolygonRings | null = null;
  let largestArea = -Infinity;
  for (const rings of polygonsOf(geometry)) {
    const area = polygonArea(rings);
    if (area > largestArea) {
      largest = rings;
      largestArea = area;
    }
  }
  const outer = largest?.[0];
  if (!largest || !outer || outer.length < 3) return null;

  const centroid = ringCentroid(outer);
  if (pointInPolygon(centroid, largest)) return centroid;

  const [, south, , north] = ringsBBox(largest);
  const height = north - south;
  const steps = 24;
  let best: { point: LonLat; score: number } | null = null;
  for (let k = 1; k < steps; k++) {
    const y = south + (height * k) / steps;
    const xs = crossings(largest, y);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const left = xs[i] ?? 0;
      const right = xs[i + 1] ?? 0;
      // Prefer wide spans, slightly favouring lines near the vertical middle.
      const score = (right - left) * (1 - 0.5 * Math.abs(k / steps - 0.5));
      if (!best || score > best.score) best = { point: [(left + right) / 2, y], score };
    }
  }
  return best?.point ?? centroid;
}

/** Bounding box of several geometries, or null when there is none. */
export function geometriesBBox(geometries: Iterable<Polygon | MultiPolygon>): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const geometry of geometries) {
    for (const rings of polygonsOf(geometry)) {
      const outer = rings[0];
      if (outer) extendBBox(box, outer);
    }
  }
  return Number.isFinite(box[0]) ? box : null;
}

/**
 * The polygons' boundaries as lines, each shared edge once. Neighbouring polygons that share
 * vertices would otherwise draw every common border twice, and two dash patterns with different
 * phases merge into a solid-looking line. Edges are chained into the longest simple runs so that
 * dash patterns flow along them.
 */
export function uniqueBoundaryLines(geometries: Iterable<Polygon | MultiPolygon>): Position[][] {
  const key = (p: Position) => `${p[0]},${p[1]}`;
  const points = new Map<string, Position>();
  const edges: [string, string][] = [];
  const seen = new Set<string>();
  const adjacency = new Map<string, number[]>();

  for (const geometry of geometries) {
    for (const rings of polygonsOf(geometry)) {
      for (const ring of rings) {
        for (let i = 1; i < ring.length; i++) {
          const a = ring[i - 1];
          const b = ring[i];
          if (!a || !b) continue;
          const ka = key(a);
          const kb = key(b);
          if (ka === kb) continue;
          const edgeKey = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
          if (seen.has(edgeKey)) continue;
          seen.add(edgeKey);
          points.set(ka, a);
          points.set(kb, b);
          const index = edges.push([ka, kb]) - 1;
          for (const k of [ka, kb]) {
            const list = adjacency.get(k);
            if (list) list.push(index);
            else adjacency.set(k, [index]);
          }
        }
      }
    }
  }

  const used = new Array<boolean>(edges.length).fill(false);
  // Follows unused edges from `node` while the path can continue unambiguously (degree 2).
  const extend = (start: string, path: string[]) => {
    let node = start;
    for (;;) {
      const next = (adjacency.get(node) ?? []).filter((e) => !used[e]);
      if (next.length !== 1 || (adjacency.get(node)?.length ?? 0) !== 2) return;
      const edgeIndex = next[0] as number;
      used[edgeIndex] = true;
      const edge = edges[edgeIndex] as [string, string];
      node = edge[0] === node ? edge[1] : edge[0];
      path.push(node);
    }
  };

  const lines: Position[][] = [];
  edges.forEach(([a, b], index) => {
    if (used[index]) return;
    used[index] = true;
    const forward = [a, b];
    extend(b, forward);
    const backward: string[] = [];
    extend(a, backward);
    const keys = [...backward.reverse(), ...forward];
    lines.push(keys.map((k) => points.get(k) as Position));
  });
  return lines;
}
