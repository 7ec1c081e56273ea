// shpjs 6 ships no typings; only the part used by shapefile.ts is declared.
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';
  interface ShapefileParts {
    shp: Uint8Array | ArrayBuffer | DataView;
    dbf?: Uint8Array | ArrayBuffer | DataView;
    cpg?: string | Uint8Array;
    prj?: string | Uint8Array;
  }
  export default function getShapefile(input: ShapefileParts): Promise<FeatureCollection>;
}
