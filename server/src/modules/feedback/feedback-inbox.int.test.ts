// Issue 20, the inbox and the citizen's side, through the real HTTP API and a real database:
// server-side sorting, bulk assign with per-report codes, internal notes (never public nor in
// Open311), canned replies as admin-edited data, the nearby list before sending (no personal
// data), "still not fixed" reopening (same check as rating, a window, a limit), and record
// delete + undo by the demo officer in their unit's dataset (and not outside their area elsewhere).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';

let s: TestServer;
let admin: string;
let officer: string;
let leader: string;
let tanHung: { lat: number; lon: number };

async function pointIn(code: string) {
  const r = await sql<{ lat: number; lon: number }>`
    select ST_Y(ST_PointOnSurface(geom)) as lat, ST_X(ST_PointOnSurface(geom)) as lon from areas where code = ${code} and valid_from = '2025-07-01'`.execute(s.ctx.db.kysely);
  return r.rows[0]!;
}

interface Receipt { trackingCode: string }
async function submit(fields: Record<string, string | number>): Promise<{ code: string; id: number }> {
  const res = await s.api('/api/feedback', { method: 'POST', json: fields });
  expect(res.status).toBe(201);
  const { trackingCode } = (await res.json()) as Receipt;
  const r = await sql<{ id: number }>`select id from feedback_reports where tracking_code = ${trackingCode}`.execute(s.ctx.db.kysely);
  return { code: trackingCode, id: r.rows[0]!.id };
}
const act = (id: number, action: string, token: string, json: unknown = {}) => s.api(`/api/feedback/reports/${id}/${action}`, { method: 'POST', token, json });
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

beforeAll(async () => {
  s = await startTestServer({ FEEDBACK_RATE_PER_IP_HOUR: '10000', FEEDBACK_RATE_PER_PHONE_DAY: '10000', FEEDBACK_REOPEN_MAX: '2' });
  [admin, officer, leader] = await Promise.all([s.login('admin'), s.login('officer'), s.login('leader')]);
  tanHung = await pointIn('27475');
});
afterAll(() => s?.close());

describe('inbox', () => {
  it('sorts on the server by the declared columns, both ways, and refuses others', async () => {
    type L = { reports: { deadlineAt: string; status: string; dueSoon: boolean; overdue: boolean }[] };
    const asc = await json<L>(await s.api('/api/feedback/reports?sort=deadlineAt&order=asc&limit=200&status=', { token: admin }));
    const times = asc.reports.map((r) => Date.parse(r.deadlineAt));
    expect(times.length).toBeGreaterThan(5);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const desc = await json<L>(await s.api('/api/feedback/reports?sort=deadlineAt&order=desc&limit=200', { token: admin }));
    const dt = desc.reports.map((r) => Date.parse(r.deadlineAt));
    expect(dt).toEqual([...dt].sort((a, b) => b - a));
    const byStatus = await json<L>(await s.api('/api/feedback/reports?sort=status&limit=500', { token: admin }));
    const order = ['received', 'verified', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected'];
    const idx = byStatus.reports.map((r) => order.indexOf(r.status));
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    expect((await s.api('/api/feedback/reports?sort=reporterPhone', { token: admin })).status).toBe(400);
    // A report is never both due soon and overdue.
    expect(asc.reports.some((r) => r.dueSoon && r.overdue)).toBe(false);
  });

  it('marks an open report due within the reminder window as due soon', async () => {
    const { id, code } = await submit({ category: 'chieu-sang', description: 'Đèn đường hẻm 12 tắt', lat: tanHung.lat, lon: tanHung.lon });
    const due = Date.parse((await json<{ deadlineAt: string }>(await s.api(`/api/feedback/track/${code}`))).deadlineAt);
    const real = s.ctx.clock;
    try {
      s.ctx.clock = { now: () => new Date(due - 3 * 3600_000) };
      const token = await s.login('admin');
      const d = await json<{ dueSoon: boolean; overdue: boolean }>(await s.api(`/api/feedback/reports/${id}`, { token }));
      expect(d).toMatchObject({ dueSoon: true, overdue: false });
      s.ctx.clock = { now: () => new Date(due + 3600_000) };
      const later = await json<{ dueSoon: boolean; overdue: boolean }>(await s.api(`/api/feedback/reports/${id}`, { token: await s.login('admin') }));
      expect(later).toMatchObject({ dueSoon: false, overdue: true });
    } finally {
      s.ctx.clock = real;
    }
  });

  it('bulk-assigns the selected reports, with a code for each one it could not', async () => {
    const a = await submit({ category: 'chieu-sang', description: 'Đèn đường số 3 hỏng', lat: tanHung.lat, lon: tanHung.lon });
    const b = await submit({ category: 'chieu-sang', description: 'Đèn đường số 4 hỏng', lat: tanHung.lat, lon: tanHung.lon });
    const c = await submit({ category: 'chieu-sang', description: 'Đèn đường số 5 hỏng', lat: tanHung.lat, lon: tanHung.lon });
    expect((await act(c.id, 'reject', admin, { reason: 'Trùng phản ánh khác' })).status).toBe(200);
    const res = await s.api('/api/feedback/reports/bulk-assign', { method: 'POST', token: admin, json: { ids: [a.id, b.id, c.id], unitCode: 'ubnd-27475' } });
    expect(res.status).toBe(200);
    const { results } = await json<{ results: { id: number; ok: boolean; code?: string }[] }>(res);
    expect(results).toEqual([{ id: a.id, ok: true }, { id: b.id, ok: true }, expect.objectContaining({ id: c.id, ok: false, code: 'bad_transition' })]);
    const list = await json<{ reports: { id: number; assignedUnit: { code: string } | null }[] }>(await s.api('/api/feedback/reports?unit=ubnd-27475&limit=500', { token: admin }));
    expect(list.reports.filter((r) => r.id === a.id || r.id === b.id)).toHaveLength(2);
    expect((await s.api('/api/feedback/reports/bulk-assign', { method: 'POST', token: leader, json: { ids: [a.id], unitCode: 'ubnd-27475' } })).status).toBe(403);
  });

  it('keeps internal notes for staff: never in the public view nor in Open311', async () => {
    const { id, code } = await submit({ category: 'chieu-sang', description: 'Đèn chớp tắt liên tục', lat: tanHung.lat, lon: tanHung.lon });
    const secret = 'Ghi chú nội bộ: chủ hộ số 7 hay gọi điện, đã hẹn đội điện lực';
    const res = await s.api(`/api/feedback/reports/${id}/notes`, { method: 'POST', token: officer, json: { text: secret } });
    expect(res.status).toBe(200);
    const d = await json<{ events: { kind: string; note: string | null; internal: boolean }[] }>(res);
    expect(d.events).toContainEqual(expect.objectContaining({ kind: 'note', note: secret, internal: true }));
    expect(d.events.find((e) => e.kind === 'received')?.internal).toBe(false);
    expect(await (await s.api(`/api/feedback/track/${code}`)).text()).not.toContain('chủ hộ số 7');
    expect(await (await fetch(`${s.url}/open311/v2/requests/r${id}.json`)).text()).not.toContain('chủ hộ số 7');
    expect(await (await fetch(`${s.url}/open311/v2/requests.json`)).text()).not.toContain('chủ hộ số 7');
    expect((await s.api(`/api/feedback/reports/${id}/notes`, { method: 'POST', token: leader, json: { text: 'x' } })).status).toBe(403);
    expect((await s.api(`/api/feedback/reports/${id}/notes`, { method: 'POST', json: { text: 'x' } })).status).toBe(401);
  });

  it('serves canned replies in Vietnamese, editable by the admin only', async () => {
    type C = { replies: { id: number; titleVi: string; titleEn: string; bodyVi: string }[] };
    const seeded = await json<C>(await s.api('/api/feedback/canned-replies', { token: officer }));
    expect(seeded.replies.length).toBeGreaterThanOrEqual(3);
    expect(seeded.replies[0]!.bodyVi).toMatch(/Cảm ơn Ông\/Bà/);
    const body = { titleVi: 'Hẹn kiểm tra lại', titleEn: 'Re-check booked', bodyVi: 'Đơn vị sẽ kiểm tra lại hiện trường trong tuần này.' };
    expect((await s.api('/api/feedback/canned-replies', { method: 'POST', token: officer, json: body })).status).toBe(403);
    const added = await json<C>(await s.api('/api/feedback/canned-replies', { method: 'POST', token: admin, json: body }));
    const mine = added.replies.find((r) => r.titleVi === 'Hẹn kiểm tra lại')!;
    expect(mine.bodyVi).toBe(body.bodyVi);
    const changed = await json<C>(await s.api(`/api/feedback/canned-replies/${mine.id}`, { method: 'PUT', token: admin, json: { ...body, bodyVi: 'Đơn vị sẽ kiểm tra lại trong 3 ngày.' } }));
    expect(changed.replies.find((r) => r.id === mine.id)!.bodyVi).toBe('Đơn vị sẽ kiểm tra lại trong 3 ngày.');
    const gone = await json<C>(await s.api(`/api/feedback/canned-replies/${mine.id}`, { method: 'DELETE', token: admin }));
    expect(gone.replies.some((r) => r.id === mine.id)).toBe(false);
    expect((await s.api(`/api/feedback/canned-replies/${mine.id}`, { method: 'DELETE', token: admin })).status).toBe(404);
  });
});

describe('citizens', () => {
  it('lists open reports near a point with no personal data, and counts "my problem too" once per address', async () => {
    const near = { lat: tanHung.lat + 0.0005, lon: tanHung.lon };
    const { id } = await submit({ category: 'rac-thai', description: 'Rác ùn ứ đầu hẻm nhà ông Trần Văn Bình', lat: near.lat, lon: near.lon, name: 'Trần Văn Bình', phone: '0912345678', email: 'binh@example.com' });
    const far = await submit({ category: 'rac-thai', description: 'Rác ở chỗ xa', lat: tanHung.lat + 0.02, lon: tanHung.lon });
    const res = await s.api(`/api/feedback/nearby?lat=${tanHung.lat}&lon=${tanHung.lon}`);
    expect(res.status).toBe(200);
    const text = await res.clone().text();
    const body = await json<{ radiusM: number; reports: { id: string; distanceM: number; supporters: number; categoryNameVi: string }[] }>(res);
    expect(body.radiusM).toBe(200);
    const mine = body.reports.find((r) => r.id === `r${id}`)!;
    expect(mine.distanceM).toBeGreaterThan(30);
    expect(mine.distanceM).toBeLessThanOrEqual(70);
    expect(mine.categoryNameVi).toBeTruthy();
    expect(body.reports.some((r) => r.id === `r${far.id}`)).toBe(false);
    expect(body.reports.every((r) => r.distanceM <= 200)).toBe(true);
    for (const leak of ['Trần Văn Bình', '0912345678', 'binh@example.com', 'Rác ùn ứ', 'PA-', 'trackingCode', 'description', 'lat']) expect(text).not.toContain(leak);

    const first = await json<{ supporters: number }>(await s.api(`/api/feedback/nearby/r${id}/support`, { method: 'POST' }));
    expect(first.supporters).toBe(1);
    const twice = await json<{ supporters: number }>(await s.api(`/api/feedback/nearby/r${id}/support`, { method: 'POST' }));
    expect(twice.supporters).toBe(1);
    expect((await s.api(`/api/feedback/nearby/r999999999/support`, { method: 'POST' })).status).toBe(404);
    const staff = await json<{ supporters: number; events: { kind: string; internal: boolean }[] }>(await s.api(`/api/feedback/reports/${id}`, { token: admin }));
    expect(staff.supporters).toBe(1);
    expect(staff.events).toContainEqual(expect.objectContaining({ kind: 'supported', internal: true }));
  });

  it('reopens a resolved report on "still not fixed" with the phone check, within the window and the limit', async () => {
    const { id, code } = await submit({ category: 'chieu-sang', description: 'Đèn đường trước số 20 không sáng', lat: tanHung.lat, lon: tanHung.lon, phone: '0987654321' });
    const reopen = (json: unknown) => s.api(`/api/feedback/track/${code}/reopen`, { method: 'POST', json });
    expect((await reopen({ reason: 'Đèn vẫn chưa sáng', phoneLast4: '4321' })).status).toBe(409); // not answered yet
    expect((await act(id, 'assign', admin, { unitCode: 'ubnd-27475' })).status).toBe(200);
    expect((await act(id, 'resolve', admin, { answer: 'Đã thay bóng đèn mới.' })).status).toBe(200);
    const resolved = await json<{ canReopen: boolean; reopenUntil: string }>(await s.api(`/api/feedback/track/${code}`));
    expect(resolved.canReopen).toBe(true);
    expect((await reopen({ reason: 'Đèn vẫn chưa sáng' })).status).toBe(403);
    expect((await reopen({ reason: 'Đèn vẫn chưa sáng', phoneLast4: '0000' })).status).toBe(403);
    const ok = await reopen({ reason: 'Đèn vẫn chưa sáng buổi tối', phoneLast4: '4321' });
    expect(ok.status).toBe(200);
    const view = await json<{ status: string; answer: string | null; canRate: boolean; canReopen: boolean; timeline: { kind: string; note: string | null }[] }>(ok);
    expect(view).toMatchObject({ status: 'assigned', answer: null, canRate: false, canReopen: false });
    expect(view.timeline.at(-1)).toMatchObject({ kind: 'reopened', note: 'Đèn vẫn chưa sáng buổi tối' });
    const staff = await json<{ status: string; reopenCount: number; events: { kind: string; fromStatus: string | null; toStatus: string | null; internal: boolean }[] }>(await s.api(`/api/feedback/reports/${id}`, { token: officer }));
    expect(staff.status).toBe('assigned');
    expect(staff.reopenCount).toBe(1);
    expect(staff.events.at(-1)).toMatchObject({ kind: 'reopened', fromStatus: 'resolved', toStatus: 'assigned', internal: false });
    const inbox = await json<{ reports: { id: number }[] }>(await s.api('/api/feedback/reports?limit=500', { token: officer }));
    expect(inbox.reports.some((r) => r.id === id)).toBe(true); // open again: back in the open-only inbox

    // Second round: answered and rated (closed), then reopened again; a third time is over the limit (2).
    expect((await act(id, 'resolve', admin, { answer: 'Đã thay cả bộ đèn.' })).status).toBe(200);
    expect((await s.api(`/api/feedback/track/${code}/rating`, { method: 'POST', json: { rating: 2, phoneLast4: '4321' } })).status).toBe(200);
    expect((await reopen({ reason: 'Vẫn tắt sau 2 ngày', phoneLast4: '4321' })).status).toBe(200);
    expect((await act(id, 'resolve', admin, { answer: 'Đã sửa đường dây.' })).status).toBe(200);
    const limited = await reopen({ reason: 'Lại tắt nữa rồi', phoneLast4: '4321' });
    expect(limited.status).toBe(409);
    expect((await json<{ error: string }>(limited)).error).toBe('reopen_limit');
  });

  it('refuses "still not fixed" once the window after the answer has passed', async () => {
    const { id, code } = await submit({ category: 'chieu-sang', description: 'Đèn công viên tắt', lat: tanHung.lat, lon: tanHung.lon });
    expect((await act(id, 'assign', admin, { unitCode: 'ubnd-27475' })).status).toBe(200);
    expect((await act(id, 'resolve', admin, { answer: 'Đã sửa đèn công viên.' })).status).toBe(200);
    const real = s.ctx.clock;
    try {
      s.ctx.clock = { now: () => new Date(real.now().getTime() + 15 * 86_400_000) };
      const view = await json<{ canReopen: boolean }>(await s.api(`/api/feedback/track/${code}`));
      expect(view.canReopen).toBe(false);
      const res = await s.api(`/api/feedback/track/${code}/reopen`, { method: 'POST', json: { reason: 'Vẫn tắt' } });
      expect(res.status).toBe(409);
      expect((await json<{ error: string }>(res)).error).toBe('reopen_window_passed');
    } finally {
      s.ctx.clock = real;
    }
  });
});

describe('data editing (officer)', () => {
  it('adds, moves, deletes and undoes a record of their unit\'s dataset, each in the history; not outside their area elsewhere', async () => {
    const ds = '/api/datasets/tan-hung-flood-spots/records';
    const created = await s.api(ds, { method: 'POST', token: officer, json: { properties: { code: 'TH-TEST-1', name: 'Hẻm 45 Nguyễn Thị Thập', status: 'Còn ngập', depthCm: 20 }, geometry: { type: 'Point', coordinates: [tanHung.lon, tanHung.lat] } } });
    expect(created.status).toBe(201);
    const rec = await json<{ id: number }>(created);
    const moved = await s.api(`${ds}/${rec.id}`, { method: 'PATCH', token: officer, json: { geometry: { type: 'Point', coordinates: [tanHung.lon + 0.0004, tanHung.lat] } } });
    expect(moved.status).toBe(200);
    expect((await json<{ geometry: { coordinates: number[] } }>(moved)).geometry.coordinates[0]).toBeCloseTo(tanHung.lon + 0.0004, 6);
    expect((await s.api(`${ds}/${rec.id}`, { method: 'DELETE', token: officer })).status).toBe(204);
    expect((await s.api(`${ds}/${rec.id}`, { token: officer })).status).toBe(404);
    const h = await json<{ entries: { id: number; action: string }[] }>(await s.api(`${ds}/${rec.id}/history`, { token: officer }));
    const deletion = h.entries.find((e) => e.action === 'delete')!;
    const undo = await s.api(`${ds}/${rec.id}/history/${deletion.id}/restore`, { method: 'POST', token: officer });
    expect(undo.status).toBe(200);
    expect((await json<{ geometry: { coordinates: number[] } }>(undo)).geometry.coordinates[0]).toBeCloseTo(tanHung.lon + 0.0004, 6);
    const after = await json<{ entries: { action: string }[] }>(await s.api(`${ds}/${rec.id}/history`, { token: officer }));
    expect(after.entries.map((e) => e.action)).toEqual(['create', 'update', 'delete', 'restore']);
    // Another unit's dataset: only inside the officer's own area (the existing rule), so a record far away is closed to them.
    const other = await json<{ records: { id: number; geometry: { coordinates: number[] } | null }[] }>(await s.api('/api/datasets/pharmacies/records?limit=500', { token: admin }));
    const far = other.records.find((r) => r.geometry && Math.hypot(r.geometry.coordinates[0]! - tanHung.lon, r.geometry.coordinates[1]! - tanHung.lat) > 0.05)!;
    expect((await s.api(`/api/datasets/pharmacies/records/${far.id}`, { method: 'DELETE', token: officer })).status).toBe(403);
  });
});
