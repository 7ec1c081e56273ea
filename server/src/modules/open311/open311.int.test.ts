// Open311 GeoReport v2 conformance, written from the specification
// (http://wiki.open311.org/GeoReport_v2): a client lists services, posts a request the way
// Open311 apps do (application/x-www-form-urlencoded), reads it back, in JSON and XML
// (parsed with fast-xml-parser), and gets the spec's error format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { XMLParser } from 'fast-xml-parser';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';

let s: TestServer;
let point: { lat: number; lon: number };
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format'].includes(name) });

/** A plain form POST, as Open311 mobile apps send it. */
function postForm(path: string, fields: Record<string, string>) {
  return fetch(s.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

beforeAll(async () => {
  s = await startTestServer({ FEEDBACK_RATE_PER_IP_HOUR: '10000' });
  const r = await sql<{ lat: number; lon: number }>`
    select ST_Y(ST_PointOnSurface(geom)) as lat, ST_X(ST_PointOnSurface(geom)) as lon from areas where code = '27475' and valid_from = '2025-07-01'`.execute(s.ctx.db.kysely);
  point = r.rows[0]!;
});
afterAll(() => s?.close());

describe('discovery and services', () => {
  it('discovery lists a GeoReport v2 endpoint with its formats (JSON and XML)', async () => {
    const j = (await (await fetch(`${s.url}/open311/v2/discovery.json`)).json()) as { endpoints: { specification: string; url: string; formats: string[] }[] };
    expect(j.endpoints[0]!.specification).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(j.endpoints[0]!.url).toBe(`${s.url}/open311/v2`);
    expect(j.endpoints[0]!.formats).toEqual(expect.arrayContaining(['application/json', 'text/xml']));
    const x = await fetch(`${s.url}/open311/v2/discovery.xml`);
    expect(x.headers.get('content-type')).toMatch(/text\/xml/);
    const doc = xml.parse(await x.text()) as { discovery: { endpoints: { endpoint: { specification: string; formats: { format: string[] } }[] } } };
    expect(doc.discovery.endpoints.endpoint[0]!.formats.format).toContain('text/xml');
  });

  it('services.json and services.xml list every service with the required fields', async () => {
    const res = await fetch(`${s.url}/open311/v2/services.json`);
    expect(res.status).toBe(200);
    const services = (await res.json()) as Record<string, unknown>[];
    expect(services.length).toBe(11);
    for (const svc of services) {
      for (const k of ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']) expect(svc, k).toHaveProperty(k);
      expect(['realtime', 'batch', 'blackbox']).toContain(svc.type);
      expect(typeof svc.metadata).toBe('boolean');
    }
    expect(services.map((x) => x.service_code)).toContain('rac-thai');
    const doc = xml.parse(await (await fetch(`${s.url}/open311/v2/services.xml`)).text()) as { services: { service: { service_code: string; metadata: string }[] } };
    expect(doc.services.service.map((x) => x.service_code).sort()).toEqual(services.map((x) => x.service_code).sort());
    expect(doc.services.service[0]!.metadata).toBe('false');
  });

  it('a service definition names its code; an unknown code is a 404 in the error format', async () => {
    const def = (await (await fetch(`${s.url}/open311/v2/services/rac-thai.json`)).json()) as { service_code: string; attributes: unknown[] };
    expect(def).toEqual({ service_code: 'rac-thai', attributes: [] });
    const bad = await fetch(`${s.url}/open311/v2/services/no-such.json`);
    expect(bad.status).toBe(404);
    const errs = (await bad.json()) as { code: number; description: string }[];
    expect(errs[0]).toMatchObject({ code: 404 });
    expect(errs[0]!.description).toMatch(/no-such/);
  });
});

describe('requests', () => {
  it('POST requests.json (form-encoded, api_key demo) creates a request that GET reads back in JSON and XML', async () => {
    const res = await postForm('/open311/v2/requests.json', {
      api_key: 'demo',
      service_code: 'chieu-sang',
      lat: String(point.lat),
      long: String(point.lon),
      description: 'Đèn đường trước số 10 bị tắt',
      first_name: 'Phạm',
      last_name: 'Minh',
      email: 'minh@example.vn',
      phone: '0908111222',
      media_url: 'https://example.org/photo.jpg',
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { service_request_id: string; service_notice: string }[];
    expect(created).toHaveLength(1);
    const id = created[0]!.service_request_id;
    expect(id).toMatch(/^PA-/);

    const one = (await (await fetch(`${s.url}/open311/v2/requests/${id}.json`)).json()) as Record<string, unknown>[];
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'chieu-sang', description: 'Đèn đường trước số 10 bị tắt' });
    // The place to ~100 m (three decimals), never the doorstep.
    expect(Math.abs((one[0]!.lat as number) - point.lat)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs((one[0]!.long as number) - point.lon)).toBeLessThanOrEqual(0.0005);
    expect(one[0]!.lat).toBe(Math.round(point.lat * 1000) / 1000);
    expect(Number.isNaN(Date.parse(one[0]!.requested_datetime as string))).toBe(false);
    expect(one[0]!.agency_responsible).toBe('UBND phường Tân Hưng');
    // Personal data never goes out through Open311.
    expect(JSON.stringify(one)).not.toMatch(/0908111222|minh@example|Phạm/);

    const x = xml.parse(await (await fetch(`${s.url}/open311/v2/requests/${id}.xml`)).text()) as { service_requests: { request: Record<string, string>[] } };
    expect(x.service_requests.request[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'chieu-sang' });
  });

  it('POST requests.xml answers in XML; address_string alone is placed in the named ward', async () => {
    const res = await postForm('/open311/v2/requests.xml', { api_key: 'demo', service_code: 'rac-thai', address_string: 'Hẻm 15 Nguyễn Thị Thập, Phường Tân Hưng', description: 'Rác tồn đọng' });
    expect(res.status).toBe(201);
    const doc = xml.parse(await res.text()) as { service_requests: { request: { service_request_id: string }[] } };
    const id = doc.service_requests.request[0]!.service_request_id;
    const back = (await (await fetch(`${s.url}/open311/v2/requests/${id}.json`)).json()) as { address: string }[];
    expect(back[0]!.address).toBe('Hẻm 15 Nguyễn Thị Thập, Phường Tân Hưng');
    const r = await sql<{ ward_code: string; location_source: string }>`select ward_code, location_source from feedback_reports where tracking_code = ${id}`.execute(s.ctx.db.kysely);
    expect(r.rows[0]).toEqual({ ward_code: '27475', location_source: 'address' });
  });

  it('lists no rejected report, no citizen text and no tracking code to the public', async () => {
    const created = (await (await postForm('/open311/v2/requests.json', { api_key: 'demo', service_code: 'rac-thai', lat: String(point.lat), long: String(point.lon), description: 'Rác ở nhà số 12, CCCD 079123456789 gọi 0908111222' })).json()) as { service_request_id: string }[];
    const code = created[0]!.service_request_id;
    const list = await (await fetch(`${s.url}/open311/v2/requests.json`)).text();
    expect(list).not.toContain('079123456789');
    expect(list).not.toMatch(/"service_request_id":"PA-/);
    expect(list).not.toMatch(/"description":"[^"]/);
    // A rejected report leaves the public list but its submitter still learns the outcome.
    await sql`update feedback_reports set status = 'rejected', reject_reason = 'Không thuộc thẩm quyền' where tracking_code = ${code}`.execute(s.ctx.db.kysely);
    const id = (await sql<{ id: number }>`select id from feedback_reports where tracking_code = ${code}`.execute(s.ctx.db.kysely)).rows[0]!.id;
    const after = (await (await fetch(`${s.url}/open311/v2/requests.json?service_code=rac-thai`)).json()) as { service_request_id: string }[];
    expect(after.map((x) => x.service_request_id)).not.toContain(`r${id}`);
    expect((await fetch(`${s.url}/open311/v2/requests/r${id}.json`)).status).toBe(404);
    const own = (await (await fetch(`${s.url}/open311/v2/requests/${code}.json`)).json()) as Record<string, unknown>[];
    expect(own[0]).toMatchObject({ service_request_id: code, status: 'closed', status_notes: 'Không thuộc thẩm quyền' });
  });

  it('GET requests.json filters by service_request_id, service_code, status and dates', async () => {
    const a = (await (await postForm('/open311/v2/requests.json', { api_key: 'demo', service_code: 'tieng-on', lat: String(point.lat), long: String(point.lon), description: 'Karaoke đến 1 giờ sáng' })).json()) as { service_request_id: string }[];
    const b = (await (await postForm('/open311/v2/requests.json', { api_key: 'demo', service_code: 'cay-xanh', lat: String(point.lat), long: String(point.lon), description: 'Cây nghiêng sắp đổ' })).json()) as { service_request_id: string }[];
    const ids = [a[0]!.service_request_id, b[0]!.service_request_id];
    const both = (await (await fetch(`${s.url}/open311/v2/requests.json?service_request_id=${ids.join(',')}`)).json()) as { service_request_id: string }[];
    expect(both.map((x) => x.service_request_id).sort()).toEqual([...ids].sort());
    const noise = (await (await fetch(`${s.url}/open311/v2/requests.json?service_code=tieng-on&status=open`)).json()) as { service_code: string; status: string; service_request_id: string }[];
    expect(noise.every((x) => x.service_code === 'tieng-on' && x.status === 'open')).toBe(true);
    // The public list carries public ids, never a tracking code (the citizen's credential).
    const aId = (await sql<{ id: number }>`select id from feedback_reports where tracking_code = ${ids[0]!}`.execute(s.ctx.db.kysely)).rows[0]!.id;
    expect(noise.map((x) => x.service_request_id)).toContain(`r${aId}`);
    expect(noise.some((x) => /^PA-/.test(x.service_request_id))).toBe(false);
    const byPublicId = (await (await fetch(`${s.url}/open311/v2/requests/r${aId}.json`)).json()) as Record<string, unknown>[];
    expect(byPublicId[0]).toMatchObject({ service_request_id: `r${aId}`, service_code: 'tieng-on', description: null, address: 'Phường Tân Hưng' });
    const closed = (await (await fetch(`${s.url}/open311/v2/requests.json?status=closed`)).json()) as { status: string }[];
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((x) => x.status === 'closed')).toBe(true);
    const future = (await (await fetch(`${s.url}/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z&end_date=2099-02-01T00:00:00Z`)).json()) as unknown[];
    expect(future).toEqual([]);
    const old = (await (await fetch(`${s.url}/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z`)).json()) as unknown[];
    expect(old.length).toBeLessThanOrEqual(1000);
  });
});

describe('api_key and errors', () => {
  it('POST without api_key or with a wrong one is refused in the spec error format (JSON and XML)', async () => {
    const fields = { service_code: 'rac-thai', lat: String(point.lat), long: String(point.lon), description: 'Rác' };
    const none = await postForm('/open311/v2/requests.json', fields);
    expect(none.status).toBe(403);
    const errs = (await none.json()) as { code: number; description: string }[];
    expect(errs).toEqual([{ code: 403, description: expect.stringMatching(/api_key/) }]);
    const wrong = await postForm('/open311/v2/requests.xml', { ...fields, api_key: 'not-a-key' });
    expect(wrong.status).toBe(403);
    const doc = xml.parse(await wrong.text()) as { errors: { error: { code: string; description: string }[] } };
    expect(doc.errors.error[0]).toEqual({ code: '403', description: 'invalid api_key' });
  });

  it('missing location, unknown service and unknown request are errors with their codes', async () => {
    const noLoc = await postForm('/open311/v2/requests.json', { api_key: 'demo', service_code: 'rac-thai', description: 'Rác' });
    expect(noLoc.status).toBe(400);
    expect(((await noLoc.json()) as { code: number }[])[0]!.code).toBe(400);
    const badSvc = await postForm('/open311/v2/requests.json', { api_key: 'demo', service_code: 'nope', lat: '10.7', long: '106.7', description: 'x' });
    expect(badSvc.status).toBe(404);
    const missing = await fetch(`${s.url}/open311/v2/requests/PA-NOTHERE.xml`);
    expect(missing.status).toBe(404);
    expect((xml.parse(await missing.text()) as { errors: { error: { code: string }[] } }).errors.error[0]!.code).toBe('404');
  });

  it('admins issue keys to client applications; a revoked key stops working', async () => {
    const admin = await s.login('admin');
    expect((await s.api('/api/open311/keys', { method: 'POST', token: await s.login('operator'), json: { appName: 'X' } })).status).toBe(403);
    const issued = (await (await s.api('/api/open311/keys', { method: 'POST', token: admin, json: { appName: 'Ứng dụng Công dân số', contact: 'dev@example.vn' } })).json()) as { id: number; apiKey: string };
    expect(issued.apiKey).toMatch(/^o311_[0-9a-f]{40}$/);
    const ok = await postForm('/open311/v2/requests.json', { api_key: issued.apiKey, service_code: 'giao-thong', lat: String(point.lat), long: String(point.lon), description: 'Ổ gà lớn' });
    expect(ok.status).toBe(201);
    const list = (await (await s.api('/api/open311/keys', { token: admin })).json()) as { keys: { id: number; keyHint: string }[] };
    expect(list.keys.find((k) => k.id === issued.id)?.keyHint).toBe(issued.apiKey.slice(0, 9));
    expect(JSON.stringify(list)).not.toContain(issued.apiKey);
    expect((await s.api(`/api/open311/keys/${issued.id}`, { method: 'DELETE', token: admin })).status).toBe(204);
    const revoked = await postForm('/open311/v2/requests.json', { api_key: issued.apiKey, service_code: 'giao-thong', lat: String(point.lat), long: String(point.lon), description: 'Ổ gà lớn' });
    expect(revoked.status).toBe(403);
  });

  it('answers 503 in the error format while the service is starting', async () => {
    const stage = s.ctx.lifecycle.stage;
    s.ctx.lifecycle.set('migrating');
    try {
      const res = await fetch(`${s.url}/open311/v2/services.json`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { code: number }[])[0]!.code).toBe(503);
    } finally {
      s.ctx.lifecycle.set(stage);
    }
  });
});
