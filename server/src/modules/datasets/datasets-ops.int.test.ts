// Export, bulk writes, restore from history, officer permissions and data quality, through
// the real HTTP API on a real database (embedded or PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';

let s: TestServer;
let admin: string;
let operator: string;
let officer: string;
/** A point inside the officer's ward (27475) and one inside another District 7 ward (27478). */
let inside: [number, number];
let outside: [number, number];

beforeAll(async () => {
  s = await startTestServer();
  [admin, operator, officer] = await Promise.all([s.login('admin'), s.login('operator'), s.login('officer')]);
  const pt = async (code: string) => {
    const r = await sql<{ x: number; y: number }>`
      select ST_X(p) as x, ST_Y(p) as y from (select ST_PointOnSurface(geom) as p from areas where code = ${code} and valid_to is null) t`.execute(s.ctx.db.kysely);
    return [Number(r.rows[0]!.x), Number(r.rows[0]!.y)] as [number, number];
  };
  inside = await pt('27475');
  outside = await pt('27478');
});
afterAll(() => s?.close());

interface Rec { id: number; properties: Record<string, unknown>; geometry: GeoJSON.Geometry | null }
const json = async <T>(res: Response) => (await res.json()) as T;
const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(s.ctx.db.kysely)).rows[0]!.n;
const pharmacy = (code: string, at: [number, number], extra: Record<string, unknown> = {}) => ({
  properties: { code, name: `Nhà thuốc Kiểm Thử ${code}`, address: '1 Nguyễn Thị Thập, phường Tân Hưng', ...extra },
  geometry: { type: 'Point', coordinates: at },
});

describe('export', () => {
  const filter = 'area=27475&f.sector=Thương mại';
  let expected: number;
  beforeAll(async () => {
    const page = await json<{ total: number }>(await s.api(`/api/datasets/enterprises/records?${encodeURI(filter)}&limit=1`, { token: admin }));
    expected = page.total;
    expect(expected).toBeGreaterThan(100);
  });

  it('writes CSV in UTF-8 with a BOM, the same rows as the list, Vietnamese intact', async () => {
    const res = await s.api(`/api/datasets/enterprises/export?format=csv&${encodeURI(filter)}`, { token: operator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['id', 'code', 'name']);
    expect(lines[0]).toMatch(/,lon,lat$/);
    expect(lines).toHaveLength(expected + 1);
    expect(text).toContain('Thương mại');
  });

  it('writes XLSX that exceljs reads back with the same count and values', async () => {
    const res = await s.api(`/api/datasets/enterprises/export?format=xlsx&${encodeURI(filter)}&sort=code`, { token: operator });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.actualRowCount).toBe(expected + 1);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const first = await json<{ records: Rec[] }>(await s.api(`/api/datasets/enterprises/records?${encodeURI(filter)}&sort=code&limit=1`, { token: operator }));
    const rec = first.records[0]!;
    const row = (ws.getRow(2).values as unknown[]).slice(1);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('id')).toBe(rec.id);
    expect(cell('code')).toBe(rec.properties.code);
    expect(cell('name')).toBe(rec.properties.name);
    expect(cell('legalRep')).toBe(rec.properties.legalRep); // masked for the operator, as in the list
    expect(String(cell('legalRep'))).toContain('*');
    expect(cell('lon')).toBeCloseTo((rec.geometry as GeoJSON.Point).coordinates[0]!, 6);
  });

  it('writes GeoJSON with every matching feature (30,025 enterprises, streamed)', async () => {
    const res = await s.api('/api/datasets/enterprises/export?format=geojson', { token: operator });
    expect(res.status).toBe(200);
    const fc = (await res.json()) as GeoJSON.FeatureCollection;
    expect(fc.features).toHaveLength(await count(sql<{ n: number }>`select count(*)::int as n from records where dataset_id = 'enterprises'`));
    expect(fc.features[0]!.geometry.type).toBe('Point');
  });

  it('shows personal fields to admins in clear with an audit entry, and hides them from the public', async () => {
    const before = await count(sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'dataset.personal_read'`);
    const clear = await s.api('/api/datasets/enterprises/export?format=geojson&area=27475&q=cong ty', { token: admin });
    const fc = (await clear.json()) as GeoJSON.FeatureCollection;
    expect(fc.features.some((f) => typeof f.properties!.legalRep === 'string' && !String(f.properties!.legalRep).includes('*'))).toBe(true);
    expect(await count(sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'dataset.personal_read'`)).toBe(before + 1);
    const anon = (await (await s.api('/api/datasets/enterprises/export?format=geojson&area=27475&q=cong ty')).json()) as GeoJSON.FeatureCollection;
    expect(anon.features.length).toBe(fc.features.length);
    expect(anon.features.every((f) => !('legalRep' in f.properties!))).toBe(true);
    expect((await s.api('/api/datasets/household-businesses/export?format=csv')).status).toBe(404);
    expect((await s.api('/api/datasets/enterprises/export?format=pdf', { token: admin })).status).toBe(400);
  });
});

describe('bulk', () => {
  it('writes nothing when one item is invalid, and names every failing item', async () => {
    const before = await count(sql<{ n: number }>`select count(*)::int as n from records where dataset_id = 'pharmacies'`);
    const res = await s.api('/api/datasets/pharmacies/records/bulk', {
      method: 'POST', token: operator,
      json: { items: [
        { op: 'create', ...pharmacy('B-1', inside) },
        { op: 'create', ...pharmacy('B-2', inside, { name: '' }) },
        { op: 'delete', id: 999999999 },
      ] },
    });
    expect(res.status).toBe(400);
    const body = await json<{ error: string; details: { items: { index: number; error: string }[] } }>(res);
    expect(body.error).toBe('bulk_rejected');
    expect(body.details.items.map((i) => [i.index, i.error])).toEqual([[1, 'invalid_record'], [2, 'not_found']]);
    expect(await count(sql<{ n: number }>`select count(*)::int as n from records where dataset_id = 'pharmacies'`)).toBe(before);
  });

  it('writes creates, updates and deletes together, each in the history', async () => {
    const [a, b] = (await json<{ records: Rec[] }>(await s.api('/api/datasets/pharmacies/records?limit=2&sort=id', { token: operator }))).records;
    const res = await s.api('/api/datasets/pharmacies/records/bulk', {
      method: 'POST', token: operator,
      json: { items: [
        { op: 'create', ...pharmacy('B-3', inside) },
        { op: 'update', id: a!.id, properties: { name: 'Nhà thuốc Đổi Tên Hàng Loạt' } },
        { op: 'delete', id: b!.id },
      ] },
    });
    expect(res.status).toBe(200);
    const body = await json<{ written: number; results: { op: string; id: number }[] }>(res);
    expect(body.written).toBe(3);
    expect((await json<Rec>(await s.api(`/api/datasets/pharmacies/records/${a!.id}`, { token: operator }))).properties.name).toBe('Nhà thuốc Đổi Tên Hàng Loạt');
    expect((await s.api(`/api/datasets/pharmacies/records/${b!.id}`, { token: operator })).status).toBe(404);
    const created = body.results[0]!.id;
    const h = await json<{ entries: { action: string }[] }>(await s.api(`/api/datasets/pharmacies/records/${created}/history`, { token: operator }));
    expect(h.entries.map((e) => e.action)).toEqual(['create']);
  });

  it('rejects a batch whose items collide on the natural key', async () => {
    const res = await s.api('/api/datasets/pharmacies/records/bulk', {
      method: 'POST', token: operator,
      json: { items: [{ op: 'create', ...pharmacy('B-4', inside) }, { op: 'create', ...pharmacy('B-4', inside) }] },
    });
    expect(res.status).toBe(400);
    expect((await json<{ details: { items: { index: number; error: string }[] } }>(res)).details.items).toEqual([expect.objectContaining({ index: 1, error: 'conflict' })]);
    expect(await count(sql<{ n: number }>`select count(*)::int as n from records where dataset_id = 'pharmacies' and props ->> 'code' = 'B-4'`)).toBe(0);
  });
});

describe('restore from history', () => {
  it('restores an earlier version and a deleted record, each restore in the history', async () => {
    const created = await json<Rec>(await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: operator, json: pharmacy('R-1', inside) }));
    await s.api(`/api/datasets/pharmacies/records/${created.id}`, { method: 'PATCH', token: operator, json: { properties: { name: 'Tên mới' } } });
    let h = await json<{ entries: { id: number; action: string; after: { properties: Record<string, unknown> } | null }[] }>(
      await s.api(`/api/datasets/pharmacies/records/${created.id}/history`, { token: operator }),
    );
    const createEntry = h.entries[0]!;
    const back = await s.api(`/api/datasets/pharmacies/records/${created.id}/history/${createEntry.id}/restore`, { method: 'POST', token: operator });
    expect(back.status).toBe(200);
    expect((await json<Rec>(back)).properties.name).toBe('Nhà thuốc Kiểm Thử R-1');

    expect((await s.api(`/api/datasets/pharmacies/records/${created.id}`, { method: 'DELETE', token: operator })).status).toBe(204);
    h = await json(await s.api(`/api/datasets/pharmacies/records/${created.id}/history`, { token: operator }));
    const deletion = h.entries.at(-1)!;
    expect(deletion.action).toBe('delete');
    const revived = await s.api(`/api/datasets/pharmacies/records/${created.id}/history/${deletion.id}/restore`, { method: 'POST', token: operator });
    expect(revived.status).toBe(200);
    expect((await json<Rec>(await s.api(`/api/datasets/pharmacies/records/${created.id}`, { token: operator }))).properties.code).toBe('R-1');
    h = await json(await s.api(`/api/datasets/pharmacies/records/${created.id}/history`, { token: operator }));
    expect(h.entries.map((e) => e.action)).toEqual(['create', 'update', 'restore', 'delete', 'restore']);
    expect((h.entries.at(-1) as unknown as { restoredFrom: number }).restoredFrom).toBe(deletion.id);
    expect((await s.api(`/api/datasets/pharmacies/records/${created.id}/history/${deletion.id}/restore`, { method: 'POST', token: await s.login('leader') })).status).toBe(403);
    expect((await s.api(`/api/datasets/pharmacies/records/${created.id}/history/99999999/restore`, { method: 'POST', token: operator })).status).toBe(404);
  });
});

describe('officer permissions', () => {
  it('lets an officer write records inside their ward only', async () => {
    const ok = await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: officer, json: pharmacy('O-1', inside) });
    expect(ok.status).toBe(201);
    const rec = await json<Rec>(ok);
    expect((await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: officer, json: pharmacy('O-2', outside) })).status).toBe(403);
    // Moving their record out of their ward is refused; editing it in place is fine.
    expect((await s.api(`/api/datasets/pharmacies/records/${rec.id}`, { method: 'PATCH', token: officer, json: { geometry: { type: 'Point', coordinates: outside } } })).status).toBe(403);
    expect((await s.api(`/api/datasets/pharmacies/records/${rec.id}`, { method: 'PATCH', token: officer, json: { properties: { name: 'Đổi tên' } } })).status).toBe(200);
    // A record of another ward cannot be changed or deleted.
    const other = await json<Rec>(await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: operator, json: pharmacy('O-3', outside) }));
    expect((await s.api(`/api/datasets/pharmacies/records/${other.id}`, { method: 'PATCH', token: officer, json: { properties: { name: 'x' } } })).status).toBe(403);
    expect((await s.api(`/api/datasets/pharmacies/records/${other.id}`, { method: 'DELETE', token: officer })).status).toBe(403);
    expect((await s.api(`/api/datasets/pharmacies/records/${rec.id}`, { method: 'DELETE', token: officer })).status).toBe(204);
  });

  it('lets an officer write anywhere in a dataset their unit owns', async () => {
    const decl = {
      id: 'ward-notices', titleVi: 'Thông báo phường', titleEn: 'Ward notices', domain: 'public-services', ownerUnit: 'ubnd-27475',
      geometryType: 'point', publicRead: false, naturalKey: [], fields: [{ name: 'name', type: 'text', titleVi: 'Tên', titleEn: 'Name', required: true }],
    };
    expect((await s.api('/api/datasets', { method: 'POST', token: admin, json: decl })).status).toBe(201);
    const res = await s.api('/api/datasets/ward-notices/records', { method: 'POST', token: officer, json: { properties: { name: 'Ngoài phường' }, geometry: { type: 'Point', coordinates: outside } } });
    expect(res.status).toBe(201);
  });
});

describe('data quality', () => {
  it('finds a planted missing field, a point outside its claimed ward and a duplicate', async () => {
    const initial = await json<{ score: number; findings: { check: string; count: number }[] }>(await s.api('/api/datasets/hospitals/quality', { token: operator }));
    expect(initial.findings.map((f) => f.check)).toEqual(['missing-required', 'outside-area', 'duplicates', 'stale', 'position-flags']);
    expect(initial.findings.every((f) => f.count === 0)).toBe(true);
    expect(initial.score).toBe(100);

    const base = { name: 'Bệnh viện Kiểm Thử', address: '5 Nguyễn Lương Bằng, phường Tân Hưng', ownership: 'Công lập', beds: 50 };
    const h = (code: string, at: [number, number], extra: Record<string, unknown> = {}) =>
      ({ properties: { ...base, code, ...extra }, geometry: { type: 'Point', coordinates: at } });
    const rows = await sql<{ id: number }>`select id from records where dataset_id = 'hospitals' order by id limit 1`.execute(s.ctx.db.kysely);
    // Missing required field: written directly (the API would refuse it), as an old import might have left it.
    await sql`update records set props = props - 'name' where id = ${rows.rows[0]!.id}`.execute(s.ctx.db.kysely);
    const post = async (body: unknown) => {
      const res = await s.api('/api/datasets/hospitals/records', { method: 'POST', token: operator, json: body });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await json<Rec>(res)).id;
    };
    const outsideId = await post(h('Q-OUT', outside));
    const dupA = await post(h('Q-D1', inside));
    const dupB = await post(h('Q-D2', [inside[0] + 0.0002, inside[1]])); // ≈ 22 m east

    const q = await json<{ score: number; findings: { check: string; count: number; records: string }[] }>(await s.api('/api/datasets/hospitals/quality', { token: operator }));
    const byCheck = Object.fromEntries(q.findings.map((f) => [f.check, f]));
    expect(byCheck['missing-required']!.count).toBe(1);
    expect(byCheck['outside-area']!.count).toBe(1);
    expect(byCheck.duplicates!.count).toBe(2);
    expect(q.score).toBeLessThan(100);
    const ids = async (check: string) =>
      (await json<{ records: Rec[] }>(await s.api(byCheck[check]!.records, { token: operator }))).records.map((r) => r.id).sort((a, b) => a - b);
    expect(await ids('outside-area')).toEqual([outsideId]);
    expect(await ids('duplicates')).toEqual([dupA, dupB].sort((a, b) => a - b));
    expect(await ids('missing-required')).toEqual([rows.rows[0]!.id]);
    const list = await json<{ datasets: { id: string; qualityScore: number }[] }>(await s.api('/api/datasets', { token: operator }));
    expect(list.datasets.find((d) => d.id === 'hospitals')!.qualityScore).toBe(q.score);
    expect((await s.api('/api/datasets/hospitals/records?quality=nonsense', { token: operator })).status).toBe(400);
  });

  // Its speed is measured in bench/ (no test asserts wall-clock time).
  it('reports on every one of the 30,000 enterprises', async () => {
    const q = await json<{ total: number }>(await s.api('/api/datasets/enterprises/quality', { token: operator }));
    expect(q.total).toBeGreaterThan(30_000);
  });
});

describe('operational zones', () => {
  it('is a built-in polygon dataset of the IOC, not public, and takes a drawn zone', async () => {
    const d = await json<{ geometryType: string; ownerUnit: string; publicRead: boolean; titleVi: string }>(await s.api('/api/datasets/operational-zones', { token: operator }));
    expect(d).toMatchObject({ geometryType: 'polygon', ownerUnit: 'ioc', publicRead: false, titleVi: 'Vùng tác nghiệp' });
    const [x, y] = inside;
    const ring = [[x, y], [x + 0.002, y], [x + 0.002, y + 0.002], [x, y + 0.002], [x, y]];
    const res = await s.api('/api/datasets/operational-zones/records', {
      method: 'POST', token: operator,
      json: { properties: { name: 'Vùng phong tỏa thử', kind: 'lockdown', starts_on: '2026-11-01', ends_on: '2026-11-30' }, geometry: { type: 'Polygon', coordinates: [ring] } },
    });
    expect(res.status).toBe(201);
    const bad = await s.api('/api/datasets/operational-zones/records', { method: 'POST', token: operator, json: { properties: { name: 'x', kind: 'party' }, geometry: { type: 'Polygon', coordinates: [ring] } } });
    expect(bad.status).toBe(400);
    expect((await s.api('/api/datasets/operational-zones')).status).toBe(404);
  });
});
