// OGC API – Features, tested with the real client GIS staff use: GDAL's OAPIF driver.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../auth/tokens.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './ogc.service.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

// Asynchronous on purpose: the server under test runs in this process and must keep answering.
const gdal = async (cmd: string, args: string[], env: Record<string, string> = {}) =>
  (await promisify(execFile)(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 })).stdout;

describe('OGC API – Features core', () => {
  it('has a landing page, conformance and collections with items links', async () => {
    const landing = (await (await s.api('/ogc')).json()) as { links: { rel: string; href: string }[] };
    expect(landing.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
    const conf = (await (await s.api('/ogc/conformance')).json()) as { conformsTo: string[] };
    expect(conf.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    const cols = (await (await s.api('/ogc/collections')).json()) as { collections: { id: string; links: { rel: string }[] }[] };
    expect(cols.collections.map((c) => c.id)).toEqual(expect.arrayContaining(['areas', 'areas-before-2025']));
    expect(cols.collections.every((c) => c.links.some((l) => l.rel === 'items'))).toBe(true);
  });

  it('pages items with next links that keep the filters, and filters by bbox', async () => {
    const bbox = '106.69,10.69,106.76,10.76';
    const first = (await (await s.api(`/ogc/collections/areas/items?limit=2&bbox=${bbox}`)).json()) as {
      numberMatched: number; numberReturned: number; features: { id: number; properties: { code: string } }[]; links: { rel: string; href: string }[];
    };
    const direct = await sql<{ n: number }>`
      select count(*) as n from areas where valid_to is null
        and ST_Intersects(geom, ST_MakeEnvelope(106.69, 10.69, 106.76, 10.76, 4326))`.execute(s.ctx.db.kysely);
    expect(first.numberMatched).toBe(direct.rows[0]!.n);
    expect(first.numberReturned).toBe(2);
    const next = first.links.find((l) => l.rel === 'next')!;
    expect(next.href).toContain(`bbox=${encodeURIComponent(bbox)}`);
    const second = (await (await fetch(next.href)).json()) as { features: { id: number }[] };
    expect(second.features[0]!.id).not.toBe(first.features[0]!.id);
    const one = await s.api(`/ogc/collections/areas/items/${first.features[0]!.id}`);
    expect(one.headers.get('content-type')).toContain('application/geo+json');
    expect(((await one.json()) as { properties: { code: string } }).properties.code).toBe(first.features[0]!.properties.code);
    expect((await s.api('/ogc/collections/areas/items?bbox=1,2,3')).status).toBe(400);
    expect((await s.api('/ogc/collections/nope/items')).status).toBe(404);
  });

  it('GDAL lists the collections and reads every feature of a collection', async () => {
    const info = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${s.url}/ogc`]);
    expect(info).toContain('areas');
    expect(info).toContain('areas-before-2025');
    const out = join(mkdtempSync(join(tmpdir(), 'ogr-')), 'areas.geojson');
    // A small page size makes GDAL follow the rel=next links.
    await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${s.url}/ogc`, 'areas', '-oo', 'PAGE_SIZE=50']);
    const fc = JSON.parse(readFileSync(out, 'utf8')) as { features: { properties: { code: string } }[] };
    expect(fc.features).toHaveLength(169); // the city and its 168 units
    expect(new Set(fc.features.map((f) => f.properties.code)).size).toBe(169);
    expect(fc.features.map((f) => f.properties.code)).toEqual(expect.arrayContaining(['27475', '27478', '27484', '27487']));
  });

  it('GDAL sends a Bearer token with GDAL_HTTP_HEADERS (as QGIS users do)', async () => {
    const token = await s.login('operator');
    const info = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${s.url}/ogc`, 'areas-before-2025'], { GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}` });
    expect(info).toMatch(/Feature Count: 11/);
    // The server saw the token: its credential was used.
    const used = await s.ctx.db.kysely.selectFrom('credentials').select('last_used_at').where('token_hash', '=', tokenHash(token)).executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
  });

  it('hides a non-public collection from anonymous GDAL and reads all of it with a Bearer token', async () => {
    // security-cameras is not public: anonymous clients do not see it at all.
    const anonymous = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${s.url}/ogc`]);
    expect(anonymous).not.toMatch(/security-cameras/);
    expect((await s.api('/ogc/collections/security-cameras/items?limit=1')).status).toBe(401);
    const token = await s.login('officer');
    const headers = { GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}` };
    expect(await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${s.url}/ogc`], headers)).toMatch(/security-cameras/);
    const out = join(mkdtempSync(join(tmpdir(), 'ogr-')), 'cameras.geojson');
    await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${s.url}/ogc`, 'security-cameras', '-oo', 'PAGE_SIZE=100'], headers);
    const fc = JSON.parse(readFileSync(out, 'utf8')) as { features: { properties: { code: string } }[] };
    const db = await sql<{ n: number }>`select count(*)::int as n from records where dataset_id = 'security-cameras'`.execute(s.ctx.db.kysely);
    expect(db.rows[0]!.n).toBeGreaterThan(100);
    expect(fc.features).toHaveLength(db.rows[0]!.n);
    expect(new Set(fc.features.map((f) => f.properties.code)).size).toBe(db.rows[0]!.n);
  });

  it('masks personal fields exactly like the datasets API, with the same audit action', async () => {
    type Fc = { features: { id: number; properties: Record<string, unknown> }[] };
    const path = '/ogc/collections/pharmacies/items?limit=5';
    const anon = (await (await s.api(path)).json()) as Fc;
    expect(anon.features.every((f) => !('pharmacist' in f.properties))).toBe(true);
    const operator = await s.login('operator');
    const masked = (await (await s.api(path, { token: operator })).json()) as Fc;
    const fromApi = (await (await s.api(`/api/datasets/pharmacies/records/${masked.features[0]!.id}`, { token: operator })).json()) as { properties: Record<string, unknown> };
    expect(masked.features[0]!.properties.pharmacist).toBe(fromApi.properties.pharmacist);
    expect(String(masked.features[0]!.properties.pharmacist)).toContain('*');
    const before = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'dataset.personal_read'`.execute(s.ctx.db.kysely);
    const clear = (await (await s.api(path, { token: await s.login('admin') })).json()) as Fc;
    expect(String(clear.features[0]!.properties.pharmacist)).not.toContain('*');
    const after = await sql<{ n: number; via: string }>`
      select count(*)::int as n, (select details ->> 'what' from audit_log where action = 'dataset.personal_read' order by id desc limit 1) as via
      from audit_log where action = 'dataset.personal_read'`.execute(s.ctx.db.kysely);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
    expect(after.rows[0]!.via).toBe('ogc');
  });

  it('declares big pages, filters and per-collection property parameters in its API definition (/ogc/api)', async () => {
    const landing = (await (await s.api('/ogc')).json()) as { links: { rel: string; href: string }[] };
    const desc = landing.links.find((l) => l.rel === 'service-desc')!;
    const res = await fetch(desc.href);
    expect(res.headers.get('content-type')).toContain('application/vnd.oai.openapi+json');
    type P = { name: string; schema: { default?: number; maximum?: number; enum?: string[] } };
    const api = (await res.json()) as { paths: Record<string, { get: { parameters: P[] } }> };
    for (const path of ['/collections/{collectionId}/items', '/collections/enterprises/items']) {
      const limit = api.paths[path]!.get.parameters.find((p) => p.name === 'limit')!;
      expect(limit.schema).toMatchObject({ default: DEFAULT_LIMIT, maximum: MAX_LIMIT });
      expect(DEFAULT_LIMIT).toBeGreaterThanOrEqual(1000);
      const names = api.paths[path]!.get.parameters.map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(['bbox', 'datetime', 'filter', 'filter-lang']));
    }
    const names = api.paths['/collections/enterprises/items']!.get.parameters.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['sector', 'type', 'employees', 'registeredOn']));
    expect(names).not.toContain('legalRep'); // personal: not a filter
    // The generated API document of the server declares the same limit.
    const full = (await (await s.api('/api/openapi.json')).json()) as { paths: Record<string, { get: { parameters: (P & { in: string })[] } }> };
    const lim = full.paths['/ogc/collections/{collectionId}/items']!.get.parameters.find((p) => p.name === 'limit')!;
    expect(lim.schema).toMatchObject({ default: DEFAULT_LIMIT, maximum: MAX_LIMIT });
    const q = (await (await s.api('/ogc/collections/enterprises/queryables')).json()) as { properties: Record<string, unknown> };
    expect(Object.keys(q.properties)).toEqual(expect.arrayContaining(['sector', 'employees']));
  });

  it('pages by key: rel=next carries a cursor, never an offset, and the pages add up to the filtered set', async () => {
    const pick = await sql<{ sector: string }>`select props ->> 'sector' as sector from records where dataset_id = 'enterprises' group by 1 order by count(*) limit 1`.execute(s.ctx.db.kysely);
    const sector = pick.rows[0]!.sector;
    const want = await sql<{ id: number }>`select id from records where dataset_id = 'enterprises' and props ->> 'sector' = ${sector} order by id`.execute(s.ctx.db.kysely);
    type Page = { numberMatched: number; numberReturned: number; features: { id: number }[]; links: { rel: string; href: string }[] };
    let url: string | undefined = `${s.url}/ogc/collections/enterprises/items?sector=${encodeURIComponent(sector)}&limit=${Math.max(1, Math.ceil(want.rows.length / 3))}`;
    const got: number[] = [];
    let pages = 0;
    while (url) {
      const page = (await (await fetch(url)).json()) as Page;
      expect(page.numberMatched).toBe(want.rows.length);
      got.push(...page.features.map((f) => f.id));
      const next = page.links.find((l) => l.rel === 'next')?.href;
      if (next) {
        expect(next).toContain('cursor=');
        expect(next).not.toContain('offset=');
        expect(next).toContain(`sector=${encodeURIComponent(sector)}`);
      }
      url = next;
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(got).toEqual(want.rows.map((r) => r.id));
  });

  it('numberMatched follows the dataset change stamp (cached, never stale)', async () => {
    type Page = { numberMatched: number };
    const url = '/ogc/collections/enterprises/items?limit=1&filter=' + encodeURIComponent("name LIKE 'OGC stamp test%'");
    expect(((await (await s.api(url)).json()) as Page).numberMatched).toBe(0);
    const before = ((await (await s.api('/ogc/collections/enterprises/items?limit=1')).json()) as Page).numberMatched;
    await sql`insert into records (dataset_id, natural_key, props, geom, created_by, updated_by)
      select dataset_id, '9999999999', jsonb_set(props, '{name}', '"OGC stamp test"') || '{"code":"9999999999"}', geom, 'test', 'test'
      from records where dataset_id = 'enterprises' order by id limit 1`.execute(s.ctx.db.kysely);
    expect(((await (await s.api(url)).json()) as Page).numberMatched).toBe(1);
    expect(((await (await s.api('/ogc/collections/enterprises/items?limit=1')).json()) as Page).numberMatched).toBe(before + 1);
    await sql`delete from records where dataset_id = 'enterprises' and natural_key = '9999999999'`.execute(s.ctx.db.kysely);
    expect(((await (await s.api(url)).json()) as Page).numberMatched).toBe(0);
  });

  it('filters with CQL2 text, datetime and property parameters exactly like SQL, and names what is wrong in a bad filter', async () => {
    type Page = { numberMatched: number; features: { properties: Record<string, unknown> }[] };
    const n = async (where: ReturnType<typeof sql>) =>
      (await sql<{ n: number }>`select count(*)::int as n from records r where dataset_id = 'enterprises' and ${where}`.execute(s.ctx.db.kysely)).rows[0]!.n;
    const get = async (qs: string) => (await (await s.api(`/ogc/collections/enterprises/items?limit=5&${qs}`)).json()) as Page;
    const cql = (f: string) => get(`filter=${encodeURIComponent(f)}&filter-lang=cql2-text`);
    expect((await cql('employees >= 50 AND employees < 200')).numberMatched).toBe(await n(sql`(props ->> 'employees')::numeric >= 50 and (props ->> 'employees')::numeric < 200`));
    expect((await cql("type IN ('Công ty cổ phần', 'Doanh nghiệp tư nhân') OR employees > 500")).numberMatched).toBe(
      await n(sql`(props ->> 'type' in ('Công ty cổ phần', 'Doanh nghiệp tư nhân') or (props ->> 'employees')::numeric > 500)`),
    );
    expect((await cql("NOT (name LIKE 'Công ty%') AND phone IS NOT NULL")).numberMatched).toBe(await n(sql`not (props ->> 'name' like 'Công ty%') and props ->> 'phone' is not null`));
    expect((await cql('employees BETWEEN 10 AND 20')).numberMatched).toBe(await n(sql`(props ->> 'employees')::numeric between 10 and 20`));
    expect((await get('datetime=2015-01-01/2019-12-31')).numberMatched).toBe(await n(sql`props ->> 'registeredOn' between '2015-01-01' and '2019-12-31'`));
    expect((await get('datetime=../2000-12-31')).numberMatched).toBe(await n(sql`props ->> 'registeredOn' <= '2000-12-31'`));
    const page = await get(`employees=5`);
    expect(page.numberMatched).toBe(await n(sql`(props ->> 'employees')::numeric = 5`));
    expect(page.features.every((f) => f.properties.employees === 5)).toBe(true);
    for (const [qs, text] of [
      [`filter=${encodeURIComponent('employees >>= 3')}`, 'filter'],
      [`filter=${encodeURIComponent("legalRep = 'x'")}`, 'legalRep'],
      [`filter=${encodeURIComponent("nope = 'x'")}`, 'nope'],
      [`filter=${encodeURIComponent('employees = 1')}&filter-lang=sql`, 'filter-lang'],
      ['datetime=yesterday', 'datetime'],
    ] as const) {
      const res = await s.api(`/ogc/collections/enterprises/items?${qs}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain(text);
    }
  });

  it('GDAL reads all 30,025 enterprises completely, following rel=next, and pushes an attribute filter to the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogr-'));
    const out = join(dir, 'enterprises.geojson');
    await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${s.url}/ogc`, 'enterprises', '-oo', 'PAGE_SIZE=5000']);
    const fc = JSON.parse(readFileSync(out, 'utf8')) as { features: { properties: { code: string } }[] };
    const db = await sql<{ n: number; codes: number }>`select count(*)::int as n, count(distinct props ->> 'code')::int as codes from records where dataset_id = 'enterprises'`.execute(s.ctx.db.kysely);
    expect(db.rows[0]!.n).toBe(30_025);
    expect(fc.features).toHaveLength(30_025);
    expect(new Set(fc.features.map((f) => f.properties.code)).size).toBe(db.rows[0]!.codes);
    // -where on a queryable: GDAL sends it as CQL text (filter-lang=cql-text, the debug log shows the URL).
    const filtered = join(dir, 'five.geojson');
    const { stderr } = await promisify(execFile)('ogr2ogr', ['-f', 'GeoJSON', filtered, `OAPIF:${s.url}/ogc`, 'enterprises', '-where', 'employees = 5', '-oo', 'PAGE_SIZE=5000', '--config', 'CPL_DEBUG', 'ON'], { encoding: 'utf8', timeout: 120_000 });
    expect(stderr).toMatch(/items\?[^\s]*filter=employees%20%3D%205/);
    const five = JSON.parse(readFileSync(filtered, 'utf8')) as { features: unknown[] };
    const want = await sql<{ n: number }>`select count(*)::int as n from records where dataset_id = 'enterprises' and props ->> 'employees' = '5'`.execute(s.ctx.db.kysely);
    expect(five.features).toHaveLength(want.rows[0]!.n);
  });

  it('OWSLib (python3-owslib) lists the collections and reads a filtered page', async () => {
    const script = `
import json, sys
from owslib.ogcapi.features import Features
w = Features(sys.argv[1])
ids = [c['id'] for c in w.collections()['collections']]
items = w.collection_items('enterprises', limit=50, bbox=[106.6, 10.6, 106.9, 10.9])
print(json.dumps({'ids': ids, 'returned': items['numberReturned'], 'matched': items['numberMatched'], 'n': len(items['features']), 'conformance': w.conformance()['conformsTo']}))
`;
    const out = JSON.parse((await promisify(execFile)('/usr/bin/python3', ['-c', script, `${s.url}/ogc`], { encoding: 'utf8', timeout: 60_000 })).stdout) as { ids: string[]; returned: number; matched: number; n: number; conformance: string[] };
    expect(out.ids).toEqual(expect.arrayContaining(['areas', 'enterprises']));
    const want = await sql<{ n: number }>`select count(*)::int as n from records where dataset_id = 'enterprises' and ST_Intersects(geom, ST_MakeEnvelope(106.6, 10.6, 106.9, 10.9, 4326))`.execute(s.ctx.db.kysely);
    expect(out.matched).toBe(want.rows[0]!.n);
    expect(out.n).toBe(Math.min(50, want.rows[0]!.n));
    expect(out.conformance).toContain('http://www.opengis.net/spec/cql2/1.0/conf/cql2-text');
  });
});
