// HTTP hardening (issue 14 #7, #11): forwarded headers are believed only from configured
// proxies, links in documents others keep come from PUBLIC_URL when it is set, every answer
// carries the security headers, and source maps are not published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';

const forged = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

async function lastFailedLoginIp(s: TestServer): Promise<string | null> {
  const admin = await s.login('admin');
  const body = (await (await s.api('/api/audit?action=auth.login_failed', { token: admin })).json()) as { entries: { ip: string | null }[] };
  return body.entries[0]?.ip ?? null;
}

describe('without TRUST_PROXY or PUBLIC_URL', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(() => s?.close());

  it('ignores X-Forwarded-For in the audit log and X-Forwarded-Host in feed links', async () => {
    await s.api('/api/auth/login', { method: 'POST', headers: forged, json: { username: 'admin', password: 'wrong-password' } });
    expect(await lastFailedLoginIp(s)).toBe('127.0.0.1');
    const atom = await (await s.api('/cap/alerts.atom', { headers: forged })).text();
    expect(atom).not.toContain('evil.example');
    expect(atom).toContain(s.url);
    const landing = (await (await s.api('/ogc?f=json', { headers: forged })).json()) as { links: { href: string }[] };
    expect(landing.links.every((l) => l.href.startsWith(s.url))).toBe(true);
  });

  it('sends a content security policy, no framing, a referrer policy, and no HSTS over plain HTTP', async () => {
    for (const path of ['/', '/api/health', '/api/datasets']) {
      const res = await s.api(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('refuses webhook URLs that point at the server or its network (SSRF), personal and admin alike', async () => {
    const officer = await s.login('officer');
    const prefs = (webhookUrl: string) => ({ alertTypes: [], minSeverity: 'info', channels: { inApp: true, email: false, webhook: true }, email: null, webhookUrl });
    for (const url of ['http://127.0.0.1:5432/', 'https://127.0.0.1:6379/', 'https://localhost/', 'https://10.0.0.5/', 'https://169.254.169.254/latest/meta-data', 'http://hooks.example.org/']) {
      const r = await s.api('/api/me/notification-preferences', { method: 'PUT', token: officer, json: prefs(url) });
      expect(r.status, url).toBe(400);
    }
    expect((await s.api('/api/me/notification-preferences', { method: 'PUT', token: officer, json: prefs('https://hooks.example.org/officer') })).status).toBe(200);
    const admin = await s.login('admin');
    expect((await s.api('/api/webhooks', { method: 'POST', token: admin, json: { url: 'http://192.168.1.10/hook' } })).status).toBe(400);
  });

  it('answers impossible dates and oversized integers with a 4xx, never a 5xx', async () => {
    const admin = await s.login('admin');
    const big = '99999999999999999999';
    const paths = [
      '/api/areas?date=2025-02-30', '/api/feedback/stats?from=2025-02-30', '/api/feedback/stats?to=2025-13-01', '/api/kpis/enterprises?from=2025-02-30',
      '/api/kpis/enterprises/drilldown?to=2025-02-31', '/api/sensors/aggregate?date=2025-02-30', `/api/alerts/${big}`, `/api/incidents/${big}`,
      `/api/feedback/reports/${big}`, `/api/datasets/pharmacies/records/${big}`, `/api/datasets/pharmacies/records/${big}/history`, `/api/areas/${big}`,
      `/api/webhooks/${big}/deliveries`, '/api/datasets/pharmacies/records?limit=99999999999999999999',
    ];
    for (const path of paths) {
      const res = await s.api(path, { token: admin });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });

  it('does not serve source maps', async () => {
    expect((await s.api('/assets/index.js.map')).status).toBe(404);
  });
});

describe('behind a configured proxy with a public URL', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ TRUST_PROXY: '127.0.0.1', PUBLIC_URL: 'https://ioc.example.vn/', COOKIE_SECURE: 'true', BASEMAP_STYLE_URL: 'https://tiles.example.org/style.json' });
  });
  afterAll(() => s?.close());

  it("believes the proxy's client address and writes links with the public origin whatever the headers say", async () => {
    await s.api('/api/auth/login', { method: 'POST', headers: forged, json: { username: 'admin', password: 'wrong-password' } });
    expect(await lastFailedLoginIp(s)).toBe('203.0.113.9');
    const atom = await (await s.api('/cap/alerts.atom', { headers: forged })).text();
    expect(atom).toContain('https://ioc.example.vn/');
    expect(atom).not.toContain('evil.example');
    const landing = (await (await s.api('/ogc?f=json', { headers: forged })).json()) as { links: { href: string }[] };
    expect(landing.links.every((l) => l.href.startsWith('https://ioc.example.vn/'))).toBe(true);
  });

  it('adds HSTS over HTTPS and lets the web client fetch the base map', async () => {
    const res = await s.api('/api/health');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
    expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self' https:\/\/tiles\.example\.org/);
  });
});
