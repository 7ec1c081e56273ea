// Tasks through the real HTTP API, with an injected clock: the four official buckets and both
// rates against a hand-computed set, extension and confirmation rules (lateness already
// incurred stays), refusal and rework, who sees what, reminders and escalation, and the
// dashboard's rates against a hand count of every demo task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { Task, TaskDetail, TaskList, TaskStats } from '../../../../shared/contracts/tasks.ts';
import type { NotificationList } from '../../../../shared/contracts/notifications.ts';

let s: TestServer;
const DAY = 86_400_000;
const base = Date.now();
/** The local (UTC+7) date of a day offset from the start. */
const day = (k: number) => new Date(base + k * DAY + 7 * 3600_000).toISOString().slice(0, 10);
const tokens: Record<string, string> = {};

/** Moves the clock (sessions last 30 days here, longer than the simulated fortnight). */
function at(k: number) {
  s.ctx.clock = { now: () => new Date(base + k * DAY) };
}
async function call<T>(user: string, path: string, init: { method?: string; json?: unknown } = {}, status = 200): Promise<T> {
  const res = await s.api(path, { ...init, token: tokens[user] });
  const text = await res.text();
  expect(res.status, `${init.method ?? 'GET'} ${path} as ${user}: ${text}`).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}
const create = (json: Record<string, unknown>, user = 'leader') => call<TaskDetail>(user, '/api/tasks', { method: 'POST', json }, 201).then((d) => d.task.id);
const progress = (id: number, json: Record<string, unknown>, user = 'ioc-officer', status = 200) => call<TaskDetail>(user, `/api/tasks/${id}/progress`, { method: 'POST', json }, status);
const confirm = (id: number, accept = true, user = 'leader', status = 200) => call<TaskDetail>(user, `/api/tasks/${id}/confirm`, { method: 'POST', json: { accept } }, status);

beforeAll(async () => {
  s = await startTestServer({ SESSION_HOURS: '720' });
  for (const u of ['admin', 'leader', 'operator', 'officer']) tokens[u] = await s.login(u);
  const res = await s.api('/api/users', { method: 'POST', token: tokens.admin, json: { username: 'ioc-officer', displayName: 'Cán bộ Trung tâm', role: 'officer', unitCode: 'ioc', password: 'ioc-officer-pass-2026' } });
  expect(res.status).toBe(201);
  tokens['ioc-officer'] = await s.login('ioc-officer', 'ioc-officer-pass-2026');
  at(0);
}, 120_000);
afterAll(async () => s?.close());

describe('buckets and rates (hand-computed, unit ioc)', () => {
  const ids = {} as Record<'A' | 'B' | 'C' | 'E' | 'F' | 'G' | 'H', number>;
  it('plays a week of work', async () => {
    at(0);
    ids.A = await create({ title: 'A: đúng hạn', leadUnitCode: 'ioc', dueDate: day(5) });
    ids.B = await create({ title: 'B: trễ hạn', leadUnitCode: 'ioc', dueDate: day(2), coordinatingUnitCodes: ['ubnd-27475'] });
    ids.C = await create({ title: 'C: còn hạn', leadUnitCode: 'ioc', dueDate: day(10) });
    ids.E = await create({ title: 'E: quá hạn', leadUnitCode: 'ioc', dueDate: day(1) });
    ids.F = await create({ title: 'F: thường xuyên', leadUnitCode: 'ioc', sourceKind: 'meeting', sourceNote: 'Kết luận giao ban tuần 49' });
    ids.G = await create({ title: 'G: gia hạn kịp thời', leadUnitCode: 'ioc', dueDate: day(2) });
    ids.H = await create({ title: 'H: gia hạn muộn', leadUnitCode: 'ioc', dueDate: day(2) });

    at(1);
    let g = await call<TaskDetail>('ioc-officer', `/api/tasks/${ids.G}/extensions`, { method: 'POST', json: { newDueDate: day(8), reason: 'Chờ số liệu của phường' } });
    expect(g.can.requestExtension).toBe(false);
    await call('ioc-officer', `/api/tasks/${ids.G}/extensions`, { method: 'POST', json: { newDueDate: day(9), reason: 'again' } }, 409);
    await call('ioc-officer', `/api/tasks/${ids.G}/extensions/${g.extensions[0]!.id}`, { method: 'PATCH', json: { decision: 'approved' } }, 403);
    g = await call<TaskDetail>('leader', `/api/tasks/${ids.G}/extensions/${g.extensions[0]!.id}`, { method: 'PATCH', json: { decision: 'approved' } });
    expect(g.task.dueAt! > g.task.originalDueAt!).toBe(true);
    expect(g.task.lateIncurred).toBe(false);

    at(3);
    await progress(ids.A, { progress: 60, note: 'Đã kiểm tra 3/5 tuyến đường' });
    await progress(ids.A, { note: 'Hoàn thành', action: 'done' });
    await confirm(ids.A, true, 'ioc-officer', 403);
    const a = await confirm(ids.A);
    expect(a.task.status).toBe('done');
    expect(a.task.bucket).toBe('done-on-time');

    at(4);
    const hx = await call<TaskDetail>('ioc-officer', `/api/tasks/${ids.H}/extensions`, { method: 'POST', json: { newDueDate: day(9), reason: 'Xin gia hạn' } });
    const h = await call<TaskDetail>('leader', `/api/tasks/${ids.H}/extensions/${hx.extensions[0]!.id}`, { method: 'PATCH', json: { decision: 'approved', note: 'Đồng ý' } });
    expect(h.task.lateIncurred).toBe(true);
    expect(h.task.originalDueAt).not.toBe(h.task.dueAt);
    // The unit reports B done late; the leader first sends it back (rework), then confirms.
    await progress(ids.B, { note: 'Xong', action: 'done' });
    const rework = await confirm(ids.B, false);
    expect(rework.task.status).toBe('in_progress');
    expect(rework.events.map((e) => e.kind)).toContain('confirmation-refused');
    await progress(ids.B, { note: 'Đã bổ sung', action: 'done' });
    await confirm(ids.B);

    at(5);
    await progress(ids.H, { note: 'Xong', action: 'done' });
    await confirm(ids.H);

    at(6);
    await progress(ids.G, { note: 'Xong', action: 'done' });
    await confirm(ids.G);
    await confirm(ids.G, true, 'leader', 409);
  });

  it('counts the four buckets, standing tasks apart, and both rates', async () => {
    const st = await call<TaskStats>('leader', '/api/tasks/stats?unit=ioc');
    expect(st.buckets).toEqual({ doneOnTime: 2, doneLate: 2, openInTime: 1, openOverdue: 1, standing: 1 });
    expect(st.due).toBe(5);
    expect(st.completionRate).toBe(80);
    expect(st.onTimeRate).toBe(40);
    const e = st.overdue.find((o) => o.id === ids.E)!;
    expect(e.daysLate).toBe(5);
    const list = await call<TaskList>('leader', '/api/tasks?unit=ioc&bucket=done-late');
    expect(list.tasks.map((t) => t.id).sort()).toEqual([ids.B, ids.H].sort());
  });

  it('who sees what: the officer of another unit sees only what it leads or coordinates', async () => {
    const mine = await call<TaskList>('officer', '/api/tasks?unit=ioc&limit=500');
    expect(mine.tasks.map((t) => t.id)).toEqual([ids.B]);
    await call('officer', `/api/tasks/${ids.A}`, {}, 404);
    const b = await call<TaskDetail>('officer', `/api/tasks/${ids.B}`);
    expect(b.can.reportDone).toBe(false);
    await call('officer', '/api/tasks', { method: 'POST', json: { title: 'x', leadUnitCode: 'ioc' } }, 403);
    await call('operator', '/api/tasks', { method: 'POST', json: { title: 'x', leadUnitCode: 'ioc' } }, 403);
    const all = await call<TaskList>('officer', '/api/tasks?limit=500');
    const officerUnit = 'ubnd-27475';
    expect(all.tasks.every((t: Task) => t.leadUnit.code === officerUnit || t.coordinatingUnits.some((u) => u.code === officerUnit))).toBe(true);
  });

  it('refuses bad input clearly', async () => {
    await call('leader', '/api/tasks', { method: 'POST', json: { title: 'x', leadUnitCode: 'ioc', coordinatingUnitCodes: ['ioc'] } }, 400);
    await call('leader', '/api/tasks', { method: 'POST', json: { title: 'x', leadUnitCode: 'no-such-unit' } }, 400);
    await call('leader', '/api/tasks', { method: 'POST', json: { title: 'x', leadUnitCode: 'ioc', dueDate: day(-3) } }, 400);
    await call('leader', '/api/tasks', { method: 'POST', json: { title: 'x', leadUnitCode: 'ioc', dueDate: day(3), dueWorkingDays: 3 } }, 400);
    await call('leader', '/api/tasks', { method: 'POST', json: { title: 'x', leadUnitCode: 'ioc', sourceKind: 'document' } }, 400);
    await progress(ids.E, { progress: 150, note: 'x' }, 'ioc-officer', 400);
    await progress(ids.A, { note: 'after done' }, 'ioc-officer', 409);
    await call('ioc-officer', `/api/tasks/${ids.C}/extensions`, { method: 'POST', json: { newDueDate: day(2), reason: 'earlier' } }, 400);
  });

  it('a working-day deadline skips weekends and holidays; sub-tasks go to officers; refusal returns to the leader', async () => {
    const w = await call<TaskDetail>('leader', '/api/tasks', { method: 'POST', json: { title: 'W', leadUnitCode: 'ioc', dueWorkingDays: 10 } }, 201);
    // Ten working days always span at least one weekend; the deadline falls on a weekday.
    expect(Date.parse(w.task.dueAt!) - (base + 6 * DAY)).toBeGreaterThanOrEqual(11 * DAY);
    expect([0, 6]).not.toContain(new Date(Date.parse(w.task.dueAt!) + 7 * 3600_000).getUTCDay());
    const sub = await call<TaskDetail>('ioc-officer', '/api/tasks', { method: 'POST', json: { title: 'W.1', leadUnitCode: 'ioc', parentId: w.task.id, assigneeUsername: 'ioc-officer', dueDate: day(10) } }, 201);
    expect(sub.task.assignee?.username).toBe('ioc-officer');
    await progress(w.task.id, { note: 'done?', action: 'done' }, 'ioc-officer', 409);
    const r = await progress(ids.C, { note: 'Không thuộc thẩm quyền', action: 'refuse' });
    expect(r.task.status).toBe('refused');
    const re = await call<TaskDetail>('leader', `/api/tasks/${ids.C}`, { method: 'PATCH', json: { leadUnitCode: 'ubnd-27478' } });
    expect(re.task.status).toBe('open');
  });

  it('reminds 7, 3, 1 days before and when overdue, escalating to the leader once', async () => {
    at(6);
    await s.services.tasks.runReminders();
    await s.services.tasks.runReminders();
    const officer = await call<NotificationList>('ioc-officer', '/api/notifications?limit=200');
    const overdue = officer.notifications.filter((n) => n.titleVi === 'Nhiệm vụ quá hạn: E: quá hạn');
    expect(overdue).toHaveLength(1);
    const leader = await call<NotificationList>('leader', '/api/notifications?limit=200');
    expect(leader.notifications.some((n) => n.titleVi === 'Nhiệm vụ quá hạn: E: quá hạn')).toBe(true);
    const e = await call<TaskDetail>('leader', `/api/tasks/${ids.E}`);
    expect(e.events.map((x) => x.kind)).toContain('escalated');
  });
});

describe('the direction dashboard equals a hand count of the demo tasks', () => {
  it('counts every visible top-level task by bucket', async () => {
    at(0);
    const counts = { doneOnTime: 0, doneLate: 0, openInTime: 0, openOverdue: 0, standing: 0 };
    const key = { 'done-on-time': 'doneOnTime', 'done-late': 'doneLate', 'open-in-time': 'openInTime', 'open-overdue': 'openOverdue', standing: 'standing' } as const;
    let n = 0;
    for (let offset = 0; ; offset += 500) {
      const page = await call<TaskList>('leader', `/api/tasks?topLevel=true&limit=500&offset=${offset}`);
      for (const t of page.tasks) if (t.bucket) counts[key[t.bucket]]++;
      n += page.tasks.length;
      if (page.tasks.length < 500) break;
    }
    expect(n).toBeGreaterThan(1000);
    const st = await call<TaskStats>('leader', '/api/tasks/stats');
    expect(st.buckets).toEqual(counts);
    const done = counts.doneOnTime + counts.doneLate;
    expect(st.completionRate).toBe(Math.round((done / (done + counts.openOverdue)) * 1000) / 10);
    expect(st.onTimeRate).toBe(Math.round((counts.doneOnTime / (done + counts.openOverdue)) * 1000) / 10);
    expect(st.byUnit[0]!.rank).toBe(1);
    expect(st.monthly.length).toBeGreaterThan(10);
  });

  it('the KPIs of the catalogue read the same figures', async () => {
    const res = await s.api('/api/kpis/tasks-overdue', { token: tokens.leader });
    expect(res.status, await res.clone().text()).toBe(200);
    const v = (await res.json()) as { value: number };
    const st = await call<TaskStats>('leader', '/api/tasks/stats');
    expect(v.value).toBe(st.buckets.openOverdue);
  });
});
