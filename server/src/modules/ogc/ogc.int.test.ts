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
});
