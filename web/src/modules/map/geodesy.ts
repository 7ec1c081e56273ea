// Geodesic measures on the sphere (mean Earth radius), for the measuring tool and the size of
// drawn zones. Haversine for lengths, spherical excess (the formula PostGIS's ST_Area(geography,
// false) uses) for areas: within ~0.5 % of the ellipsoid at Ho Chi Minh City's latitude.
import type { Position } from 'geojson';

/** IUGG mean Earth radius, metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance between two lon/lat positions, in metres. */
export function haversineDistance(a: Position, b: Position): number {
  const [lon1 = 0, lat1 = 0] = a;
  const [lon2 = 0, lat2 = 0] = b;
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Length of a line (sum of its great-circle segments), in metres. */
export function lineLength(coordinates: readonly Position[]): number {
  let total = 0;
  for (let i = 1; i < coordinates.length; i++) total += haversineDistance(coordinates[i - 1]!, coordinates[i]!);
  return total;
}

/**
 * Area enclosed by a ring on the sphere, in m² (always positive). The ring may be open or
 * closed. Uses the line-integral form of the spherical excess (Chamberlain & Duquette 2007).
 */
export function ringArea(ring: readonly Position[]): number {
  const points = ring.length > 1 && samePosition(ring[0]!, ring[ring.length - 1]!) ? ring.slice(0, -1) : ring;
  const n = points.length;
  if (n < 3) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const previous = points[(i + n - 1) % n]!;
    const current = points[i]!;
    const next = points[(i + 1) % n]!;
    sum += (rad(next[0] ?? 0) - rad(previous[0] ?? 0)) * Math.sin(rad(current[1] ?? 0));
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Area of a polygon (outer ring minus holes), in m². */
export function polygonArea(rings: readonly (readonly Position[])[]): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return Math.max(0, ringArea(outer) - holes.reduce((total, hole) => total + ringArea(hole), 0));
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** A circle as a closed polygon ring of `steps` vertices, `radiusM` metres around `center`. */
export function circleRing(center: Position, radiusM: number, steps = 64): Position[] {
  const [lon = 0, lat = 0] = center;
  const angular = radiusM / EARTH_RADIUS_M;
  const lat1 = rad(lat);
  const lon1 = rad(lon);
  const ring: Position[] = [];
  for (let i = 0; i < steps; i++) {
    const bearing = (2 * Math.PI * i) / steps;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
    const lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1), Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
    ring.push([(lon2 * 180) / Math.PI, (lat2 * 180) / Math.PI]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** "850 m", "1,25 km" — metres below 1 km. */
export function formatDistance(metres: number, locale: string): string {
  if (metres < 1000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(metres)} m`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(metres / 1000)} km`;
}

/** "5 400 m²", "1,2 ha", "3,45 km²". */
export function formatArea(squareMetres: number, locale: string): string {
  if (squareMetres < 10_000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(squareMetres)} m²`;
  if (squareMetres < 1_000_000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(squareMetres / 10_000)} ha`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(squareMetres / 1_000_000)} km²`;
}
