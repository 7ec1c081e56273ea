// The offline base map: the shipped OSM tile pack and search index (assets/osm, ODbL), loaded
// lazily at first use (not at start or prepare: nothing goes into the database), then served
// from memory.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { indexEntries, readPack, searchPlaces, type IndexedEntry, type Pack, type PlaceEntry } from './basemap-rules.ts';
import { basemapStyle, type BasemapTheme } from './basemap-style.ts';
import type { PlaceHit } from '../../../../shared/contracts/basemap.ts';

export const OSM_DIR = fileURLToPath(new URL('../../../../assets/osm/', import.meta.url));
export const FONT_FILE = fileURLToPath(new URL('../../../../assets/fonts/DejaVuSans.ttf', import.meta.url));

export function createBasemap(dir = OSM_DIR) {
  let pack: Promise<Pack> | null = null;
  let places: Promise<IndexedEntry[]> | null = null;
  let font: Promise<Buffer> | null = null;
  const loadPack = () => (pack ??= readFile(`${dir}basemap-tiles.pack.gz`).then((b) => readPack(gunzipSync(b))));
  const loadPlaces = () =>
    (places ??= readFile(`${dir}places.json.gz`).then((b) => indexEntries(JSON.parse(gunzipSync(b).toString('utf8')) as PlaceEntry[])));
  return {
    /** The tile bytes (uncompressed MVT), or null outside the covered box / zooms. */
    async tile(z: number, x: number, y: number): Promise<Buffer | null> {
      return (await loadPack()).tile(z, x, y);
    },
    style: (theme: BasemapTheme, origin: string, lang: 'vi' | 'en') => basemapStyle(theme, origin, lang),
    async search(q: string, limit: number): Promise<PlaceHit[]> {
      return searchPlaces(await loadPlaces(), q, limit).map(({ folded, ...hit }) => (void folded, hit));
    },
    font: () => (font ??= readFile(FONT_FILE)),
  };
}
export type Basemap = ReturnType<typeof createBasemap>;
