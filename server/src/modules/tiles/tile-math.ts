// Web Mercator tile arithmetic (EPSG:3857), the same as PostGIS ST_TileEnvelope.
export const EXTENT = 4096;
const ORIGIN = 20037508.342789244;

export interface TileBounds {
  /** Web Mercator bounds of the tile. */
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
  size: number;
  /** The same bounds in degrees. */
  west: number;
  south: number;
  east: number;
  north: number;
}

const lon = (x: number) => (x / ORIGIN) * 180;
const lat = (y: number) => (Math.atan(Math.exp((y / ORIGIN) * Math.PI)) * 360) / Math.PI - 90;

export function tileBounds(z: number, x: number, y: number, bufferUnits = 0): TileBounds {
  const size = (2 * ORIGIN) / 2 ** z;
  const pad = (bufferUnits / EXTENT) * size;
  const xmin = -ORIGIN + x * size - pad;
  const xmax = -ORIGIN + (x + 1) * size + pad;
  const ymax = ORIGIN - y * size + pad;
  const ymin = ORIGIN - (y + 1) * size - pad;
  return { xmin, ymin, xmax, ymax, size, west: lon(xmin), south: lat(Math.max(ymin, -ORIGIN)), east: lon(xmax), north: lat(Math.min(ymax, ORIGIN)) };
}

export function validTile(z: number, x: number, y: number): boolean {
  return Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= 24 && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
}

/** The tile holding a position (for tests and benchmarks). */
export function tileOf(z: number, lonDeg: number, latDeg: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lonDeg + 180) / 360) * n);
  const r = (latDeg * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}
