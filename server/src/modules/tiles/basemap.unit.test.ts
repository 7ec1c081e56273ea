import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { indexEntries, minZoomOf, readPack, searchPlaces, tileProps, writePack, type PlaceEntry } from './basemap-rules.ts';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { basemapStyle, SOVEREIGNTY_PLACES } from './basemap-style.ts';
import { FONT_FILE, OSM_DIR } from './basemap.ts';

describe('base-map zoom rules', () => {
  test('major roads show early, alleys and buildings only close up', () => {
    expect(minZoomOf('roads', { highway: 'trunk' })).toBe(6);
    expect(minZoomOf('roads', { highway: 'primary' })).toBeLessThan(minZoomOf('roads', { highway: 'residential' }));
    expect(minZoomOf('roads', { highway: 'service' })).toBe(14);
    expect(minZoomOf('roads', { highway: 'something-new' })).toBe(14);
    expect(minZoomOf('buildings', {})).toBe(14);
    expect(minZoomOf('water', { class: 'river' })).toBeLessThan(minZoomOf('water', { class: 'lake' }));
    expect(minZoomOf('places', { class: 'suburb' })).toBeLessThan(minZoomOf('places', { class: 'neighbourhood' }));
  });

  test('tile properties use the style vocabulary and drop empty values', () => {
    expect(tileProps('roads', { highway: 'primary', name: 'Đường Nguyễn Văn Linh', oneway: 'yes', bridge: 'yes', ref: '' })).toEqual({
      class: 'primary', name: 'Đường Nguyễn Văn Linh', oneway: 1, bridge: 1,
    });
    expect(tileProps('pois', { name: 'Bến Thành' })).toEqual({ name: 'Bến Thành', class: 'place' });
    expect(tileProps('buildings', { building: 'yes', render_height: 3.7 })).toEqual({ height: 3.7 });
  });
});

describe('tile pack', () => {
  test('round trip: tiles come back byte for byte, absent tiles are null', () => {
    const tiles = new Map([
      ['14/1/2', new Uint8Array([1, 2, 3])],
      ['6/0/0', new Uint8Array([9])],
    ]);
    const pack = readPack(writePack({ format: 'cityops-basemap-1', bounds: [0, 0, 1, 1], minzoom: 6, maxzoom: 14, dataDate: '2021-08-06' }, tiles));
    expect([...pack.tile(14, 1, 2)!]).toEqual([1, 2, 3]);
    expect([...pack.tile(6, 0, 0)!]).toEqual([9]);
    expect(pack.tile(14, 1, 3)).toBeNull();
    expect(pack.header.dataDate).toBe('2021-08-06');
  });

  test('rejects a file that is not a pack', () => {
    expect(() => readPack(Buffer.from('nope-not-a-pack'))).toThrow(/not a cityops/);
  });
});

describe('place search', () => {
  const entries: PlaceEntry[] = [
    { name: 'Hẻm 198 Nguyễn Văn Linh', kind: 'road', cls: 'residential', at: [1, 1] },
    { name: 'THPT Nguyễn Văn Linh', kind: 'poi', cls: 'school', at: [1, 1] },
    { name: 'Đường Nguyễn Văn Linh', kind: 'road', cls: 'trunk', at: [1, 1], bbox: [0, 0, 2, 2] },
    { name: 'Nguyễn Văn Cừ', kind: 'road', cls: 'primary', at: [1, 1] },
    { name: 'Tân Phong', kind: 'place', cls: 'suburb', at: [1, 1] },
  ];
  const index = indexEntries(entries);

  test('finds a street typed without diacritics, the street itself first, alleys last', () => {
    const names = searchPlaces(index, 'nguyen van linh').map((e) => e.name);
    expect(names).toEqual(['Đường Nguyễn Văn Linh', 'THPT Nguyễn Văn Linh', 'Hẻm 198 Nguyễn Văn Linh']);
  });

  test('diacritics, case and the street-type word do not matter', () => {
    expect(searchPlaces(index, 'NGUYỄN VĂN LINH')[0]!.name).toBe('Đường Nguyễn Văn Linh');
    expect(searchPlaces(index, 'đường nguyen van linh')[0]!.name).toBe('Đường Nguyễn Văn Linh');
    expect(searchPlaces(index, 'tan phong').map((e) => e.name)).toEqual(['Tân Phong']);
  });

  test('every word must match; too short a query finds nothing; the limit holds', () => {
    expect(searchPlaces(index, 'nguyen van cu linh')).toEqual([]);
    expect(searchPlaces(index, 'n')).toEqual([]);
    expect(searchPlaces(index, 'nguyen', 2)).toHaveLength(2);
  });
});

describe('base-map style', () => {
  test('day and dark styles: OSM attribution, tiles and font on this server, archipelagos labelled as Vietnamese', () => {
    for (const theme of ['day', 'dark'] as const) {
      const style = basemapStyle(theme, 'http://x');
      const osm = style.sources.osm as { attribution: string; tiles: string[] };
      expect(osm.attribution).toContain('© OpenStreetMap contributors (ODbL)');
      expect(osm.tiles).toEqual(['http://x/tiles/basemap/{z}/{x}/{y}.mvt']);
      expect(style['font-faces']).toEqual({ 'DejaVu Sans': 'http://x/tiles/basemap/fonts/DejaVuSans.ttf' });
      const names = (style.sources.sovereignty as { data: { features: { properties: { name: string } }[] } }).data.features.map((f) => f.properties.name);
      expect(names).toEqual(['Quần đảo Hoàng Sa (Việt Nam)', 'Quần đảo Trường Sa (Việt Nam)']);
      expect(style.layers.some((l) => l.id === 'sovereignty')).toBe(true);
    }
    for (const lang of ['vi', 'en'] as const) expect(validateStyleMin(basemapStyle('dark', 'http://x', lang) as never)).toEqual([]);
    expect(validateStyleMin(basemapStyle('day', 'http://x') as never)).toEqual([]);
    expect(basemapStyle('day', 'http://x').layers[0]).not.toEqual(basemapStyle('dark', 'http://x').layers[0]);
    expect(SOVEREIGNTY_PLACES.every((p) => p.en.includes('(Viet Nam)'))).toBe(true);
  });
});

/** The code points a TrueType font maps (its cmap, formats 4 and 12). */
function fontCodePoints(font: Buffer): Set<number> {
  const tables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) if (font.toString('latin1', 12 + i * 16, 16 + i * 16) === 'cmap') cmap = font.readUInt32BE(12 + i * 16 + 8);
  const points = new Set<number>();
  const subtables = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const at = cmap + font.readUInt32BE(cmap + 4 + i * 8 + 4);
    const format = font.readUInt16BE(at);
    if (format === 4) {
      const segments = font.readUInt16BE(at + 6) / 2;
      for (let s = 0; s < segments; s++) {
        const end = font.readUInt16BE(at + 14 + s * 2);
        const start = font.readUInt16BE(at + 16 + segments * 2 + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c++) points.add(c);
      }
    } else if (format === 12) {
      const groups = font.readUInt32BE(at + 12);
      for (let g = 0; g < groups; g++) for (let c = font.readUInt32BE(at + 16 + g * 12); c <= font.readUInt32BE(at + 20 + g * 12); c++) points.add(c);
    }
  }
  return points;
}

describe('the label font (cut down to the Latin scripts)', () => {
  test('has every Latin letter, mark and sign of the shipped place and street names, and the sovereignty labels', () => {
    const font = fontCodePoints(readFileSync(FONT_FILE));
    const names: string = gunzipSync(readFileSync(`${OSM_DIR}places.json.gz`)).toString('utf8');
    const labels = SOVEREIGNTY_PLACES.map((p) => `${p.vi} ${p.en}`).join(' ');
    // Latin (with Vietnamese), combining marks, punctuation and signs; other scripts (a few shop
    // names in Chinese, Korean, Thai…) are drawn by the browser's own fonts.
    const latin = (c: number) => c < 0x250 || (c >= 0x300 && c < 0x370) || (c >= 0x1e00 && c < 0x1f00) || (c >= 0x2000 && c < 0x2200);
    const missing = [...new Set(`${names}${labels}`)].map((c) => c.codePointAt(0)!).filter((c) => c >= 0x20 && latin(c) && !font.has(c));
    expect(missing.map((c) => `U+${c.toString(16)}`)).toEqual([]);
    expect(font.has('ạ'.codePointAt(0)!) && font.has('₫'.codePointAt(0)!) && font.has('ư'.codePointAt(0)!)).toBe(true);
  });
});
