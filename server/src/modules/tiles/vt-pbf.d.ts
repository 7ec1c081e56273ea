// vt-pbf ships no types: the part cityops uses (geojson-vt-shaped tiles → MVT bytes).
declare module 'vt-pbf' {
  export interface VtFeature {
    id?: number;
    /** 1 point, 2 line, 3 polygon. */
    type: 1 | 2 | 3;
    /** Points: [[x, y], …]; lines and polygons: rings of [x, y]. Tile coordinates. */
    geometry: number[][] | number[][][];
    tags: Record<string, string | number | boolean>;
  }
  export function fromGeojsonVt(layers: Record<string, { features: VtFeature[] }>, options?: { version?: number; extent?: number }): Uint8Array;
}
