// Spatial tools through the HTTP API, each answer compared with PostGIS computed directly
// on the same database: zone counts, nearest features, per-ward counts for both unit sets.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { ChoroplethResponse, MeasuresResponse, NearestResponse, SpatialSelectResponse } from '../../../../shared/contracts/spatial.ts';

let s: TestServer;
let operator: string;
beforeAll(async () => {
  s = await startTestServer();
  operator = await s.login('operator');
});
afterAll(() => s?.close());

const json = async <T>(res: Response): Promise<T> => {
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
};

// A zone over part of Tân Hưng / Tân Mỹ (District 7).
const ZONE: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [[[106.70, 10.735], [106.725, 10.735], [106.73, 10.75], [106.705, 10.755], [106.70, 10.735]]],
};

describe('select by polygon or radius', () => {
  it('counts per dataset inside a polygon equal PostGIS', async () => {
    const r = await json<SpatialSelectResponse>(await s.api('/api/spatial/select', { method: 'POST', token: operator, json: { geometry: ZONE } }));
    const direct = await sql<{ dataset_id: string; n: number }>`
      select dataset_id, count(*)::int as n from records
      where ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(ZONE)}), 4326)) group by dataset_id`.execute(s.ctx.db.kysely);
    const expected = new Map(direct.rows.map((x) => [x.dataset_id, x.n]));
    expect(r.counts.length).toBeGreaterThan(20);
    for (const c of r.counts) expect(c.count, c.datasetId).toBe(expected.get(c.datasetId) ?? 0);
    expect(r.counts.find((c) => c.datasetId === 'enterprises')!.count).toBeGreaterThan(100);
    const area = await sql<{ a: number }>`select ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(ZONE)}), 4326)::geography) as a`.execute(s.ctx.db.kysely);
    expect(r.areaM2).toBeCloseTo(area.rows[0]!.a, 3);
  });

  it('counts inside a radius equal PostGIS, and leaves out private layers for the public', async () => {
    const body = { center: [106.7205, 10.7415], radiusM: 800 };
    const r = await json<SpatialSelectResponse>(await s.api('/api/spatial/select', { method: 'POST', token: operator, json: body }));
    const direct = await sql<{ dataset_id: string; n: number }>`
      select dataset_id, count(*)::int as n from records
      where ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(106.7205, 10.7415), 4326)::geography, 800) group by dataset_id`.execute(s.ctx.db.kysely);
    const expected = new Map(direct.rows.map((x) => [x.dataset_id, x.n]));
    for (const c of r.counts) expect(c.count, c.datasetId).toBe(expected.get(c.datasetId) ?? 0);
    expect(r.counts.map((c) => c.datasetId)).toContain('household-businesses');
    expect(r.areaM2).toBeCloseTo(Math.PI * 800 * 800, 0);
    const anon = await json<SpatialSelectResponse>(await s.api('/api/spatial/select', { method: 'POST', json: body }));
    expect(anon.counts.map((c) => c.datasetId)).not.toContain('household-businesses');
    expect(anon.counts.map((c) => c.datasetId)).toContain('enterprises');
    expect((await s.api('/api/spatial/select', { method: 'POST', json: { ...body, datasets: ['security-cameras'] } })).status).toBe(401);
  });

  it('refuses bad selections with a clear error', async () => {
    const bow: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[106.7, 10.7], [106.72, 10.72], [106.72, 10.7], [106.7, 10.72], [106.7, 10.7]]] };
    const r = await s.api('/api/spatial/select', { method: 'POST', json: { geometry: bow } });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toMatch(/not a valid polygon/);
    expect((await s.api('/api/spatial/select', { method: 'POST', json: { center: [106.7, 10.7] } })).status).toBe(400);
    expect((await s.api('/api/spatial/select', { method: 'POST', json: { geometry: { type: 'Point', coordinates: [106.7, 10.7] } } })).status).toBe(400);
  });
});

describe('nearest features', () => {
  it('returns the n nearest by geodesic distance, equal to PostGIS', async () => {
    for (const [dataset, n] of [['fire-hydrants', 3], ['pharmacies', 10], ['roads', 5]] as const) {
      const r = await json<NearestResponse>(await s.api(`/api/spatial/nearest?dataset=${dataset}&lon=106.7205&lat=10.7415&n=${n}`));
      const direct = await sql<{ id: number; d: number }>`
        select id, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(106.7205, 10.7415), 4326)::geography) as d
        from records where dataset_id = ${dataset} order by d, id limit ${n}`.execute(s.ctx.db.kysely);
      expect(r.features.map((f) => Number(f.id))).toEqual(direct.rows.map((x) => x.id));
      r.features.forEach((f, i) => expect(f.distanceM).toBeCloseTo(direct.rows[i]!.d, 1));
      expect(r.features[0]!.geometry.type).toBeTruthy();
    }
    const h = await json<NearestResponse>(await s.api('/api/spatial/nearest?dataset=fire-hydrants&lon=106.7205&lat=10.7415'));
    expect(h.features).toHaveLength(3);
    expect(h.features[0]!.name).toBeTruthy();
    expect((await s.api('/api/spatial/nearest?dataset=household-businesses&lon=106.72&lat=10.74')).status).toBe(401);
  });
});

describe('choropleth', () => {
  it('counts per 2025 ward equal PostGIS, with breaks', async () => {
    const r = await json<ChoroplethResponse>(await s.api('/api/spatial/choropleth?dataset=enterprises&measure=count&scheme=vn2025&method=jenks&classes=4'));
    const direct = await sql<{ code: string; n: number }>`
      select a.code, count(r.id)::int as n from areas a
      left join records r on r.dataset_id = 'enterprises' and ST_Intersects(a.geom, r.geom)
      where a.scheme = 'vn2025' and a.level = 'ward' and a.valid_to is null group by a.code`.execute(s.ctx.db.kysely);
    expect(r.areas).toHaveLength(direct.rows.length);
    const byCode = new Map(direct.rows.map((x) => [x.code, x.n]));
    for (const a of r.areas) {
      expect(a.count, a.code).toBe(byCode.get(a.code));
      expect(a.value).toBe(a.count);
    }
    const total = await sql<{ n: number }>`select count(*)::int as n from records where dataset_id = 'enterprises'`.execute(s.ctx.db.kysely);
    expect(r.areas.reduce((t, a) => t + a.count, 0)).toBeGreaterThanOrEqual(total.rows[0]!.n);
    expect(r.areas.filter((a) => a.count > 1000).map((a) => a.code).sort()).toEqual(['27475', '27478', '27484', '27487']);
    // Classes are computed over the units that have records (most of the city's 168 have none).
    const withData = r.areas.filter((a) => a.count > 0);
    expect(r.areasWithData).toBe(withData.length);
    expect(r.breaks[0]).toBe(Math.min(...withData.map((a) => a.count)));
    expect(r.breaks.at(-1)).toBe(Math.max(...r.areas.map((a) => a.count)));
    expect(r.breaks.length).toBeLessThanOrEqual(5);
  });

  it('counts per pre-2025 ward equal PostGIS, and computes density, sum and avg', async () => {
    const r = await json<ChoroplethResponse>(await s.api('/api/spatial/choropleth?dataset=pharmacies&measure=density&scheme=vn2008'));
    expect(r.date).toBe('2025-01-01');
    const direct = await sql<{ code: string; n: number; km2: number }>`
      select a.code, count(r.id)::int as n, a.area_km2 as km2 from areas a
      left join records r on r.dataset_id = 'pharmacies' and ST_Intersects(a.geom, r.geom)
      where a.scheme = 'vn2008' and a.level = 'ward' and a.valid_from <= '2025-01-01' and a.valid_to > '2025-01-01' group by a.code, a.area_km2`.execute(s.ctx.db.kysely);
    expect(r.areas).toHaveLength(10);
    for (const a of r.areas) {
      const d = direct.rows.find((x) => x.code === a.code)!;
      expect(a.count).toBe(d.n);
      expect(a.value).toBeCloseTo(d.n / d.km2, 6);
    }
    expect(r.areas.reduce((t, a) => t + a.count, 0)).toBeGreaterThan(200);
    const sum = await json<ChoroplethResponse>(await s.api('/api/spatial/choropleth?dataset=hospitals&measure=sum&field=beds&method=equal'));
    const beds = await sql<{ code: string; s: number }>`
      select a.code, sum((r.props ->> 'beds')::int)::int as s from areas a join records r on r.dataset_id = 'hospitals' and ST_Intersects(a.geom, r.geom)
      where a.scheme = 'vn2025' and a.level = 'ward' and a.valid_to is null group by a.code`.execute(s.ctx.db.kysely);
    expect(beds.rows.length).toBeGreaterThan(0);
    for (const b of beds.rows) expect(sum.areas.find((a) => a.code === b.code)!.value).toBe(b.s);
    expect(sum.unit).toMatch(/beds/i);
    const avg = await json<ChoroplethResponse>(await s.api('/api/spatial/choropleth?dataset=hospitals&measure=avg&field=beds'));
    expect(avg.areas.find((a) => a.count === 0)?.value ?? null).toBeNull();
  });

  it('says so when population is unknown, and rejects bad measures', async () => {
    const r = await json<ChoroplethResponse>(await s.api('/api/spatial/choropleth?dataset=schools&measure=per10k'));
    expect(r.areas.every((a) => a.value === null)).toBe(true);
    expect(r.note).toMatch(/population/);
    expect(r.breaks).toEqual([]);
    expect((await s.api('/api/spatial/choropleth?dataset=hospitals&measure=sum')).status).toBe(400);
    expect((await s.api('/api/spatial/choropleth?dataset=hospitals&measure=sum&field=name')).status).toBe(400);
    expect((await s.api('/api/spatial/choropleth?dataset=hospitals&measure=median')).status).toBe(400);
    expect((await s.api('/api/spatial/choropleth?dataset=household-businesses')).status).toBe(401);
    expect((await s.api('/api/spatial/choropleth?dataset=household-businesses', { token: operator })).status).toBe(200);
  });
});

describe('measures and heatmap', () => {
  it('lists the readable layers with their numeric and date fields', async () => {
    const anon = await json<MeasuresResponse>(await s.api('/api/spatial/measures'));
    expect(anon.datasets.map((d) => d.datasetId)).not.toContain('security-cameras');
    const hosp = anon.datasets.find((d) => d.datasetId === 'hospitals')!;
    expect(hosp.numericFields.map((f) => f.name)).toContain('beds');
    expect(hosp.tilejson).toBe('/tiles/hospitals.json');
    expect(anon.populationKnown).toBe(false);
    const staff = await json<MeasuresResponse>(await s.api('/api/spatial/measures', { token: operator }));
    expect(staff.datasets.map((d) => d.datasetId)).toContain('security-cameras');
  });

  it('gives heatmap points whose weights add up to the records in the box', async () => {
    const r = await json<{ points: [number, number, number][]; total: number }>(await s.api('/api/spatial/heatmap?dataset=enterprises&bbox=106.69,10.69,106.76,10.76'));
    expect(r.points.reduce((t, p) => t + p[2], 0)).toBe(r.total);
    expect(r.total).toBeGreaterThan(1000);
  });
});
