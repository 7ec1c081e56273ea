// CAP 1.2 out: every public alert as a CAP message valid against the official schema (xmllint),
// the Atom feed, and webhooks retried with backoff against a local server that fails first.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { AlertDetail, WebhookDelivery } from '../../../../shared/contracts/alerts.ts';

const XSD = fileURLToPath(new URL('./schema/CAP-v1.2.xsd', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cityops-cap-'));

let s: TestServer;
let admin: string;
let operator: string;
beforeAll(async () => {
  // The receivers run on this machine: allow-listed, as an admin would list an internal service.
  s = await startTestServer({ WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_MAX_ATTEMPTS: '5', OUTBOUND_ALLOW: '127.0.0.1', OUTBOUND_ALLOW_HTTP: 'true' });
  [admin, operator] = await Promise.all([s.login('admin'), s.login('operator')]);
});
afterAll(() => s?.close());

async function xmllint(xml: string, name: string) {
  const file = join(dir, name);
  writeFileSync(file, xml);
  try {
    await promisify(execFile)('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
    return 'valid';
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
}

const newAlert = async (json: Record<string, unknown>) =>
  (await (await s.api('/api/alerts', { method: 'POST', token: operator, json: { severity: 'Severe', category: 'Met', ...json } })).json()) as AlertDetail;

describe('CAP 1.2', () => {
  it('serves public alerts as schema-valid CAP with vi and en info blocks, polygon and circle', async () => {
    const a = await newAlert({
      titleVi: 'Triều cường gây ngập <đường> Huỳnh Tấn Phát & Nguyễn Thị Thập', titleEn: 'Tidal flooding on Huynh Tan Phat',
      descriptionVi: 'Mực nước 1,65 m', instructionVi: 'Tránh khu vực ngập', areaCode: '27475', place: 'Cầu Kênh Tẻ',
      point: { type: 'Point', coordinates: [106.7035, 10.7478] }, public: true,
    });
    const res = await s.api(`/cap/alerts/${a.id}.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/cap\+xml/);
    const xml = await res.text();
    expect(await xmllint(xml, 'alert.xml')).toBe('valid');
    const doc = new XMLParser().parse(xml) as { alert: { msgType: string; info: { language: string; severity: string; area: { polygon: string; circle: string } }[] } };
    expect(doc.alert.msgType).toBe('Alert');
    expect(doc.alert.info.map((i) => i.language)).toEqual(['vi-VN', 'en-US']);
    expect(doc.alert.info[0]!.area.circle).toBe('10.7478,106.7035 0.5');
    expect(doc.alert.info[0]!.area.polygon.split(' ').length).toBeGreaterThanOrEqual(4);

    // Acknowledged, then resolved: an Update, then a Cancel, both valid.
    await s.api(`/api/alerts/${a.id}/acknowledge`, { method: 'POST', token: operator, json: { comment: 'ok' } });
    const upd = await (await s.api(`/cap/alerts/${a.id}.xml`)).text();
    expect(upd).toContain('<msgType>Update</msgType>');
    expect(upd).toContain('<references>');
    expect(await xmllint(upd, 'update.xml')).toBe('valid');
    await s.api(`/api/alerts/${a.id}/resolve`, { method: 'POST', token: operator, json: {} });
    const cancel = await (await s.api(`/cap/alerts/${a.id}.xml`)).text();
    expect(cancel).toContain('<msgType>Cancel</msgType>');
    expect(await xmllint(cancel, 'cancel.xml')).toBe('valid');
  });

  it('hides non-public alerts and lists public ones in a parsable Atom feed', async () => {
    const priv = await newAlert({ titleVi: 'Báo cháy nội bộ', category: 'Fire' });
    const pub = await newAlert({ titleVi: 'Bụi mịn cao', category: 'Health', severity: 'Moderate', public: true });
    expect((await s.api(`/cap/alerts/${priv.id}.xml`)).status).toBe(404);
    const res = await s.api('/cap/alerts.atom');
    expect(res.status).toBe(200);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(await res.text()) as { feed: { entry: { title: string; link: { '@_href': string } }[] | { title: string; link: { '@_href': string } } } };
    const entries = Array.isArray(feed.feed.entry) ? feed.feed.entry : [feed.feed.entry];
    expect(entries.some((e) => e.link['@_href'].endsWith(`/cap/alerts/${pub.id}.xml`))).toBe(true);
    expect(entries.some((e) => e.link['@_href'].endsWith(`/cap/alerts/${priv.id}.xml`))).toBe(false);
    // Each linked message validates.
    const href = entries[0]!.link['@_href'];
    expect(await xmllint(await (await fetch(href)).text(), 'from-feed.xml')).toBe('valid');
  });
});

describe('webhooks', () => {
  let hook: Server;
  const received: { headers: Record<string, unknown>; body: string }[] = [];
  let calls = 0;
  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls++;
        // Fails twice, then accepts.
        if (calls <= 2) {
          res.writeHead(503).end('busy');
          return;
        }
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => hook.close(() => r())));

  it('POSTs alert changes, retrying with backoff until delivered, and records each delivery', async () => {
    const port = (hook.address() as { port: number }).port;
    const reg = await s.api('/api/webhooks', { method: 'POST', token: admin, json: { url: `http://127.0.0.1:${port}/hook`, secret: 'sekret-123' } });
    expect(reg.status).toBe(201);
    const { id } = (await reg.json()) as { id: number };
    expect((await s.api('/api/webhooks', { method: 'POST', token: operator, json: { url: 'http://x.example/' } })).status).toBe(403);
    const a = await newAlert({ titleVi: 'Ngập nặng', public: true });
    const deadline = Date.now() + 20_000;
    let deliveries: WebhookDelivery[] = [];
    while (Date.now() < deadline) {
      deliveries = ((await (await s.api(`/api/webhooks/${id}/deliveries`, { token: admin })).json()) as { deliveries: WebhookDelivery[] }).deliveries;
      if (deliveries.some((d) => d.alertId === a.id && d.status === 'delivered')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const d = deliveries.find((x) => x.alertId === a.id)!;
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204, event: 'alert.opened' });
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0]!.body) as { event: string; alert: { id: number }; cap: string };
    expect(body).toMatchObject({ event: 'alert.opened', alert: { id: a.id } });
    expect(body.cap).toMatch(new RegExp(`/cap/alerts/${a.id}\\.xml$`));
    expect(received[0]!.headers['x-cityops-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('changes a webhook (admin): URL, flags, secret kept unless replaced or removed', async () => {
    const reg = await s.api('/api/webhooks', { method: 'POST', token: admin, json: { url: 'http://127.0.0.1:9/a', secret: 'first-secret' } });
    const { id } = (await reg.json()) as { id: number };
    type Hook = { id: number; url: string; enabled: boolean; includePrivate: boolean; format: string; hasSecret: boolean };
    const hookOf = async () => ((await (await s.api('/api/webhooks', { token: admin })).json()) as { webhooks: (Hook & { secret?: unknown })[] }).webhooks.find((w) => w.id === id)!;
    expect(await hookOf()).toMatchObject({ hasSecret: true });
    expect((await hookOf()).secret).toBeUndefined();
    const put = (json: unknown, token = admin) => s.api(`/api/webhooks/${id}`, { method: 'PUT', token, json });
    expect((await put({ url: 'http://127.0.0.1:9/b' }, operator)).status).toBe(403);
    const changed = await put({ url: 'http://127.0.0.1:9/b', format: 'cap', includePrivate: true, enabled: false });
    expect(changed.status).toBe(200);
    expect(await hookOf()).toMatchObject({ url: 'http://127.0.0.1:9/b', format: 'cap', includePrivate: true, enabled: false, hasSecret: true });
    expect((await put({ url: 'http://127.0.0.1:9/b', secret: null })).status).toBe(200);
    expect(await hookOf()).toMatchObject({ hasSecret: false, enabled: true });
    const bad = await put({ url: 'ftp://example.org/x' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { details: { instancePath: string }[] }).details[0]!.instancePath).toBe('/url');
    expect((await s.api('/api/webhooks/999999', { method: 'PUT', token: admin, json: { url: 'http://127.0.0.1:9/c' } })).status).toBe(404);
  });
});
