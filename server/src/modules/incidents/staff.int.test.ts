// The staff's working day through the real API (issue 20): incidents opened by hand, assigned
// to named people, with notes, attachments, several alerts and SLA deadlines; list filters and
// sorting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { AlertDetail, IncidentDetail, IncidentList } from '../../../../shared/contracts/alerts.ts';

let s: TestServer;
let admin: string;
let operator: string;
let leader: string;
// A local SMTP server (127.0.0.1, any port) that keeps what it receives.
const mails: { to: string[]; raw: string }[] = [];
/** Recipients whose next messages the server refuses (451, "try later"), with how many. */
const refuse = new Map<string, number>();
let smtp: SMTPServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const refused = session.envelope.rcptTo.find((r) => (refuse.get(r.address) ?? 0) > 0)?.address;
        if (refused) {
          refuse.set(refused, refuse.get(refused)! - 1);
          done(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          return;
        }
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  // A long window: the storm below is grouped until the window closes (flushed by the test).
  s = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}?tls=off`, SMTP_FROM: 'IOC <ioc@example.vn>', EMAIL_DIGEST_SECONDS: '3600' });
  [admin, operator, leader] = await Promise.all([s.login('admin'), s.login('operator'), s.login('leader')]);
});
afterAll(async () => {
  await s?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** Subject and body of a received message (base64 body, RFC 2047 encoded subject). */
function readMail(raw: string): { subject: string; text: string; language: string | undefined } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head!.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1];
  const words = (v: string) => v.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) => (enc.toUpperCase() === 'B'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
  const body = rest.join('\n\n').replace(/\s+/g, '');
  return { subject: words(header('Subject') ?? ''), text: Buffer.from(body, 'base64').toString('utf8'), language: header('Content-Language') };
}

async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
function form(name: string, data: Buffer): FormData {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(data)]), name);
  return f;
}

const manualAlert = (titleVi: string, severity = 'Severe') => s.api('/api/alerts', {
  method: 'POST', token: operator,
  json: { titleVi, severity, category: 'Met', areaCode: '27475', point: { type: 'Point', coordinates: [106.7035, 10.7478] } },
}).then((r) => json<AlertDetail>(r, 201));

describe('incidents worked by people', () => {
  it('opens one by hand with people, SLA deadline, notes, attachments and several alerts', async () => {
    const sla = await json<{ slas: { severity: string; minutes: number }[] }>(await s.api('/api/incident-sla', { token: operator }));
    expect(sla.slas.map((x) => x.severity)).toEqual(['Extreme', 'Severe', 'Moderate', 'Minor']);
    const people = await json<{ people: { username: string }[] }>(await s.api('/api/incident-assignees', { token: operator }));
    expect(people.people.map((p) => p.username)).toEqual(expect.arrayContaining(['operator', 'officer']));

    const bad = await s.api('/api/incidents', { method: 'POST', token: operator, json: { type: 'fire', title: 'x', assignees: ['nobody-here'] } });
    expect(bad.status).toBe(400);
    const inc = await json<IncidentDetail>(await s.api('/api/incidents', {
      method: 'POST', token: operator,
      json: {
        type: 'fire', title: 'Cháy kho hàng đường Nguyễn Thị Thập', severity: 'Extreme', description: 'Khói lớn',
        point: { type: 'Point', coordinates: [106.7035, 10.7478] }, assignedUnit: 'ubnd-27475', assignees: ['officer', 'operator', 'officer'],
      },
    }), 201);
    expect(inc).toMatchObject({ sourceKind: 'text', severity: 'Extreme', assignees: ['officer', 'operator'], areaCode: '27475', overdue: false });
    const slaMinutes = sla.slas.find((x) => x.severity === 'Extreme')!.minutes;
    expect(new Date(inc.dueAt!).getTime() - new Date(inc.createdAt).getTime()).toBe(slaMinutes * 60_000);

    // Re-grading moves the deadline; assigning people is recorded in the timeline.
    const regraded = await json<IncidentDetail>(await s.api(`/api/incidents/${inc.id}`, { method: 'PATCH', token: operator, json: { severity: 'Minor', assignees: ['officer'] } }));
    const minor = sla.slas.find((x) => x.severity === 'Minor')!.minutes;
    expect(new Date(regraded.dueAt!).getTime() - new Date(inc.createdAt).getTime()).toBe(minor * 60_000);
    expect(regraded.assignees).toEqual(['officer']);
    expect(regraded.timeline.at(-1)!.details).toMatchObject({ assignees: { from: ['officer', 'operator'], to: ['officer'] } });

    // Notes: workers write them, leaders read.
    expect((await s.api(`/api/incidents/${inc.id}/notes`, { method: 'POST', token: leader, json: { text: 'x' } })).status).toBe(403);
    const noted = await json<IncidentDetail>(await s.api(`/api/incidents/${inc.id}/notes`, { method: 'POST', token: operator, json: { text: 'Đội PCCC đã đến hiện trường' } }), 201);
    expect(noted.timeline.at(-1)).toMatchObject({ action: 'note', actor: 'operator', comment: 'Đội PCCC đã đến hiện trường' });

    // Attachments: checked by type and content, size limited, downloadable, removable.
    const withFile = await json<IncidentDetail>(await s.api(`/api/incidents/${inc.id}/attachments`, { method: 'POST', token: operator, body: form('hiện trường.png', PNG) }), 201);
    expect(withFile.attachments).toEqual([expect.objectContaining({ filename: 'hiện trường.png', mediaType: 'image/png', sizeBytes: PNG.length, createdBy: 'operator' })]);
    const att = withFile.attachments[0]!;
    const dl = await s.api(`/api/incidents/${inc.id}/attachments/${att.id}`, { token: leader });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await dl.arrayBuffer()).equals(PNG)).toBe(true);
    const exe = await s.api(`/api/incidents/${inc.id}/attachments`, { method: 'POST', token: operator, body: form('virus.exe', Buffer.from('MZ')) });
    expect(exe.status).toBe(415);
    expect(((await exe.json()) as { error: string }).error).toBe('unsupported_file_type');
    const fakePdf = await s.api(`/api/incidents/${inc.id}/attachments`, { method: 'POST', token: operator, body: form('report.pdf', Buffer.from('not a pdf')) });
    expect(fakePdf.status).toBe(415);
    const removed = await json<IncidentDetail>(await s.api(`/api/incidents/${inc.id}/attachments/${att.id}`, { method: 'DELETE', token: operator }));
    expect(removed.attachments).toEqual([]);
    expect(removed.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['attachment.added', 'attachment.removed']));
    await json(await s.api(`/api/incidents/${inc.id}/attachments`, { method: 'POST', token: operator, body: form('bien-ban.txt', Buffer.from('Biên bản hiện trường')) }), 201);

    // Several alerts per incident: link two, unlink one; an alert belongs to one incident only.
    const a1 = await manualAlert('Khói tại kho A');
    const a2 = await manualAlert('Báo cháy tầng 2', 'Extreme');
    await json(await s.api(`/api/incidents/${inc.id}/alerts`, { method: 'POST', token: operator, json: { alertId: a1.id } }));
    const linked = await json<IncidentDetail>(await s.api(`/api/incidents/${inc.id}/alerts`, { method: 'POST', token: operator, json: { alertId: a2.id } }));
    expect(linked.alerts.map((a) => a.id)).toEqual([a1.id, a2.id]);
    expect((await s.api('/api/incidents', { method: 'POST', token: operator, json: { alertId: a1.id } })).status).toBe(409);
    const unlinked = await json<IncidentDetail>(await s.api(`/api/incidents/${inc.id}/alerts/${a1.id}`, { method: 'DELETE', token: operator }));
    expect(unlinked.alerts.map((a) => a.id)).toEqual([a2.id]);
    expect((await json<AlertDetail>(await s.api(`/api/alerts/${a1.id}`, { token: operator }))).incidentId).toBeNull();

    // Closing with its alert resolved; reopening restarts the deadline.
    for (const x of unlinked.steps) await s.api(`/api/incidents/${inc.id}/steps/${x.id}`, { method: 'PATCH', token: operator, json: { done: true } });
    const closed = await json<IncidentDetail>(await s.api(`/api/incidents/${inc.id}`, { method: 'PATCH', token: operator, json: { status: 'closed', resolution: 'Đã dập tắt', alerts: 'resolve' } }));
    expect(closed).toMatchObject({ status: 'closed', overdue: false });
    expect(closed.alerts[0]!.status).toBe('resolved');
  });

  it('lists with filters (status, severity, ward, assignee, overdue) and sorting; SLA is admin data', async () => {
    // A deadline of one minute, an incident opened, the clock moved on: it is overdue.
    expect((await s.api('/api/incident-sla', { method: 'PUT', token: operator, json: { slas: [{ severity: 'Moderate', minutes: 1 }] } })).status).toBe(403);
    await json(await s.api('/api/incident-sla', { method: 'PUT', token: admin, json: { slas: [{ severity: 'Moderate', minutes: 1 }] } }));
    const late = await json<IncidentDetail>(await s.api('/api/incidents', {
      method: 'POST', token: operator, json: { type: 'fallen_tree', title: 'Cây đổ hẻm 12', severity: 'Moderate', assignees: ['operator'], point: { type: 'Point', coordinates: [106.7035, 10.7478] } },
    }), 201);
    const onTime = await json<IncidentDetail>(await s.api('/api/incidents', {
      method: 'POST', token: operator, json: { type: 'flooding', title: 'Ngập hẻm 5', severity: 'Severe', assignees: ['officer'] },
    }), 201);
    const real = s.ctx.clock;
    s.ctx.clock = { now: () => new Date(real.now().getTime() + 5 * 60_000) };
    afterAll(() => { s.ctx.clock = real; });
    const list = (q: string) => s.api(`/api/incidents?${q}`, { token: operator }).then((r) => json<IncidentList>(r));

    const overdue = await list('overdue=true');
    expect(overdue.incidents.map((i) => i.id)).toContain(late.id);
    expect(overdue.incidents.map((i) => i.id)).not.toContain(onTime.id);
    expect(overdue.incidents.every((i) => i.overdue)).toBe(true);
    expect((await list('assignee=officer')).incidents.every((i) => i.assignees.includes('officer'))).toBe(true);
    expect((await list('assignee=me')).incidents.map((i) => i.id)).toContain(late.id);
    const sev = await list('severity=Severe,Extreme');
    expect(sev.incidents.map((i) => i.id)).toContain(onTime.id);
    expect(sev.incidents.every((i) => ['Severe', 'Extreme'].includes(i.severity))).toBe(true);
    const ward = await list('area=27475');
    expect(ward.incidents.length).toBeGreaterThan(0);
    expect(ward.incidents.every((i) => i.areaCode === '27475')).toBe(true);
    expect((await list('status=closed')).incidents.every((i) => i.status === 'closed')).toBe(true);
    // Sorting: by deadline (soonest first), by severity (most severe first).
    const byDue = (await list('sort=due&status=open,in_progress')).incidents.filter((i) => i.dueAt).map((i) => i.dueAt!);
    expect(byDue).toEqual([...byDue].sort());
    const rank = { Extreme: 0, Severe: 1, Moderate: 2, Minor: 3 };
    const bySev = (await list('sort=severity&status=open,in_progress')).incidents.map((i) => rank[i.severity]);
    expect(bySev).toEqual([...bySev].sort((a, b) => a - b));
  });
});

describe('live screen: bulk acknowledgement', () => {
  it('acknowledges the open alerts asked for with one comment and lists the others as skipped', async () => {
    const a = await manualAlert('Ngập điểm 1', 'Moderate');
    const b = await manualAlert('Ngập điểm 2', 'Minor');
    await json(await s.api(`/api/alerts/${b.id}/acknowledge`, { method: 'POST', token: operator, json: { comment: 'đã biết' } }));
    expect((await s.api('/api/alerts/acknowledge', { method: 'POST', json: { ids: [a.id] } })).status).toBe(401);
    const r = await json<{ acknowledged: number[]; skipped: { id: number; reason: string }[] }>(await s.api('/api/alerts/acknowledge', {
      method: 'POST', token: operator, json: { ids: [a.id, b.id, 99_999_999], comment: 'xác nhận hàng loạt' },
    }));
    expect(r.acknowledged).toEqual([a.id]);
    expect(r.skipped).toEqual([{ id: b.id, reason: 'not_open' }, { id: 99_999_999, reason: 'not_found' }]);
    const after = await json<AlertDetail>(await s.api(`/api/alerts/${a.id}`, { token: operator }));
    expect(after.status).toBe('acknowledged');
    expect(after.timeline.at(-1)).toMatchObject({ action: 'acknowledged', comment: 'xác nhận hàng loạt', actor: 'operator' });
  });
});

describe('notifications that arrive: e-mail digests', () => {
  it('turns a storm of alerts into one message per recipient, in their language', async () => {
    const prefs = (email: string, language: 'vi' | 'en') => ({
      alertTypes: [], minSeverity: 'info', channels: { inApp: true, email: true, webhook: false }, email, webhookUrl: null, language,
    });
    await json(await s.api('/api/me/notification-preferences', { method: 'PUT', token: operator, json: prefs('operator@example.vn', 'vi') }));
    await json(await s.api('/api/me/notification-preferences', { method: 'PUT', token: leader, json: prefs('leader@example.vn', 'en') }));
    const before = mails.length;
    const storm = 25;
    for (let i = 1; i <= storm; i++) {
      await s.api('/api/alerts', {
        method: 'POST', token: operator,
        json: { titleVi: `Ngập điểm ${i}`, titleEn: `Flooding at point ${i}`, severity: i === 1 ? 'Extreme' : 'Moderate', category: 'Met', areaCode: '27475', place: 'Tân Hưng' },
      });
    }
    await s.services.notifications.idle();
    // Nothing is sent while the window is open: no message per alert.
    expect(mails.length).toBe(before);
    await s.services.notifications.flushEmails();
    const sent = mails.slice(before);
    expect(sent.map((m) => m.to).sort()).toEqual([['leader@example.vn'], ['operator@example.vn']]);
    const vi = readMail(sent.find((m) => m.to[0] === 'operator@example.vn')!.raw);
    expect(vi.subject).toBe(`[cityops] ${storm} cảnh báo mới`);
    expect(vi.language).toBe('vi');
    expect(vi.text).toContain(`ghi nhận ${storm} cảnh báo`);
    expect(vi.text).toContain('[Cực kỳ nghiêm trọng] Ngập điểm 1 — Tân Hưng (mới,');
    expect(vi.text).not.toMatch(/Flooding|Extreme|alert/);
    const en = readMail(sent.find((m) => m.to[0] === 'leader@example.vn')!.raw);
    expect(en.subject).toBe(`[cityops] ${storm} new alerts`);
    expect(en.text).toContain('[Extreme] Flooding at point 1');
    expect(en.text).not.toMatch(/Ngập|cảnh báo/);
    // Each is marked sent: a second flush sends nothing more.
    await s.services.notifications.flushEmails();
    expect(mails.length).toBe(before + 2);
  });

  it('sends a refused digest again later instead of dropping it', async () => {
    const to = 'admin@example.vn';
    await json(await s.api('/api/me/notification-preferences', {
      method: 'PUT', token: admin,
      json: { alertTypes: [], minSeverity: 'info', channels: { inApp: true, email: true, webhook: false }, email: to, webhookUrl: null, language: 'en' },
    }));
    // The e-mail state is the notifications module's column (email.ts: pending, retry N, sent, failed after N).
    const statusOf = async () => (await sql<{ email_status: string }>`select email_status from notifications where email_to = ${to} order by id desc limit 1`.execute(s.ctx.db.kysely)).rows[0]?.email_status;
    refuse.set(to, 1);
    const before = mails.filter((m) => m.to.includes(to)).length;
    await s.api('/api/alerts', { method: 'POST', token: operator, json: { titleVi: 'Mất điện trạm bơm', titleEn: 'Pump station power cut', severity: 'Severe', category: 'Infra', areaCode: '27475' } });
    await s.services.notifications.idle();
    await s.services.notifications.flushEmails();
    // Refused: nothing delivered, the notification is due for another try (not marked failed).
    expect(mails.filter((m) => m.to.includes(to)).length).toBe(before);
    expect(await statusOf()).toMatch(/^retry 1: .*try again later/);
    await s.services.notifications.flushEmails();
    const delivered = mails.filter((m) => m.to.includes(to));
    expect(delivered.length).toBe(before + 1);
    expect(readMail(delivered.at(-1)!.raw).text).toContain('Pump station power cut');
    expect(await statusOf()).toBe('sent');
  });
});

describe('administration: the audit log', () => {
  it('filters by who, action kind, object and date range, and exports the same as CSV', async () => {
    const users = await json<{ users: { username: string; disabled: boolean; secondFactor: boolean }[] }>(await s.api('/api/users', { token: admin }));
    expect(users.users.find((u) => u.username === 'operator')).toMatchObject({ disabled: false, secondFactor: false });
    type Entries = { entries: { actor: string; action: string; targetType: string | null; targetId: string | null; at: string }[] };
    const all = await json<Entries>(await s.api('/api/audit?actor=operator&action=incident.*&limit=1000', { token: admin }));
    expect(all.entries.length).toBeGreaterThan(0);
    expect(all.entries.every((e) => e.actor === 'operator' && e.action.startsWith('incident.'))).toBe(true);
    const one = all.entries[0]!;
    const byObject = await json<Entries>(await s.api(`/api/audit?targetType=incident&targetId=${one.targetId}&limit=100`, { token: admin }));
    expect(byObject.entries.every((e) => e.targetId === one.targetId)).toBe(true);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await json<Entries>(await s.api(`/api/audit?from=${encodeURIComponent(future)}`, { token: admin }))).entries).toEqual([]);
    const until = await json<Entries>(await s.api(`/api/audit?to=${encodeURIComponent(one.at)}&actor=operator&action=incident.*`, { token: admin }));
    expect(until.entries.every((e) => e.at < one.at)).toBe(true);
    expect((await s.api('/api/audit.csv', { token: operator })).status).toBe(403);
    const csv = await s.api('/api/audit.csv?actor=operator&action=incident.*', { token: admin });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,target_type,target_id,ip,details');
    expect(lines.length - 1).toBe(all.entries.length);
    // The export is itself in the log.
    const exports = await json<Entries>(await s.api('/api/audit?action=audit.export', { token: admin }));
    expect(exports.entries[0]).toMatchObject({ actor: 'admin', action: 'audit.export' });
  });
});
