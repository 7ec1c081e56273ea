// The MapLibre styles of the offline base map: "day" (light, for desks and print) and "dark"
// (the wall). Text is drawn from the shipped DejaVu Sans font (style `font-faces`), so the map
// needs no glyph server and no internet. A small built-in places layer labels Vietnam's
// archipelagos at low zooms.
import { BASEMAP_BOUNDS, BASEMAP_MAX_ZOOM, BASEMAP_MIN_ZOOM } from './basemap-rules.ts';

export type BasemapTheme = 'day' | 'dark';
export const BASEMAP_THEMES: readonly BasemapTheme[] = ['day', 'dark'];
export const OSM_ATTRIBUTION = '<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">© OpenStreetMap contributors (ODbL)</a>';
export const FONT = 'DejaVu Sans';

/** Vietnam's archipelagos, labelled as Vietnamese on every zoom the offline map shows them. */
export const SOVEREIGNTY_PLACES = [
  { vi: 'Quần đảo Hoàng Sa (Việt Nam)', en: 'Hoang Sa (Paracel) Islands (Viet Nam)', at: [112.0, 16.5] },
  { vi: 'Quần đảo Trường Sa (Việt Nam)', en: 'Truong Sa (Spratly) Islands (Viet Nam)', at: [114.2, 9.9] },
] as const;

interface Palette {
  background: string;
  water: string;
  waterway: string;
  green: string;
  building: string;
  buildingLine: string;
  roadMajor: string;
  roadMajorCase: string;
  roadMinor: string;
  roadCase: string;
  path: string;
  text: string;
  halo: string;
  roadText: string;
  poi: string;
  sovereignty: string;
}

const PALETTES: Record<BasemapTheme, Palette> = {
  day: {
    background: '#f3f1ec', water: '#a8cde8', waterway: '#8dbde0', green: '#cfe6c2', building: '#ddd6cc', buildingLine: '#cbc2b6',
    roadMajor: '#fbd38d', roadMajorCase: '#d69e2e', roadMinor: '#ffffff', roadCase: '#d3cfc7', path: '#b9b2a6',
    text: '#2d3748', halo: '#ffffff', roadText: '#4a5568', poi: '#6b4f2a', sovereignty: '#9b2c2c',
  },
  dark: {
    background: '#0b1220', water: '#15304d', waterway: '#1c3d60', green: '#13291f', building: '#1d2636', buildingLine: '#263247',
    roadMajor: '#5b4a2a', roadMajorCase: '#3a3122', roadMinor: '#2a3445', roadCase: '#1a2231', path: '#2f3a4c',
    text: '#cbd5e1', halo: '#0b1220', roadText: '#94a3b8', poi: '#a8a29e', sovereignty: '#fca5a5',
  },
};

const MAJOR = ['motorway', 'trunk', 'primary', 'secondary', 'motorway_link', 'trunk_link', 'primary_link', 'secondary_link'];
const MEDIUM = ['tertiary', 'tertiary_link', 'unclassified'];
const MINOR = ['residential', 'living_street', 'service', 'pedestrian', 'construction'];
const PATHS = ['footway', 'path', 'steps', 'cycleway', 'track'];

/**
 * OSM's place labels of 2021 name the pre-2025 wards ("Phường 12", "Xã Bình Hưng"); the map
 * draws the official units itself, so those labels are left out and only neighbourhood and
 * locality names are shown.
 */
const OFFICIAL_UNITS_HIDDEN = ['!', ['any', ['==', ['slice', ['get', 'name'], 0, 7], 'Phường '], ['==', ['slice', ['get', 'name'], 0, 3], 'Xã '], ['==', ['slice', ['get', 'name'], 0, 5], 'Quận ']]];

const inClass = (classes: string[]) => ['in', ['get', 'class'], ['literal', classes]];
const width = (stops: [number, number][]) => ['interpolate', ['exponential', 1.6], ['zoom'], ...stops.flat()];

export interface BasemapStyle {
  version: 8;
  name: string;
  sources: Record<string, unknown>;
  layers: Record<string, unknown>[];
  [key: string]: unknown;
}

/** The MapLibre style (version 8) of the offline base map, with absolute URLs on `origin`. */
export function basemapStyle(theme: BasemapTheme, origin: string, lang: 'vi' | 'en' = 'vi'): BasemapStyle {
  const p = PALETTES[theme];
  const text = (size: number | unknown[]) => ({ 'text-font': [FONT], 'text-size': size });
  const halo = { 'text-color': p.text, 'text-halo-color': p.halo, 'text-halo-width': 1.4 };
  return {
    version: 8,
    name: `cityops-basemap-${theme}`,
    metadata: { 'cityops:basemap': theme, 'cityops:licence': 'ODbL-1.0', 'cityops:dataDate': '2021-08-06' },
    'font-faces': { [FONT]: `${origin}/tiles/basemap/fonts/DejaVuSans.ttf` },
    sources: {
      osm: {
        type: 'vector',
        tiles: [`${origin}/tiles/basemap/{z}/{x}/{y}.mvt`],
        minzoom: BASEMAP_MIN_ZOOM,
        maxzoom: BASEMAP_MAX_ZOOM,
        bounds: BASEMAP_BOUNDS,
        attribution: OSM_ATTRIBUTION,
      },
      sovereignty: {
        type: 'geojson',
        data: {
          type: 'FeatureCollection',
          features: SOVEREIGNTY_PLACES.map((s) => ({
            type: 'Feature',
            properties: { name: lang === 'en' ? `${s.vi}\n${s.en}` : s.vi },
            geometry: { type: 'Point', coordinates: s.at },
          })),
        },
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': p.background } },
      { id: 'landcover', type: 'fill', source: 'osm', 'source-layer': 'landcover', paint: { 'fill-color': p.green } },
      { id: 'water', type: 'fill', source: 'osm', 'source-layer': 'water', paint: { 'fill-color': p.water } },
      { id: 'waterways', type: 'line', source: 'osm', 'source-layer': 'waterways', paint: { 'line-color': p.waterway, 'line-width': width([[11, 0.6], [16, 4]]) } },
      { id: 'buildings', type: 'fill', source: 'osm', 'source-layer': 'buildings', minzoom: 14, paint: { 'fill-color': p.building, 'fill-outline-color': p.buildingLine } },
      { id: 'roads-path', type: 'line', source: 'osm', 'source-layer': 'roads', minzoom: 15, filter: inClass(PATHS), paint: { 'line-color': p.path, 'line-width': 1, 'line-dasharray': [2, 1.5] } },
      { id: 'roads-minor-case', type: 'line', source: 'osm', 'source-layer': 'roads', minzoom: 14, filter: inClass(MINOR), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': p.roadCase, 'line-width': width([[14, 2.5], [18, 14]]) } },
      { id: 'roads-minor', type: 'line', source: 'osm', 'source-layer': 'roads', minzoom: 13, filter: inClass(MINOR), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': p.roadMinor, 'line-width': width([[13, 0.8], [18, 12]]) } },
      { id: 'roads-medium', type: 'line', source: 'osm', 'source-layer': 'roads', minzoom: 11, filter: inClass(MEDIUM), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': p.roadMinor, 'line-width': width([[11, 0.8], [18, 16]]) } },
      { id: 'roads-major-case', type: 'line', source: 'osm', 'source-layer': 'roads', filter: inClass(MAJOR), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': p.roadMajorCase, 'line-width': width([[8, 1.2], [18, 22]]) } },
      { id: 'roads-major', type: 'line', source: 'osm', 'source-layer': 'roads', filter: inClass(MAJOR), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': p.roadMajor, 'line-width': width([[8, 0.7], [18, 18]]) } },
      { id: 'road-names', type: 'symbol', source: 'osm', 'source-layer': 'roads', minzoom: 14, filter: ['has', 'name'], layout: { ...text(['interpolate', ['linear'], ['zoom'], 14, 10, 18, 13]), 'text-field': ['get', 'name'], 'symbol-placement': 'line', 'text-max-angle': 30 }, paint: { 'text-color': p.roadText, 'text-halo-color': p.halo, 'text-halo-width': 1.4 } },
      { id: 'water-names', type: 'symbol', source: 'osm', 'source-layer': 'waterways', minzoom: 13, filter: ['has', 'name'], layout: { ...text(11), 'text-field': ['get', 'name'], 'symbol-placement': 'line' }, paint: { 'text-color': p.waterway, 'text-halo-color': p.halo, 'text-halo-width': 1.2 } },
      { id: 'pois', type: 'symbol', source: 'osm', 'source-layer': 'pois', minzoom: 16, filter: ['has', 'name'], layout: { ...text(10.5), 'text-field': ['get', 'name'], 'text-max-width': 8 }, paint: { 'text-color': p.poi, 'text-halo-color': p.halo, 'text-halo-width': 1.2 } },
      { id: 'place-names', type: 'symbol', source: 'osm', 'source-layer': 'places', filter: OFFICIAL_UNITS_HIDDEN, layout: { ...text(['match', ['get', 'class'], ['city', 'town'], 15, 'suburb', 12.5, 11]), 'text-field': ['get', 'name'], 'text-max-width': 8 }, paint: halo },
      { id: 'sovereignty', type: 'symbol', source: 'sovereignty', maxzoom: 10, layout: { ...text(['interpolate', ['linear'], ['zoom'], 3, 11, 8, 15]), 'text-field': ['get', 'name'], 'text-max-width': 12, 'text-allow-overlap': true }, paint: { 'text-color': p.sovereignty, 'text-halo-color': p.halo, 'text-halo-width': 1.6 } },
    ],
  };
}
