// OGC API – Features, tested with the real client GIS staff use: GDAL's OAPIF driver.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../auth/tokens.ts';
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
});
