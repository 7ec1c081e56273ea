// Delivery of alerts by notification preferences, through the real HTTP API: a matching
// preference gets a notification when an alert fires (stored, listed, streamed, sent to the
// webhook), a non-matching one does not, an officer outside the alert's area does not.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { NotificationPreferences } from '../../../../shared/contracts/kpis.ts';
import type { NotificationList } from '../../../../shared/contracts/notifications.ts';
import { matchesPreferences } from './index.ts';

let s: TestServer;
const tokens: Record<string, string> = {};
let hook: Server;
let hookUrl = '';
const received: { body: string }[] = [];

beforeAll(async () => {
  // The personal webhook receiver runs on this machine: allow-listed, as an admin would.
  s = await startTestServer({ OUTBOUND_ALLOW: '127.0.0.1', OUTBOUND_ALLOW_HTTP: 'true' });
  for (const u of ['admin', 'leader', 'operator', 'officer']) tokens[u] = await s.login(u);
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
}, 300_000);
afterAll(async () => {
  await s?.close();
  await new Promise((r) => hook?.close(r));
}, 120_000);

const prefs = (p: Partial<NotificationPreferences>): NotificationPreferences => ({
  alertTypes: [], minSeverity: 'info', channels: { inApp: true, email: false, webhook: false }, email: null, webhookUrl: null, ...p,
});

async function save(user: string, p: NotificationPreferences) {
  const res = await s.api('/api/me/notification-preferences', { method: 'PUT', token: tokens[user], json: p });
  expect(res.status).toBe(200);
}

async function fire(json: Record<string, unknown>): Promise<number> {
  const res = await s.api('/api/alerts', { method: 'POST', token: tokens.operator, json: { titleEn: json.titleVi, ...json } });
  expect(res.status).toBe(201);
  const id = ((await res.json()) as { id: number }).id;
  await s.services.notifications.idle();
  return id;
}

async function mine(user: string, query = ''): Promise<NotificationList> {
  const res = await s.api(`/api/notifications${query}`, { token: tokens[user] });
  expect(res.status).toBe(200);
  return (await res.json()) as NotificationList;
}

describe('preferences', () => {
  it('match by type (CAP category or sensor type) and lowest severity', () => {
    const fire = { severity: 'Severe', category: 'Fire', sensorType: null } as const;
    expect(matchesPreferences(prefs({}), fire)).toBe(true);
    expect(matchesPreferences(prefs({ alertTypes: ['fire'] }), fire)).toBe(true);
    expect(matchesPreferences(prefs({ alertTypes: ['Met'] }), fire)).toBe(false);
    expect(matchesPreferences(prefs({ alertTypes: ['water-level'] }), { severity: 'Moderate', category: 'Met', sensorType: 'water-level' })).toBe(true);
    expect(matchesPreferences(prefs({ minSeverity: 'critical' }), { ...fire, severity: 'Moderate' })).toBe(false);
    expect(matchesPreferences(prefs({ minSeverity: 'critical' }), { ...fire, severity: 'Extreme' })).toBe(true);
    expect(matchesPreferences(prefs({ minSeverity: 'warning' }), { ...fire, severity: 'Minor' })).toBe(false);
  });
});

describe('delivery of alerts', () => {
  it('reaches matching users who may see the area, in the app, live and by webhook; not the others', async () => {
    await save('leader', prefs({ alertTypes: ['Fire'], minSeverity: 'critical' }));
    await save('operator', prefs({ alertTypes: ['Met'] }));
    await save('officer', prefs({}));
    await save('admin', prefs({ channels: { inApp: false, email: false, webhook: true }, webhookUrl: hookUrl }));
    const count = async (u: string) => (await mine(u)).notifications.length;
    const before = { leader: await count('leader'), operator: await count('operator'), officer: await count('officer') };

    // The leader's live stream.
    const controller = new AbortController();
    const stream = await fetch(`${s.url}/api/notifications/stream`, { headers: { authorization: `Bearer ${tokens.leader}` }, signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 10_000;
      while (!text.includes(needle) && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
      return text.includes(needle);
    };
    expect(await readUntil('event: hello')).toBe(true);

    // A severe fire in Tân Thuận (27478): the leader (fire, critical) gets it; the operator
    // (weather only) does not; the officer of Tân Hưng (27475) may not see it.
    const alertId = await fire({ titleVi: 'Cháy kho hàng', severity: 'Severe', category: 'Fire', areaCode: '27478' });
    const leader = await mine('leader');
    expect(leader.notifications.length).toBe(before.leader + 1);
    expect(leader.notifications[0]).toMatchObject({ alertId, change: 'opened', severity: 'Severe', category: 'Fire', titleVi: 'Cháy kho hàng', areaCode: '27478', readAt: null });
    expect(leader.unread).toBeGreaterThanOrEqual(1);
    expect((await mine('operator')).notifications.length).toBe(before.operator);
    expect((await mine('officer')).notifications.length).toBe(before.officer);
    expect(await readUntil('event: notification')).toBe(true);
    expect(text).toContain('Cháy kho hàng');
    controller.abort();

    // The admin asked for the webhook only: the POST arrived and its outcome is stored.
    const hooked = received.map((r) => JSON.parse(r.body) as { notification: { alertId: number }; alert: { id: number } });
    expect(hooked.some((h) => h.alert.id === alertId && h.notification.alertId === alertId)).toBe(true);
    const adminList = await mine('admin');
    expect(adminList.notifications[0]).toMatchObject({ alertId, webhookStatus: 'delivered' });

    // A minor fire is below the leader's lowest severity; the officer gets one in Tân Hưng.
    const minor = await fire({ titleVi: 'Khói nhẹ', severity: 'Minor', category: 'Fire', areaCode: '27475' });
    expect((await mine('leader')).notifications.length).toBe(before.leader + 1);
    const officer = await mine('officer');
    expect(officer.notifications.length).toBe(before.officer + 1);
    expect(officer.notifications[0]).toMatchObject({ alertId: minor, areaCode: '27475' });

    // Weather reaches the operator; an acknowledgement is not news.
    const rain = await fire({ titleVi: 'Mưa lớn', severity: 'Moderate', category: 'Met', areaCode: '27484' });
    expect((await mine('operator')).notifications[0]).toMatchObject({ alertId: rain });
    const ack = await s.api(`/api/alerts/${rain}/acknowledge`, { method: 'POST', token: tokens.operator, json: {} });
    expect(ack.status).toBe(200);
    await s.services.notifications.idle();
    expect((await mine('operator')).notifications.length).toBe(before.operator + 1);
  }, 120_000);

  it('lists unread ones and marks them read, only the caller\'s own', async () => {
    const list = await mine('leader', '?unread=true');
    expect(list.unread).toBeGreaterThan(0);
    expect(list.notifications.every((n) => n.readAt === null)).toBe(true);
    const first = list.notifications[0]!.id;
    // Someone else's id changes nothing.
    const other = await s.api('/api/notifications/read', { method: 'POST', token: tokens.operator, json: { ids: [first] } });
    expect(((await other.json()) as { changed: number }).changed).toBe(0);
    const one = await s.api('/api/notifications/read', { method: 'POST', token: tokens.leader, json: { ids: [first] } });
    expect(await one.json()).toEqual({ changed: 1, unread: list.unread - 1 });
    const all = await s.api('/api/notifications/read', { method: 'POST', token: tokens.leader, json: {} });
    expect(((await all.json()) as { unread: number }).unread).toBe(0);
    expect((await mine('leader')).notifications.every((n) => n.readAt !== null)).toBe(true);
    expect((await s.api('/api/notifications')).status).toBe(401);
  });
});
