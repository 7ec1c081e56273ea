import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';

const D7_2025 = ['27475', '27478', '27484', '27487'];
const D7_OLD = ['27466', '27469', '27472', '27475', '27478', '27481', '27484', '27487', '27490', '27493'];

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

interface AreaJson { id: number; code: string; nameVi: string; level: string; validFrom: string; validTo: string | null; approximate: boolean; parentCode: string | null }

describe('GET /api/areas', () => {
  it('returns, for today, the 168 city units including the four District 7 wards', async () => {
    const res = await s.api('/api/areas?level=ward');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { date: string; areas: AreaJson[] };
    expect(body.areas).toHaveLength(168);
    const d7 = body.areas.filter((a) => D7_2025.includes(a.code));
    expect(d7.map((a) => a.nameVi).sort()).toEqual(['Phường Phú Thuận', 'Phường Tân Hưng', 'Phường Tân Mỹ', 'Phường Tân Thuận']);
    expect(d7.every((a) => a.validFrom === '2025-07-01' && a.validTo === null && a.parentCode === '79')).toBe(true);
  });

  it('returns the ten older wards (approximate) for 2025-01-01', async () => {
    const body = (await (await s.api('/api/areas?level=ward&date=2025-01-01')).json()) as { areas: AreaJson[] };
    expect(body.areas.map((a) => a.code).sort()).toEqual(D7_OLD);
    expect(body.areas.every((a) => a.approximate && a.parentCode === '778' && a.validTo === '2025-07-01')).toBe(true);
    // Code reuse: 27478 was Bình Thuận before the reform and is Tân Thuận after it.
    expect(body.areas.find((a) => a.code === '27478')?.nameVi).toBe('Phường Bình Thuận');
  });

  it('uses an exclusive end date: 2025-06-30 is the last day of the old units', async () => {
    const before = (await (await s.api('/api/areas?level=ward&date=2025-06-30')).json()) as { areas: AreaJson[] };
    const after = (await (await s.api('/api/areas?level=ward&date=2025-07-01')).json()) as { areas: AreaJson[] };
    expect(before.areas).toHaveLength(10);
    expect(after.areas).toHaveLength(168);
  });

  it('filters by parent code and level, and lists the hierarchy', async () => {
    const byParent = (await (await s.api('/api/areas?parent=778&date=2020-05-05')).json()) as { areas: AreaJson[] };
    expect(byParent.areas).toHaveLength(10);
    const all2020 = (await (await s.api('/api/areas?date=2020-05-05')).json()) as { areas: AreaJson[] };
    expect(all2020.areas.map((a) => a.level).filter((l) => l === 'district')).toHaveLength(1);
    const city = (await (await s.api('/api/areas?level=city')).json()) as { areas: (AreaJson & { areaKm2: number })[] };
    expect(city.areas).toHaveLength(1);
    // The city outline is the union of its units: far bigger than any ward.
    expect(city.areas[0]!.areaKm2).toBeGreaterThan(5000);
  });

  it('returns GeoJSON with format=geojson, each feature carrying its code', async () => {
    const res = await s.api('/api/areas?format=geojson&code=27475,27478');
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    const fc = (await res.json()) as { type: string; features: { properties: AreaJson; geometry: { type: string; coordinates: number[][][][] } }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.properties.code).sort()).toEqual(['27475', '27478']);
    expect(fc.features[0]!.geometry.type).toBe('MultiPolygon');
    const [lon, lat] = fc.features[0]!.geometry.coordinates[0]![0]![0]!;
    expect(lon).toBeGreaterThan(106.6);
    expect(lat).toBeGreaterThan(10.6);
  });

  it('revalidates boundary documents by ETag: unchanged areas answer 304 without a body', async () => {
    const first = await s.api('/api/areas?format=geojson&code=27475');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    await first.arrayBuffer();
    const again = await s.api('/api/areas?format=geojson&code=27475', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await s.api('/api/areas?format=geojson&code=27478', { headers: { 'if-none-match': etag! } });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
    expect(((await other.json()) as { features: unknown[] }).features).toHaveLength(1);
  });

  it('rejects a malformed date with a clear error', async () => {
    const res = await s.api('/api/areas?date=23-11-2026');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('date');
  });
});

describe('point in area', () => {
  // A point in the Phú Mỹ Hưng area (old Tân Phong, since 2025 Tân Hưng).
  const lon = 106.7045;
  const lat = 10.7285;

  it('assigns a point to the unit containing it on any date, matching PostGIS directly', async () => {
    const today = (await (await s.api(`/api/areas/locate?lon=${lon}&lat=${lat}&level=ward`)).json()) as { areas: AreaJson[] };
    const old = (await (await s.api(`/api/areas/locate?lon=${lon}&lat=${lat}&level=ward&date=2024-12-31`)).json()) as { areas: AreaJson[] };
    expect(today.areas.map((a) => a.code)).toEqual(['27475']);
    expect(old.areas).toHaveLength(1);
    const direct = await sql<{ code: string }>`
      select code from areas where level = 'ward' and valid_to = '2025-07-01'
        and ST_Contains(geom, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))`.execute(s.ctx.db.kysely);
    expect(old.areas.map((a) => a.code)).toEqual(direct.rows.map((r) => r.code));
    // The old ward it was in merged into the ward it is in today.
    const detail = (await (await s.api(`/api/areas/${old.areas[0]!.id}`)).json()) as { successors: { code: string }[] };
    expect(detail.successors.map((x) => x.code)).toEqual(['27475']);
  });

  it('lists all levels containing a point, largest first', async () => {
    const body = (await (await s.api(`/api/areas/locate?lon=${lon}&lat=${lat}&date=2024-01-01`)).json()) as { areas: AreaJson[] };
    expect(body.areas.map((a) => a.level)).toEqual(['district', 'ward']);
  });

  it('records lineage: Phú Mỹ was split between Phú Thuận and Tân Mỹ', async () => {
    const list = (await (await s.api('/api/areas?code=27493&date=2025-01-01')).json()) as { areas: AreaJson[] };
    const phuMy = (await (await s.api(`/api/areas/${list.areas[0]!.id}`)).json()) as { successors: { code: string; whole: boolean }[] };
    expect(phuMy.successors.map((x) => [x.code, x.whole]).sort()).toEqual([
      ['27484', false],
      ['27487', false],
    ]);
    const tanHung = (await (await s.api('/api/areas?code=27475')).json()) as { areas: AreaJson[] };
    const detail = (await (await s.api(`/api/areas/${tanHung.areas[0]!.id}`)).json()) as { predecessors: { code: string }[] };
    expect(detail.predecessors.map((p) => p.code).sort()).toEqual(['27472', '27475', '27481', '27490']);
  });
});
