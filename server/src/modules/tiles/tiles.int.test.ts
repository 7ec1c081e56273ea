// Vector tiles through the real HTTP API on the engine under test, checked against the
// records table queried directly: decoded features, aggregation counts, invalidation, access.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { tileBounds, tileOf } from './tile-math.ts';
import type { TileJson } from '../../../../shared/contracts/spatial.ts';

let s: TestServer;
let operator: string;
beforeAll(async () => {
  s = await startTestServer();
  operator = await s.login('operator');
});
afterAll(() => s?.close());

const decode = async (res: Response) => new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));

/**
 * Records of a dataset inside a tile, counted directly. `&&` compares single-precision boxes, so it
 * also takes points up to ~1e-5° outside the tile (what the per-point query draws, a little off the
 * edge); `exact` counts the points of the tile itself (Web Mercator, west/north edges included),
 * each in one tile only, as aggregated tiles must.
 */
async function countInTile(datasetId: string, z: number, x: number, y: number, exact = false): Promise<number> {
  const b = tileBounds(z, x, y);
  const inBox = sql`dataset_id = ${datasetId} and geom && ST_MakeEnvelope(${b.west - 1e-4}, ${b.south - 1e-4}, ${b.east + 1e-4}, ${b.north + 1e-4}, 4326)`;
  const r = exact
    ? await sql<{ n: number }>`select count(*)::int as n from (select ST_Transform(geom, 3857) as m from records where ${inBox}) p
        where ST_X(p.m) >= ${b.xmin} and ST_X(p.m) < ${b.xmax} and ST_Y(p.m) > ${b.ymin} and ST_Y(p.m) <= ${b.ymax}`.execute(s.ctx.db.kysely)
    : await sql<{ n: number }>`select count(*)::int as n from records where dataset_id = ${datasetId}
        and geom && ST_MakeEnvelope(${b.west}, ${b.south}, ${b.east}, ${b.north}, 4326)`.execute(s.ctx.db.kysely);
  return r.rows[0]!.n;
}

async function firstRecord(datasetId: string) {
  const r = await sql<{ id: number; lon: number; lat: number; props: Record<string, unknown> }>`
    select id, ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat, props from records where dataset_id = ${datasetId} order by id limit 1`.execute(s.ctx.db.kysely);
  return r.rows[0]!;
}

describe('TileJSON', () => {
  it('describes a public layer with absolute tile URLs, bounds and fields', async () => {
    const res = await s.api('/tiles/enterprises.json');
    expect(res.status).toBe(200);
    const tj = (await res.json()) as TileJson;
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.tiles).toEqual([`${s.url}/tiles/enterprises/{z}/{x}/{y}.mvt`]);
    expect(tj.vector_layers[0]!.id).toBe('enterprises');
    expect(tj.vector_layers[0]!.fields).toMatchObject({ id: 'Number', name: 'String', count: 'Number' });
    expect(Object.keys(tj.vector_layers[0]!.fields)).not.toContain('legalRep'); // personal
    expect(tj.bounds[0]).toBeGreaterThan(106.6);
    expect(tj.bounds[2]).toBeLessThan(106.8);
    const direct = await sql<{ n: number }>`select count(*)::int as n from records where dataset_id = 'enterprises'`.execute(s.ctx.db.kysely);
    expect(tj.featureCount).toBe(direct.rows[0]!.n);
    expect((await s.api('/tiles/no-such-layer.json')).status).toBe(404);
  });
});

describe('tiles', () => {
  it('serves single records at detail zooms with id, name and key fields, never personal ones', async () => {
    const rec = await firstRecord('household-businesses');
    const { z, x, y } = tileOf(16, rec.lon, rec.lat);
    const res = await s.api(`/tiles/household-businesses/${z}/${x}/${y}.mvt`, { token: operator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('etag')).toBeTruthy();
    const tile = await decode(res);
    const layer = tile.layers['household-businesses']!;
    expect(layer.length).toBe(await countInTile('household-businesses', z, x, y));
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    const f = features.find((g) => g.properties.id === rec.id)!;
    expect(f).toBeTruthy();
    expect(f.id).toBe(rec.id);
    expect(f.properties).toMatchObject({ count: 1, name: rec.props.name, businessLine: rec.props.businessLine });
    expect(f.properties).not.toHaveProperty('owner');
    expect(f.properties).not.toHaveProperty('ownerPhone');
    const [lon, lat] = (f.toGeoJSON(x, y, z).geometry as GeoJSON.Point).coordinates;
    expect(Math.abs(lon! - rec.lon)).toBeLessThan(1e-4);
    expect(Math.abs(lat! - rec.lat)).toBeLessThan(1e-4);
  });

  it('aggregates dense points at low zooms, keeping every record counted', async () => {
    const rec = await firstRecord('enterprises');
    for (const z of [11, 13]) {
      const { x, y } = tileOf(z, rec.lon, rec.lat);
      const res = await s.api(`/tiles/enterprises/${z}/${x}/${y}.mvt`);
      expect(res.status).toBe(200);
      const layer = (await decode(res)).layers.enterprises!;
      let total = 0;
      let clusters = 0;
      for (let i = 0; i < layer.length; i++) {
        const p = layer.feature(i).properties;
        total += p.count as number;
        if ((p.count as number) > 1) {
          clusters++;
          expect(p).not.toHaveProperty('name');
        }
      }
      expect(total).toBe(await countInTile('enterprises', z, x, y, true));
      expect(clusters).toBeGreaterThan(0);
      expect(layer.length).toBeLessThanOrEqual(64 * 64);
    }
  });

  it('serves lines and polygons', async () => {
    for (const id of ['roads', 'zoning-areas']) {
      const rec = await firstRecord(id);
      const { z, x, y } = tileOf(14, rec.lon, rec.lat);
      const res = await s.api(`/tiles/${id}/${z}/${x}/${y}.mvt`);
      expect(res.status).toBe(200);
      const layer = (await decode(res)).layers[id]!;
      const ids = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.id);
      expect(ids).toContain(rec.id);
      const f = layer.feature(ids.indexOf(rec.id));
      expect(f.type).toBe(id === 'roads' ? 2 : 3);
    }
  });

  it('answers 204 for an empty tile and 304 for a known ETag', async () => {
    expect((await s.api('/tiles/enterprises/14/0/0.mvt')).status).toBe(204);
    const rec = await firstRecord('enterprises');
    const { z, x, y } = tileOf(15, rec.lon, rec.lat);
    const first = await s.api(`/tiles/enterprises/${z}/${x}/${y}.mvt`);
    const etag = first.headers.get('etag')!;
    const again = await s.api(`/tiles/enterprises/${z}/${x}/${y}.mvt`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('x-tile-cache')).toBe('hit');
    expect((await s.api(`/tiles/enterprises/30/0/0.mvt`)).status).toBe(400);
  });

  it('is invalidated when a record changes through the datasets API', async () => {
    const rec = await firstRecord('enterprises');
    const { z, x, y } = tileOf(16, rec.lon, rec.lat);
    const url = `/tiles/enterprises/${z}/${x}/${y}.mvt`;
    const before = await s.api(url);
    const names = async (res: Response) => {
      const l = (await decode(res)).layers.enterprises!;
      return Array.from({ length: l.length }, (_, i) => l.feature(i).properties.name);
    };
    expect(await names(before)).toContain(rec.props.name);
    expect((await s.api(url)).headers.get('x-tile-cache')).toBe('hit');
    const patched = await s.api(`/api/datasets/enterprises/records/${rec.id}`, { method: 'PATCH', token: operator, json: { properties: { name: 'Công ty Bản Đồ Mới' } } });
    expect(patched.status).toBe(200);
    const after = await s.api(url, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(after.headers.get('x-tile-cache')).toBe('miss');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(await names(after)).toContain('Công ty Bản Đồ Mới');
    // A change by plain SQL (imports, bulk jobs) invalidates too.
    await sql`update records set props = props || '{"name":"Tên qua SQL"}'::jsonb where id = ${rec.id}`.execute(s.ctx.db.kysely);
    expect(await names(await s.api(url))).toContain('Tên qua SQL');
  });

  it('keeps low-zoom tiles (from the pre-aggregated grid) equal to the records through every change', async () => {
    const id = 'pharmacies';
    const base = await firstRecord(id);
    const here: [number, number] = [base.lon + 0.0007, base.lat + 0.0005];
    // Far enough for other tiles, still inside the territory (positions outside it are refused since issue 15).
    const there: [number, number] = [base.lon - 0.12, base.lat + 0.03];
    const zooms = [10, 11, 13];
    const tilesAt = (p: [number, number]) => zooms.map((z) => tileOf(z, p[0], p[1]));
    const watched = [...tilesAt(here), ...tilesAt(there)];
    /** Sum of `count` per tile, the ids of single-record features, and whether it was cached. */
    const read = async (t: { z: number; x: number; y: number }) => {
      const res = await s.api(`/tiles/${id}/${t.z}/${t.x}/${t.y}.mvt`, { token: operator });
      if (res.status === 204) return { total: 0, ids: [] as number[], cache: res.headers.get('x-tile-cache') };
      expect(res.status).toBe(200);
      const layer = (await decode(res)).layers[id]!;
      let total = 0;
      const ids: number[] = [];
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        total += f.properties.count as number;
        if (f.properties.count === 1) ids.push(f.id!);
        else expect(f.id).toBeUndefined(); // a cluster is no record
      }
      return { total, ids, cache: res.headers.get('x-tile-cache') };
    };
    /** Every watched tile sums to the records inside it, counted directly. */
    const expectExact = async () => {
      for (const t of watched) expect((await read(t)).total, `tile ${t.z}/${t.x}/${t.y}`).toBe(await countInTile(id, t.z, t.x, t.y, true));
    };
    /** Cells of the grid that differ from a fresh aggregation of the records (all levels). */
    const gridMismatches = async () => {
      const r = await sql<{ n: number }>`
        with pts as (
          select id, ST_X(p) as x, ST_Y(p) as y from (
            select id, ST_Transform(geom, 3857) as p from records where dataset_id = ${id} and GeometryType(geom) = 'POINT') m),
        fresh as (
          select l.level, tile_grid_cell19(x) >> (19 - l.level) as cx, tile_grid_cell19(-y) >> (19 - l.level) as cy,
                 count(*)::int as n, sum(id)::bigint as id_sum, sum(x) as sx, sum(y) as sy
          from pts cross join generate_series(6, 19) as l(level) group by 1, 2, 3),
        grid as (select * from tile_point_grid where dataset_id = ${id} and n <> 0)
        select count(*)::int as n from fresh f full join grid g on g.level = f.level and g.cx = f.cx and g.cy = f.cy
        where f.n is distinct from g.n or f.id_sum is distinct from g.id_sum
           or abs(f.sx - g.sx) > 1e-6 * abs(f.sx) or abs(f.sy - g.sy) > 1e-6 * abs(f.sy)`.execute(s.ctx.db.kysely);
      return r.rows[0]!.n;
    };

    await expectExact();
    const before = await Promise.all(watched.map(read));

    // Created through the API: +1 in every tile around it, a single record at zoom 13 if alone.
    const created = await s.api(`/api/datasets/${id}/records`, {
      method: 'POST',
      token: operator,
      json: { properties: { code: 'GRID-1', name: 'Nhà thuốc Lưới', address: '1 Nguyễn Thị Thập' }, geometry: { type: 'Point', coordinates: here } },
    });
    expect(created.status).toBe(201);
    const rid = ((await created.json()) as { id: number }).id;
    for (const [i, t] of tilesAt(here).entries()) {
      const now = await read(t);
      expect(now.cache).toBe('miss');
      expect(now.total).toBe(before[i]!.total + 1);
    }
    await expectExact();

    // Moved through the API: out of the old tiles, into the new ones.
    const moved = await s.api(`/api/datasets/${id}/records/${rid}`, { method: 'PATCH', token: operator, json: { geometry: { type: 'Point', coordinates: there } } });
    expect(moved.status).toBe(200);
    await expectExact();
    expect((await read(tileOf(13, there[0], there[1]))).total).toBeGreaterThan(0);

    // Deleted through the API: back to where it started.
    expect((await s.api(`/api/datasets/${id}/records/${rid}`, { method: 'DELETE', token: operator })).status).toBe(204);
    expect((await Promise.all(watched.map(read))).map((b) => b.total)).toEqual(before.map((b) => b.total));

    // Plain SQL (bulk jobs): a third moved, properties changed, a few deleted; the grid stays exact.
    await sql`update records set geom = ST_Translate(geom, 0.004, -0.003) where dataset_id = ${id} and id % 3 = 0`.execute(s.ctx.db.kysely);
    await sql`update records set props = props || '{"name":"Đổi tên"}'::jsonb where dataset_id = ${id} and id % 5 = 0`.execute(s.ctx.db.kysely);
    await sql`delete from records where dataset_id = ${id} and id % 7 = 0`.execute(s.ctx.db.kysely);
    await expectExact();
    expect(await gridMismatches()).toBe(0);
  });

  it('keeps private layers for staff', async () => {
    const rec = await firstRecord('security-cameras');
    const { z, x, y } = tileOf(14, rec.lon, rec.lat);
    expect((await s.api(`/tiles/security-cameras/${z}/${x}/${y}.mvt`)).status).toBe(401);
    expect((await s.api('/tiles/security-cameras.json')).status).toBe(401);
    const officer = await s.login('officer');
    expect((await s.api(`/tiles/security-cameras/${z}/${x}/${y}.mvt`, { token: officer })).status).toBe(200);
    expect((await s.api('/tiles/security-cameras.json', { token: officer })).status).toBe(200);
  });

  it('answers 503 while cityops is starting', async () => {
    s.ctx.lifecycle.set('migrating');
    try {
      expect((await s.api('/tiles/enterprises/14/0/0.mvt')).status).toBe(503);
      expect((await s.api('/tiles/enterprises.json')).status).toBe(503);
    } finally {
      s.ctx.lifecycle.set('ready');
    }
  });
});
