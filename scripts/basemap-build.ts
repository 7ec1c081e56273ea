// Builds the offline base map shipped in assets/osm/ from the OpenStreetMap GeoJSON layers
// (ODbL; see assets/osm/SOURCES.md):
//   npx tsx scripts/basemap-build.ts [SOURCE_DIR]     (default ../shared/data/osm)
// Writes assets/osm/basemap-tiles.pack.gz (Mapbox Vector Tiles z6–14 of the covered box, one
// file) and assets/osm/places.json.gz (the search index: road names, POIs, places).
// Deterministic: the same input gives the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import GeoJSONVT from 'geojson-vt';
import vtpbf, { type VtFeature } from 'vt-pbf';
import {
  BASEMAP_BOUNDS, BASEMAP_LAYERS, BASEMAP_MAX_ZOOM, BASEMAP_MIN_ZOOM, minZoomOf, tileProps, writePack,
  type BasemapLayer, type PlaceEntry,
} from '../server/src/modules/tiles/basemap-rules.ts';
import { tileOf } from '../server/src/modules/tiles/tile-math.ts';

const EXTENT = 4096;
const repo = fileURLToPath(new URL('..', import.meta.url));
const src = process.argv[2] ?? join(repo, '../shared/data/osm');
const out = join(repo, 'assets/osm');

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}
const read = (name: string) => (JSON.parse(readFileSync(join(src, `${name}.geojson`), 'utf8')) as { features: Feature[] }).features;

const t0 = Date.now();
const indexes = new Map<BasemapLayer, GeoJSONVT>();
const raw = new Map<BasemapLayer, Feature[]>();
for (const layer of BASEMAP_LAYERS) {
  const features = read(layer);
  raw.set(layer, features);
  const fc = {
    type: 'FeatureCollection' as const,
    features: features.map((f) => ({ ...f, properties: { ...tileProps(layer, f.properties), _mz: minZoomOf(layer, f.properties) } })),
  };
  indexes.set(layer, new GeoJSONVT(fc as never, { maxZoom: BASEMAP_MAX_ZOOM, indexMaxZoom: 5, indexMaxPoints: 100000, extent: EXTENT, buffer: 64, tolerance: 3 }));
}

const tiles = new Map<string, Uint8Array>();
let bytes = 0;
for (let z = BASEMAP_MIN_ZOOM; z <= BASEMAP_MAX_ZOOM; z++) {
  const a = tileOf(z, BASEMAP_BOUNDS[0], BASEMAP_BOUNDS[3]);
  const b = tileOf(z, BASEMAP_BOUNDS[2], BASEMAP_BOUNDS[1]);
  for (let x = a.x; x <= b.x; x++) {
    for (let y = a.y; y <= b.y; y++) {
      const layers: Record<string, { features: VtFeature[] }> = {};
      for (const layer of BASEMAP_LAYERS) {
        const t = indexes.get(layer)!.getTile(z, x, y);
        const features = (t?.features ?? [])
          .filter((f) => Number((f.tags as Record<string, unknown>)._mz) <= z)
          .map((f) => {
            const { _mz, ...tags } = f.tags as Record<string, string | number>;
            void _mz;
            return { type: f.type, geometry: f.geometry, tags } as VtFeature;
          });
        if (features.length) layers[layer] = { features };
      }
      if (!Object.keys(layers).length) continue;
      const pbf = vtpbf.fromGeojsonVt(layers, { version: 2, extent: EXTENT });
      tiles.set(`${z}/${x}/${y}`, pbf);
      bytes += pbf.length;
    }
  }
}
const pack = writePack({ format: 'cityops-basemap-1', bounds: BASEMAP_BOUNDS, minzoom: BASEMAP_MIN_ZOOM, maxzoom: BASEMAP_MAX_ZOOM, dataDate: '2021-08-06' }, tiles);
writeFileSync(join(out, 'basemap-tiles.pack.gz'), gzipSync(pack, { level: 9 }));

// --- search index -----------------------------------------------------------------------------
const ROAD_RANK = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street', 'service', 'pedestrian'];
const rank = (c: string) => (ROAD_RANK.includes(c) ? ROAD_RANK.indexOf(c) : 99);
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const roads = new Map<string, { cls: string; bbox: [number, number, number, number]; best: [number, number][]; bestLen: number }>();
for (const f of raw.get('roads')!) {
  const name = f.properties.name;
  if (typeof name !== 'string' || f.properties.highway === 'construction') continue;
  const coords = f.geometry.coordinates as [number, number][];
  const cls = String(f.properties.highway);
  let r = roads.get(name);
  if (!r) {
    r = { cls, bbox: [180, 90, -180, -90], best: coords, bestLen: 0 };
    roads.set(name, r);
  }
  if (rank(cls) < rank(r.cls)) r.cls = cls;
  for (const [x, y] of coords) {
    r.bbox = [Math.min(r.bbox[0], x), Math.min(r.bbox[1], y), Math.max(r.bbox[2], x), Math.max(r.bbox[3], y)];
  }
  if (coords.length > r.bestLen) {
    r.best = coords;
    r.bestLen = coords.length;
  }
}
const entries: PlaceEntry[] = [];
for (const [name, r] of [...roads].sort(([a], [b]) => a.localeCompare(b))) {
  const mid = r.best[Math.floor(r.best.length / 2)]!;
  entries.push({ name, kind: 'road', cls: r.cls, at: [mid[0], mid[1]], bbox: r.bbox.map(r6) as [number, number, number, number] });
}
for (const [layer, kind] of [['places', 'place'], ['pois', 'poi']] as const) {
  for (const f of raw.get(layer)!) {
    if (typeof f.properties.name !== 'string') continue;
    const [x, y] = f.geometry.coordinates as [number, number];
    entries.push({ name: f.properties.name, kind, cls: String(f.properties.class ?? (kind === 'poi' ? 'place' : 'locality')), at: [x, y] });
  }
}
writeFileSync(join(out, 'places.json.gz'), gzipSync(Buffer.from(JSON.stringify(entries)), { level: 9 }));
console.log(`${tiles.size} tiles, ${(bytes / 1e6).toFixed(1)} MB of MVT; ${entries.length} search entries; ${Date.now() - t0} ms`);
