import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { DEMO_COUNTS } from './builtin-datasets.ts';
import { normaliseText } from './validation.ts';

let s: TestServer;
let admin: string;
beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
});
afterAll(() => s?.close());

interface Summary { id: string; recordCount: number; publicRead: boolean; domain: string; lastUpdate: string; titleVi: string }
interface Rec { id: number; naturalKey: string | null; properties: Record<string, unknown>; geometry: GeoJSON.Geometry | null; areaIds: number[]; synthetic: boolean; createdBy: string; updatedBy: string }
interface Page { total: number; limit: number; offset: number; personalData: string; records: Rec[] }
const json = async <T>(res: Response) => (await res.json()) as T;
const pharmacy = (code: string, extra: Record<string, unknown> = {}) => ({
  properties: { code, name: 'Nhà thuốc Hạnh Phúc Đặc Biệt', address: '12 Huỳnh Tấn Phát, phường Tân Thuận', pharmacist: 'DS. Trần Thị Bích', ...extra },
  geometry: { type: 'Point', coordinates: [106.7045, 10.7285] },
});

describe('GET /api/datasets on the demo', () => {
  it('shows every District 7 count exactly, every record synthetic', async () => {
    const body = await json<{ datasets: Summary[] }>(await s.api('/api/datasets', { token: admin }));
    // Other modules may declare datasets of their own (e.g. sensors): compare the built-in ones.
    const counts = Object.fromEntries(body.datasets.filter((d) => d.id in DEMO_COUNTS || d.id === 'operational-zones').map((d) => [d.id, d.recordCount]));
    expect(counts).toEqual({ ...DEMO_COUNTS, 'operational-zones': 0 });
    expect(body.datasets.every((d) => d.titleVi && !Number.isNaN(Date.parse(d.lastUpdate)) && 'qualityScore' in d)).toBe(true);
    expect(new Set(body.datasets.map((d) => d.domain))).toEqual(new Set(['economy', 'urban', 'environment', 'health', 'education', 'security', 'public-services']));
    const notSynthetic = await sql<{ n: number }>`select count(*)::int as n from records where not synthetic`.execute(s.ctx.db.kysely);
    expect(notSynthetic.rows[0]!.n).toBe(0);
  });

  it('shows anonymous callers only the public datasets', async () => {
    const body = await json<{ datasets: Summary[] }>(await s.api('/api/datasets'));
    expect(body.datasets.every((d) => d.publicRead)).toBe(true);
    const ids = body.datasets.map((d) => d.id);
    expect(ids).toContain('enterprises');
    expect(ids).not.toContain('household-businesses');
    expect(ids).not.toContain('security-cameras');
    expect((await s.api('/api/datasets/household-businesses/records')).status).toBe(404);
    expect((await s.api('/api/datasets/household-businesses')).status).toBe(404);
    expect((await s.api('/api/datasets/household-businesses/records', { token: await s.login('officer') })).status).toBe(200);
  });
});

describe('demo records lie in their wards', () => {
  it('every record is within the 2025 ward it names, and in the pre-2025 ward it names', async () => {
    const r = await sql<{ total: number; outside: number; no_old: number; old_outside: number }>`
      select count(*)::int as total,
        count(*) filter (where not ST_Within(r.geom, w.geom))::int as outside,
        count(*) filter (where o.id is null)::int as no_old,
        count(*) filter (where o.id is not null and not ST_Intersects(r.geom, o.geom))::int as old_outside
      from records r
      join areas w on w.id = r.area_ids[1] and w.valid_from = '2025-07-01' and w.code in ('27475', '27478', '27484', '27487')
      left join areas o on o.id = r.area_ids[2] and o.valid_to = '2025-07-01'
      where r.synthetic and r.dataset_id = any(${Object.keys(DEMO_COUNTS)}::text[])`.execute(s.ctx.db.kysely);
    const row = r.rows[0]!;
    expect(row.total).toBe(Object.values(DEMO_COUNTS).reduce((a, b) => a + b, 0));
    expect(row).toMatchObject({ outside: 0, no_old: 0, old_outside: 0 });
  });

  it('draws lines for roads, alleys and canals and polygons for zoning, land use and green areas', async () => {
    const r = await sql<{ dataset_id: string; t: string }>`
      select distinct dataset_id, GeometryType(geom) as t from records
      where dataset_id in ('roads', 'alleys', 'rivers-canals', 'zoning-areas', 'land-use-plan', 'green-areas', 'pharmacies') order by 1`.execute(s.ctx.db.kysely);
    expect(r.rows.map((x) => `${x.dataset_id}:${x.t}`)).toEqual([
      'alleys:LINESTRING', 'green-areas:POLYGON', 'land-use-plan:POLYGON', 'pharmacies:POINT', 'rivers-canals:LINESTRING', 'roads:LINESTRING', 'zoning-areas:POLYGON',
    ]);
  });

  it('filters by area for a date: a 2025 ward today, a former ward before the reform', async () => {
    const direct = await sql<{ n: number }>`
      select count(*)::int as n from records r join areas a on a.code = '27475' and a.valid_from = '2025-07-01'
      where r.dataset_id = 'pharmacies' and ST_Intersects(a.geom, r.geom)`.execute(s.ctx.db.kysely);
    const today = await json<Page>(await s.api('/api/datasets/pharmacies/records?area=27475&limit=1'));
    expect(today.total).toBe(direct.rows[0]!.n);
    expect(today.total).toBeGreaterThan(0);
    const all = await json<Page>(await s.api('/api/datasets/pharmacies/records?limit=1'));
    expect(all.total).toBe(266);
    // District 7 as it was in 2024 holds them all; its former ward Tân Phong only some.
    const district = await json<Page>(await s.api('/api/datasets/pharmacies/records?area=778&date=2024-06-01&limit=1'));
    expect(district.total).toBe(266);
    const tanPhong = await json<Page>(await s.api('/api/datasets/pharmacies/records?area=27490&date=2024-06-01&limit=1'));
    expect(tanPhong.total).toBeGreaterThan(0);
    expect(tanPhong.total).toBeLessThan(266);
    const bad = await s.api('/api/datasets/pharmacies/records?area=27490');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('27490');
  });
});

describe('listing', () => {
  it('pages, sorts and filters by field', async () => {
    const p1 = await json<Page>(await s.api('/api/datasets/enterprises/records?limit=5&offset=0&sort=id'));
    const p2 = await json<Page>(await s.api('/api/datasets/enterprises/records?limit=5&offset=5&sort=id'));
    expect(p1.total).toBe(30_025);
    expect(p1.records).toHaveLength(5);
    expect(p2.records[0]!.id).toBeGreaterThan(p1.records[4]!.id);
    const beds = await json<Page>(await s.api('/api/datasets/hospitals/records?sort=-beds'));
    const values = beds.records.map((r) => r.properties.beds as number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const supermarkets = await json<Page>(await s.api(`/api/datasets/markets-supermarkets/records?f.kind=${encodeURIComponent('Siêu thị')}`));
    expect(supermarkets.total).toBeGreaterThan(0);
    expect(supermarkets.records.every((r) => r.properties.kind === 'Siêu thị')).toBe(true);
    expect((await s.api('/api/datasets/hospitals/records?f.colour=red')).status).toBe(400);
    expect((await s.api('/api/datasets/hospitals/records?f.beds=many')).status).toBe(400);
    expect((await s.api('/api/datasets/hospitals/records?sort=nope')).status).toBe(400);
  });

  it('finds records with or without diacritics', async () => {
    const some = await json<Page>(await s.api('/api/datasets/enterprises/records?limit=1&offset=123'));
    const name = some.records[0]!.properties.name as string;
    const plain = normaliseText(name);
    expect(plain).not.toBe(name.toLowerCase());
    const found = await json<Page>(await s.api(`/api/datasets/enterprises/records?limit=1000&q=${encodeURIComponent(plain.toUpperCase())}`));
    expect(found.records.map((r) => r.id)).toContain(some.records[0]!.id);
    const withMarks = await json<Page>(await s.api(`/api/datasets/enterprises/records?limit=1&q=${encodeURIComponent(name)}`));
    expect(withMarks.total).toBe(found.total);
  });
});

describe('record changes with history', () => {
  it('creates, updates and deletes a record, keeping who and before/after', async () => {
    const operator = await s.login('operator');
    // The pharmacist is a personal field: an operator may not write it; an admin adds it after.
    expect((await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: operator, json: pharmacy('9001/ĐKKDD-HCM') })).status).toBe(403);
    const { pharmacist, ...withoutPersonal } = pharmacy('9001/ĐKKDD-HCM').properties;
    const created = await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: operator, json: { ...pharmacy('9001/ĐKKDD-HCM'), properties: withoutPersonal } });
    expect(created.status).toBe(201);
    const rec = await json<Rec>(created);
    expect(rec).toMatchObject({ naturalKey: '9001/ĐKKDD-HCM', synthetic: false, createdBy: 'operator' });
    expect(rec.areaIds.length).toBe(2); // the 2025 ward and the former ward
    expect((await s.api(`/api/datasets/pharmacies/records/${rec.id}`, { method: 'PATCH', token: admin, json: { properties: { pharmacist } } })).status).toBe(200);
    const seen = await json<Rec>(await s.api(`/api/datasets/pharmacies/records/${rec.id}`, { token: operator }));
    expect(seen.properties.pharmacist).not.toBe('DS. Trần Thị Bích'); // operators see it masked

    const found = await json<Page>(await s.api('/api/datasets/pharmacies/records?q=hanh%20phuc%20dac%20biet'));
    expect(found.records.map((r) => r.id)).toEqual([rec.id]);

    const patched = await s.api(`/api/datasets/pharmacies/records/${rec.id}`, { method: 'PATCH', token: operator, json: { properties: { openingHours: '24/24' } } });
    expect(patched.status).toBe(200);
    expect((await json<Rec>(patched)).properties).toMatchObject({ openingHours: '24/24', name: 'Nhà thuốc Hạnh Phúc Đặc Biệt' });
    const moved = await s.api(`/api/datasets/pharmacies/records/${rec.id}`, { method: 'PATCH', token: admin, json: { geometry: { type: 'Point', coordinates: [106.735, 10.745] }, properties: { openingHours: null } } });
    expect(moved.status).toBe(200);
    const after = await json<Rec>(moved);
    expect(after.properties.openingHours).toBeUndefined();
    expect(after.updatedBy).toBe('admin');

    expect((await s.api(`/api/datasets/pharmacies/records/${rec.id}`, { method: 'DELETE', token: operator })).status).toBe(204);
    expect((await s.api(`/api/datasets/pharmacies/records/${rec.id}`)).status).toBe(404);
    const history = await json<{ entries: { action: string; actor: string; before: { properties: Record<string, unknown> } | null; after: { properties: Record<string, unknown> } | null }[] }>(
      await s.api(`/api/datasets/pharmacies/records/${rec.id}/history`, { token: admin }),
    );
    expect(history.entries.map((e) => `${e.action}:${e.actor}`)).toEqual(['create:operator', 'update:admin', 'update:operator', 'update:admin', 'delete:operator']);
    expect(history.entries[2]!.before!.properties.openingHours).toBeUndefined();
    expect(history.entries[2]!.after!.properties.openingHours).toBe('24/24');
    expect(history.entries[4]!.after).toBeNull();
    expect(history.entries[1]!.after!.properties.pharmacist).toBe('DS. Trần Thị Bích');
    // Others see the history with personal fields masked.
    const masked = await json<typeof history>(await s.api(`/api/datasets/pharmacies/records/${rec.id}/history`, { token: operator }));
    expect(masked.entries[1]!.after!.properties.pharmacist).not.toBe('DS. Trần Thị Bích');
    expect((await s.api(`/api/datasets/pharmacies/records/${rec.id}/history`)).status).toBe(401);
  });

  it('keeps each dataset\'s counts and last change exact through every kind of write (the catalogue reads them, it does not count)', async () => {
    const db = s.ctx.db.kysely;
    // The truth, counted from the records; and what the catalogue and the map's layer list say.
    const truth = async () =>
      Object.fromEntries((await sql<{ id: string; n: number; g: number }>`select dataset_id as id, count(*)::int as n, count(geom)::int as g from records group by dataset_id`.execute(db)).rows.map((r) => [r.id, [r.n, r.g]]));
    const kept = async () =>
      Object.fromEntries((await sql<{ id: string; n: number; g: number }>`select dataset_id as id, record_count::int as n, geometry_count::int as g from dataset_record_stats where record_count > 0`.execute(db)).rows.map((r) => [r.id, [r.n, r.g]]));
    const listed = async (id: string) => (await json<{ datasets: Summary[] }>(await s.api('/api/datasets', { token: admin }))).datasets.find((d) => d.id === id)!;
    expect(await kept()).toEqual(await truth());
    const before = await listed('pharmacies');

    // Through the API: one record added, then deleted.
    const created = await json<Rec>(await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: admin, json: pharmacy('9002/ĐKKDD-HCM') }));
    expect((await listed('pharmacies')).recordCount).toBe(before.recordCount + 1);
    expect(Date.parse((await listed('pharmacies')).lastUpdate)).toBeGreaterThan(Date.parse(before.lastUpdate));
    const beforeDelete = Date.now();
    expect((await s.api(`/api/datasets/pharmacies/records/${created.id}`, { method: 'DELETE', token: admin })).status).toBe(204);
    const afterDelete = await listed('pharmacies');
    expect(afterDelete.recordCount).toBe(before.recordCount);
    // A deletion is a change of the dataset: its time is the last update.
    expect(Date.parse(afterDelete.lastUpdate)).toBeGreaterThanOrEqual(beforeDelete - 1000);

    // Straight SQL, several rows and datasets per statement: geometries removed and given back,
    // records moved between datasets and back, rows added and removed in bulk.
    const some = (await sql<{ id: number }>`select id from records where dataset_id = 'pharmacies' and geom is not null order by id limit 5`.execute(db)).rows.map((r) => r.id);
    await sql`update records set geom = null where id in (${sql.join(some)})`.execute(db);
    expect(await kept()).toEqual(await truth());
    await sql`update records set dataset_id = 'enterprises', natural_key = 'moved-' || id where id in (${sql.join(some.slice(0, 2))})`.execute(db);
    expect(await kept()).toEqual(await truth());
    await sql`update records set dataset_id = 'pharmacies', natural_key = substr(natural_key, 7) where id in (${sql.join(some.slice(0, 2))})`.execute(db);
    expect(await kept()).toEqual(await truth());
    await sql`update records set geom = ST_SetSRID(ST_MakePoint(106.72, 10.74), 4326) where id in (${sql.join(some)})`.execute(db);
    expect(await kept()).toEqual(await truth());
    await sql`insert into records (dataset_id, natural_key, props, geom, synthetic, created_by, updated_by)
      select 'pharmacies', 'bulk-' || g, '{}'::jsonb, case when g % 2 = 0 then ST_SetSRID(ST_MakePoint(106.72, 10.74), 4326) end, true, 'test', 'test' from generate_series(1, 7) g`.execute(db);
    expect((await kept()).pharmacies).toEqual([before.recordCount + 7, (await truth()).pharmacies![1]]);
    expect(await kept()).toEqual(await truth());
    await sql`delete from records where natural_key like 'bulk-%'`.execute(db);
    expect(await kept()).toEqual(await truth());
    expect((await listed('pharmacies')).recordCount).toBe(before.recordCount);
  });

  it('rejects invalid records with a 400 naming the field, and duplicates with 409', async () => {
    const post = (body: unknown) => s.api('/api/datasets/hospitals/records', { method: 'POST', token: admin, json: body });
    const base = { properties: { code: 'BV-900', name: 'Bệnh viện Thử nghiệm', address: '1 Nguyễn Văn Linh, phường Tân Mỹ', ownership: 'Công lập' }, geometry: { type: 'Point', coordinates: [106.71, 10.73] } };
    const cases: [unknown, string][] = [
      [{ ...base, properties: { ...base.properties, name: undefined } }, 'name is required'],
      [{ ...base, properties: { ...base.properties, ownership: 'Nhà nước' } }, 'ownership must be one of'],
      [{ ...base, properties: { ...base.properties, beds: -3 } }, 'beds must be at least 0'],
      [{ ...base, properties: { ...base.properties, beds: 'many' } }, 'beds must be a number'],
      [{ ...base, properties: { ...base.properties, colour: 'red' } }, 'colour is not a field'],
      [{ ...base, geometry: { type: 'LineString', coordinates: [[106.7, 10.7], [106.71, 10.71]] } }, 'geometry must be a GeoJSON Point'],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, message).toBe(400);
      const err = await json<{ error: string; message: string; details: { problems: { field: string }[] } }>(res);
      expect(err.message).toContain(message);
      expect(err.details.problems).toHaveLength(1);
    }
    expect((await post(base)).status).toBe(201);
    const dup = await post(base);
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('BV-900');
    const demo = await json<Page>(await s.api('/api/datasets/hospitals/records?limit=1'));
    const patchBad = await s.api(`/api/datasets/hospitals/records/${demo.records[0]!.id}`, { method: 'PATCH', token: admin, json: { properties: { beds: 1.5 } } });
    expect(patchBad.status).toBe(400);
    expect(await patchBad.text()).toContain('beds must be a whole number');
  });

  it('lets only admins, operators and officers (in their area) write', async () => {
    const body = pharmacy('9002/ĐKKDD-HCM');
    expect((await s.api('/api/datasets/pharmacies/records', { method: 'POST', json: body })).status).toBe(401);
    // Officers: only inside their own ward (see datasets-ops.int.test.ts).
    expect((await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: await s.login('leader'), json: body })).status).toBe(403);
  });
});

describe('personal data', () => {
  it('is masked for staff, left out for the public, clear for admins with an audit entry', async () => {
    const leader = await s.login('leader');
    const asLeader = await json<Page>(await s.api('/api/datasets/household-businesses/records?limit=3', { token: leader }));
    expect(asLeader.personalData).toBe('masked');
    expect(asLeader.records[0]!.properties.owner).toMatch(/^\S\*+ \S\*+ \S\*+$/);
    expect(asLeader.records[0]!.properties.ownerPhone).toMatch(/^09\*+\d\d$/);
    expect((await s.api('/api/datasets/household-businesses/records?f.owner=x', { token: leader })).status).toBe(400);

    const asPublic = await json<Page>(await s.api('/api/datasets/enterprises/records?limit=3'));
    expect(asPublic.personalData).toBe('hidden');
    expect(asPublic.records.every((r) => !('legalRep' in r.properties))).toBe(true);

    const asAdmin = await json<Page>(await s.api('/api/datasets/household-businesses/records?limit=3', { token: admin }));
    expect(asAdmin.personalData).toBe('clear');
    expect(asAdmin.records[0]!.properties.owner).toMatch(/^\S+ \S+ \S+$/);
    expect(String(asAdmin.records[0]!.properties.owner)).not.toContain('*');
    const audit = await json<{ entries: { actor: string; targetId: string; details: { recordIds: number[] } }[] }>(
      await s.api('/api/audit?action=dataset.personal_read', { token: admin }),
    );
    expect(audit.entries.some((e) => e.actor === 'admin' && e.targetId === 'household-businesses' && e.details.recordIds.includes(asAdmin.records[0]!.id))).toBe(true);
  });
});

describe('personal fields are written by admins only (issue 14 #10)', () => {
  it('refuses an operator or officer changing a personal field, allows the other fields, and audits clear reads in write answers', async () => {
    const operator = await s.login('operator');
    const page = await json<Page>(await s.api('/api/datasets/household-businesses/records?limit=1', { token: admin }));
    const rid = page.records[0]!.id;
    const url = `/api/datasets/household-businesses/records/${rid}`;
    const refused = await s.api(url, { method: 'PATCH', token: operator, json: { properties: { ownerPhone: '0900000000' } } });
    expect(refused.status).toBe(403);
    expect(await json<{ message: string }>(refused)).toMatchObject({ message: expect.stringContaining('ownerPhone') });
    expect((await s.api('/api/datasets/household-businesses/records', { method: 'POST', token: operator, json: { properties: { ...page.records[0]!.properties, code: 'HKD-NEW-1' } } })).status).toBe(403);
    expect((await s.api(url, { method: 'PATCH', token: operator, json: { properties: { employees: 3 } } })).status).toBe(200);
    // The stored phone is unchanged (the masked value was never written back).
    const after = await json<Rec>(await s.api(url, { token: admin }));
    expect(after.properties.ownerPhone).toBe(page.records[0]!.properties.ownerPhone);

    const updated = await s.api(url, { method: 'PATCH', token: admin, json: { properties: { ownerPhone: '0909123456' } } });
    expect(updated.status).toBe(200);
    const audit = await json<{ entries: { details: { what: string; recordIds: number[] } }[] }>(await s.api('/api/audit?action=dataset.personal_read', { token: admin }));
    expect(audit.entries.some((e) => e.details.what === 'update' && e.details.recordIds.includes(rid))).toBe(true);
  });
});

describe('declarations at runtime', () => {
  const decl = {
    id: 'ev-chargers', titleVi: 'Trạm sạc xe điện', titleEn: 'EV chargers', domain: 'urban', ownerUnit: 'phong-qldt',
    geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      { name: 'code', type: 'text', titleVi: 'Mã', titleEn: 'Code', required: true },
      { name: 'plugs', type: 'integer', titleVi: 'Số cổng', titleEn: 'Plugs', min: 1 },
    ],
  };

  it('lets admins add and change a dataset, each change a new version', async () => {
    expect((await s.api('/api/datasets', { method: 'POST', token: await s.login('leader'), json: decl })).status).toBe(403);
    const created = await s.api('/api/datasets', { method: 'POST', token: admin, json: decl });
    expect(created.status).toBe(201);
    expect(await json<{ version: number; recordCount: number }>(created)).toMatchObject({ version: 1, recordCount: 0 });
    expect((await s.api('/api/datasets', { method: 'POST', token: admin, json: decl })).status).toBe(409);

    const rec = await s.api('/api/datasets/ev-chargers/records', { method: 'POST', token: admin, json: { properties: { code: 'S1', plugs: 4 }, geometry: { type: 'Point', coordinates: [106.7, 10.74] } } });
    expect(rec.status).toBe(201);

    const changed = { ...decl, fields: [...decl.fields, { name: 'power', type: 'number', titleVi: 'Công suất', titleEn: 'Power', unit: 'kW', required: false }] };
    const put = await s.api('/api/datasets/ev-chargers', { method: 'PUT', token: admin, json: changed });
    expect(put.status).toBe(200);
    expect(await json<{ version: number; recordCount: number }>(put)).toMatchObject({ version: 2, recordCount: 1 });
    const versions = await json<{ versions: { version: number; createdBy: string }[] }>(await s.api('/api/datasets/ev-chargers/versions', { token: admin }));
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);

    const listed = await json<{ datasets: Summary[] }>(await s.api('/api/datasets'));
    expect(listed.datasets.find((d) => d.id === 'ev-chargers')?.recordCount).toBe(1);
    const geometryChange = await s.api('/api/datasets/ev-chargers', { method: 'PUT', token: admin, json: { ...changed, geometryType: 'polygon' } });
    expect(geometryChange.status).toBe(409);
  });

  it('rejects an invalid declaration with the reason', async () => {
    const bad = await s.api('/api/datasets', { method: 'POST', token: admin, json: { ...decl, id: 'bad-one', naturalKey: ['plugs'] } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('naturalKey');
    const unit = await s.api('/api/datasets', { method: 'POST', token: admin, json: { ...decl, id: 'bad-two', ownerUnit: 'nope' } });
    expect(unit.status).toBe(400);
    expect(await unit.text()).toContain('ownerUnit');
  });
});
