// Pure rules of the offline base map: which OSM feature shows from which zoom, the tile pack's
// format, and the place/address search over road names and POIs. Used by the build script
// (scripts/basemap-build.ts), the server and the unit tests.
import { foldWords } from '../../../../shared/text/vietnamese.ts';

/** The box the shipped OSM extract covers (lon/lat, see assets/osm/SOURCES.md). */
export const BASEMAP_BOUNDS: [number, number, number, number] = [106.62, 10.695, 106.8, 10.84];
export const BASEMAP_MIN_ZOOM = 6;
/** Tiles are cut up to this zoom; MapLibre over-zooms them above. */
export const BASEMAP_MAX_ZOOM = 14;
export const BASEMAP_LAYERS = ['water', 'landcover', 'waterways', 'roads', 'buildings', 'places', 'pois'] as const;
export type BasemapLayer = (typeof BASEMAP_LAYERS)[number];

const ROAD_MIN_ZOOM: Record<string, number> = {
  motorway: 6, trunk: 6, motorway_link: 11, trunk_link: 11,
  primary: 9, primary_link: 12, secondary: 10, secondary_link: 13,
  tertiary: 11, tertiary_link: 13, construction: 12,
  unclassified: 12, residential: 13, living_street: 13,
  service: 14, pedestrian: 14, footway: 14, path: 14, steps: 14, cycleway: 14, track: 14,
};

/** The lowest zoom at which a feature is put in the tiles (the style may show it later still). */
export function minZoomOf(layer: BasemapLayer, props: Record<string, unknown>): number {
  switch (layer) {
    case 'roads':
      return ROAD_MIN_ZOOM[String(props.highway)] ?? 14;
    case 'water':
      return props.class === 'river' ? 6 : 11;
    case 'waterways':
      return props.waterway === 'river' || props.waterway === 'canal' ? 11 : 13;
    case 'landcover':
      return 11;
    case 'buildings':
      return 14;
    case 'places':
      return props.class === 'city' || props.class === 'town' ? 8 : props.class === 'suburb' ? 11 : 13;
    case 'pois':
      return 14;
  }
}

/** The properties a tile feature carries (OSM tags renamed to the style's vocabulary). */
export function tileProps(layer: BasemapLayer, p: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') out[k] = typeof v === 'number' ? v : String(v);
  };
  switch (layer) {
    case 'roads':
      put('class', p.highway);
      put('name', p.name);
      put('ref', p.ref);
      if (p.oneway === 'yes') out.oneway = 1;
      if (p.bridge === 'yes') out.bridge = 1;
      if (p.tunnel === 'yes') out.tunnel = 1;
      break;
    case 'waterways':
      put('class', p.waterway);
      put('name', p.name);
      break;
    case 'water':
      put('class', p.class);
      break;
    case 'landcover':
      put('class', p.class);
      put('subclass', p.subclass);
      break;
    case 'buildings':
      put('height', p.render_height);
      break;
    case 'places':
      put('name', p.name);
      put('class', p.class);
      break;
    case 'pois':
      put('name', p.name);
      put('class', p.class ?? 'place');
      put('subclass', p.subclass);
      put('rank', p.rank);
      break;
  }
  return out;
}

// --- tile pack --------------------------------------------------------------------------------
// gzip( "CBM1" | uint32 LE header length | header JSON | tile bytes… ); header.tiles maps
// "z/x/y" to [offset, length] in the tile bytes.

export interface PackHeader {
  format: 'cityops-basemap-1';
  bounds: [number, number, number, number];
  minzoom: number;
  maxzoom: number;
  dataDate: string;
  tiles: Record<string, [number, number]>;
}

const MAGIC = 'CBM1';

export function writePack(header: Omit<PackHeader, 'tiles'>, tiles: Map<string, Uint8Array>): Buffer {
  const index: Record<string, [number, number]> = {};
  let offset = 0;
  const parts: Buffer[] = [];
  for (const [key, bytes] of [...tiles].sort(([a], [b]) => a.localeCompare(b))) {
    index[key] = [offset, bytes.length];
    parts.push(Buffer.from(bytes));
    offset += bytes.length;
  }
  const head = Buffer.from(JSON.stringify({ ...header, tiles: index }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  return Buffer.concat([Buffer.from(MAGIC, 'ascii'), len, head, ...parts]);
}

export interface Pack {
  header: PackHeader;
  tile(z: number, x: number, y: number): Buffer | null;
}

export function readPack(raw: Buffer): Pack {
  if (raw.subarray(0, 4).toString('ascii') !== MAGIC) throw new Error('not a cityops base-map tile pack');
  const len = raw.readUInt32LE(4);
  const header = JSON.parse(raw.subarray(8, 8 + len).toString('utf8')) as PackHeader;
  const body = raw.subarray(8 + len);
  return {
    header,
    tile(z, x, y) {
      const at = header.tiles[`${z}/${x}/${y}`];
      return at ? body.subarray(at[0], at[0] + at[1]) : null;
    },
  };
}

// --- search -----------------------------------------------------------------------------------

export type PlaceKind = 'road' | 'poi' | 'place';

/** One searchable name: a road (all its pieces merged), a POI or a named place. */
export interface PlaceEntry {
  name: string;
  kind: PlaceKind;
  /** OSM class (highway class of a road, POI class, place class). */
  cls: string;
  /** [lon, lat] to show. */
  at: [number, number];
  /** [west, south, east, north] of a road. */
  bbox?: [number, number, number, number];
}

export interface IndexedEntry extends PlaceEntry {
  folded: string;
}

export const indexEntries = (entries: PlaceEntry[]): IndexedEntry[] => entries.map((e) => ({ ...e, folded: foldWords(e.name) }));

const KIND_WEIGHT: Record<PlaceKind, number> = { place: 0, road: 1, poi: 2 };
const ROAD_WEIGHT: Record<string, number> = { motorway: 0, trunk: 0, primary: 1, secondary: 2, tertiary: 3 };

/** Street-type words dropped from the query when nothing else matches them ("đường", "phố"). */
const PREFIXES = new Set(['duong', 'pho', 'hem', 'ngo']);

/**
 * Names matching every word of the query (folded: with or without diacritics, any case), best
 * first: names starting with the query, then whole-word matches, places before roads before
 * POIs, major roads first, alleys ("Hẻm …") last, then shorter names.
 */
export function searchPlaces(index: IndexedEntry[], query: string, limit = 10): IndexedEntry[] {
  const q = foldWords(query);
  if (q.length < 2) return [];
  let words = q.split(' ');
  const significant = words.filter((w) => !PREFIXES.has(w));
  if (significant.length) words = significant;
  const phrase = words.join(' ');
  const scored: { e: IndexedEntry; score: number }[] = [];
  for (const e of index) {
    const f = e.folded;
    if (!words.every((w) => f.includes(w))) continue;
    const bare = f.replace(/^(duong|pho) /, '');
    let score = 0;
    if (bare.startsWith(phrase)) score -= 100;
    else if (` ${f} `.includes(` ${phrase} `)) score -= 60;
    else if (f.includes(phrase)) score -= 30;
    if (/^(hem|ngo|kiet) /.test(f)) score += 50;
    score += KIND_WEIGHT[e.kind] * 5 + (e.kind === 'road' ? (ROAD_WEIGHT[e.cls] ?? 4) : 0) + f.length / 100;
    scored.push({ e, score });
  }
  scored.sort((a, b) => a.score - b.score || a.e.name.localeCompare(b.e.name, 'vi'));
  return scored.slice(0, limit).map((s) => s.e);
}
