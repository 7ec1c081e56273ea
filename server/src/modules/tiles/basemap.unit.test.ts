import { describe, expect, test } from 'vitest';
import { indexEntries, minZoomOf, readPack, searchPlaces, tileProps, writePack, type PlaceEntry } from './basemap-rules.ts';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { basemapStyle, SOVEREIGNTY_PLACES } from './basemap-style.ts';

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
