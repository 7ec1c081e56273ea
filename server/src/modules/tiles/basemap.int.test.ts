// The offline base map through the real HTTP API: OSM vector tiles decode with the expected
// layers and names, the styles carry the OSM attribution and the archipelago labels, the place
// search folds diacritics, the selection export is CSV for staff only.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { tileOf } from './tile-math.ts';
import type { PlaceSearchResult } from '../../../../shared/contracts/basemap.ts';

let s: TestServer;
let operator: string;
beforeAll(async () => {
  s = await startTestServer();
  operator = await s.login('operator');
});
afterAll(() => s?.close());

const decode = async (res: Response) => new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));

describe('base-map tiles', () => {
  it('a z14 tile over Nguyễn Văn Linh (District 7) has every layer and the road names', async () => {
    const { z, x, y } = tileOf(14, 106.7, 10.7295);
    const res = await s.api(`/tiles/basemap/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vnd.mapbox-vector-tile');
    const tile = await decode(res);
    for (const layer of ['roads', 'water', 'buildings', 'pois']) expect(Object.keys(tile.layers), layer).toContain(layer);
    const roads = tile.layers.roads!;
    const names = new Set<string>();
    const classes = new Set<string>();
    for (let i = 0; i < roads.length; i++) {
      const p = roads.feature(i).properties;
      if (typeof p.name === 'string') names.add(p.name);
      classes.add(String(p.class));
    }
    expect([...names].some((n) => n.includes('Nguyễn Văn Linh'))).toBe(true);
    expect(classes.has('trunk') || classes.has('primary')).toBe(true);
    expect(classes.has('residential')).toBe(true);
  });

  it('low zooms carry only the major roads; outside the box and past z14 there is no tile', async () => {
    const { z, x, y } = tileOf(10, 106.7, 10.77);
    const tile = await decode(await s.api(`/tiles/basemap/${z}/${x}/${y}.mvt`));
    expect(tile.layers.buildings).toBeUndefined();
    const roads = tile.layers.roads!;
    for (let i = 0; i < roads.length; i++) expect(['residential', 'service', 'footway']).not.toContain(roads.feature(i).properties.class);
    const far = tileOf(14, 105.8, 21.0);
    expect((await s.api(`/tiles/basemap/14/${far.x}/${far.y}.mvt`)).status).toBe(204);
    const deep = tileOf(16, 106.7, 10.77);
    expect((await s.api(`/tiles/basemap/16/${deep.x}/${deep.y}.mvt`)).status).toBe(204);
  });
});

describe('base-map styles', () => {
  it('day and dark: OSM attribution, tiles and font on this server, Hoàng Sa and Trường Sa labelled as Vietnamese', async () => {
    for (const theme of ['day', 'dark']) {
      const res = await s.api(`/tiles/basemap/style-${theme}.json`);
      expect(res.status).toBe(200);
      const style = (await res.json()) as { version: number; sources: Record<string, { attribution?: string; tiles?: string[]; data?: { features: { properties: { name: string } }[] } }>; 'font-faces': Record<string, string> };
      expect(style.version).toBe(8);
      expect(style.sources.osm!.attribution).toContain('© OpenStreetMap contributors (ODbL)');
      expect(style.sources.osm!.tiles).toEqual([`${s.url}/tiles/basemap/{z}/{x}/{y}.mvt`]);
      expect(style.sources.sovereignty!.data!.features.map((f) => f.properties.name)).toEqual(['Quần đảo Hoàng Sa (Việt Nam)', 'Quần đảo Trường Sa (Việt Nam)']);
      const font = await s.api(new URL(style['font-faces']['DejaVu Sans']!).pathname);
      expect(font.status).toBe(200);
      expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    }
    expect((await s.api('/tiles/basemap/style-night.json')).status).toBe(400);
  });
});

describe('place search', () => {
  it('finds "Nguyễn Văn Linh" typed as "nguyen van linh", the street first', async () => {
    const res = await s.api('/api/basemap/places?q=nguyen%20van%20linh&limit=5');
    expect(res.status).toBe(200);
    const body = (await res.json()) as PlaceSearchResult;
    expect(body.attribution).toBe('© OpenStreetMap contributors (ODbL)');
    expect(body.items[0]).toMatchObject({ name: 'Đường Nguyễn Văn Linh', kind: 'road' });
    expect(body.items[0]!.bbox![0]).toBeLessThan(body.items[0]!.bbox![2]);
    expect(body.items.length).toBeLessThanOrEqual(5);
    const withMarks = (await (await s.api(`/api/basemap/places?q=${encodeURIComponent('Nguyễn Văn Linh')}`)).json()) as PlaceSearchResult;
    expect(withMarks.items[0]!.name).toBe('Đường Nguyễn Văn Linh');
    const poi = (await (await s.api('/api/basemap/places?q=ben%20thanh')).json()) as PlaceSearchResult;
    expect(poi.items.some((i) => i.name.includes('Bến Thành'))).toBe(true);
    expect((await s.api('/api/basemap/places?q=')).status).toBe(400);
  });
});

describe('selection export', () => {
  it('staff get CSV with BOM and neutralised formulas; anonymous callers are refused', async () => {
    const body = { columns: ['id', 'Tên'], rows: [[1, 'Chợ Tân Mỹ'], [2, '=cmd()']] };
    const anon = await s.api('/api/map/selection.csv', { method: 'POST', json: body });
    expect(anon.status).toBe(401);
    const res = await s.api('/api/map/selection.csv', { method: 'POST', json: body, token: operator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('id,Tên\r\n1,Chợ Tân Mỹ\r\n')).toBe(true);
    expect(text).toContain("'=cmd()");
  });
});
