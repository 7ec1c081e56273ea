// Incidents through the real API: from an alert (area located from the point), SOP checklist
// ticked with who and when, status and timeline; SOP templates editable by admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { AlertDetail, IncidentDetail, SopTemplate } from '../../../../shared/contracts/alerts.ts';

let s: TestServer;
let admin: string;
let operator: string;
let officer: string;
let leader: string;
beforeAll(async () => {
  s = await startTestServer();
  [admin, operator, officer, leader] = await Promise.all([s.login('admin'), s.login('operator'), s.login('officer'), s.login('leader')]);
});
afterAll(() => s?.close());

describe('SOP templates', () => {
  it('ships Vietnamese SOPs for the six incident types; admins edit them', async () => {
    const list = (await (await s.api('/api/sop-templates', { token: operator })).json()) as { templates: SopTemplate[] };
    expect(list.templates.map((t) => t.incidentType).sort()).toEqual(['air_pollution', 'fallen_tree', 'fire', 'flooding', 'power_outage', 'traffic_accident']);
    expect(list.templates.find((t) => t.incidentType === 'flooding')!.steps[0]!.vi).toMatch(/Xác minh/);
    expect((await s.api('/api/sop-templates/landslide', { method: 'PUT', token: operator, json: { nameVi: 'Sạt lở', nameEn: 'Landslide', steps: [{ vi: 'a', en: 'a' }] } })).status).toBe(403);
    const put = await s.api('/api/sop-templates/landslide', { method: 'PUT', token: admin, json: { nameVi: 'Sạt lở bờ sông', nameEn: 'Riverbank landslide', steps: [{ vi: 'Phong tỏa bờ sông', en: 'Close the bank' }, { vi: 'Di dời dân', en: 'Evacuate' }] } });
    expect(put.status).toBe(200);
    expect(((await put.json()) as SopTemplate).steps).toHaveLength(2);
  });
});

describe('incidents', () => {
  it('escalates an alert into an incident with its SOP, ticks steps with who and when, and closes', async () => {
    // A manual alert at a point in Phường Tân Hưng (2025 ward 27475).
    const alert = (await (await s.api('/api/alerts', {
      method: 'POST', token: operator,
      json: { titleVi: 'Ngập đường Nguyễn Hữu Thọ', severity: 'Severe', category: 'Met', areaCode: '27475', point: { type: 'Point', coordinates: [106.7035, 10.7478] } },
    })).json()) as AlertDetail;
    const res = await s.api('/api/incidents', { method: 'POST', token: operator, json: { alertId: alert.id, type: 'flooding', assignedUnit: 'ubnd-27475', comment: 'chuyển thành sự cố' } });
    expect(res.status, await res.clone().text()).toBe(201);
    const inc = (await res.json()) as IncidentDetail;
    expect(inc).toMatchObject({ type: 'flooding', severity: 'Severe', status: 'open', sourceKind: 'alert', alertId: alert.id, assignedUnit: 'ubnd-27475', areaCode: '27475' });
    expect(inc.areaName).toBeTruthy();
    expect(inc.steps.length).toBeGreaterThanOrEqual(5);
    expect(inc.steps.every((x) => !x.done)).toBe(true);
    // The alert now points at the incident and says so in its timeline; a second escalation is refused.
    const a2 = (await (await s.api(`/api/alerts/${alert.id}`, { token: operator })).json()) as AlertDetail;
    expect(a2.incidentId).toBe(inc.id);
    expect(a2.timeline.at(-1)).toMatchObject({ action: 'incident', actor: 'operator' });
    expect((await s.api('/api/incidents', { method: 'POST', token: operator, json: { alertId: alert.id } })).status).toBe(409);

    // The officer of the assigned unit ticks the first step: who and when are recorded, the incident is in progress.
    const step = inc.steps[0]!;
    const ticked = await s.api(`/api/incidents/${inc.id}/steps/${step.id}`, { method: 'PATCH', token: officer, json: { done: true, note: 'sâu 30 cm' } });
    expect(ticked.status, await ticked.clone().text()).toBe(200);
    const after = (await ticked.json()) as IncidentDetail;
    expect(after.status).toBe('in_progress');
    expect(after.steps[0]).toMatchObject({ done: true, doneBy: 'officer', note: 'sâu 30 cm' });
    expect(after.steps[0]!.doneAt).toBeTruthy();
    expect(after.stepsDone).toBe(1);
    // Leaders read but do not work the checklist.
    expect((await s.api(`/api/incidents/${inc.id}/steps/${step.id}`, { method: 'PATCH', token: leader, json: { done: false } })).status).toBe(403);
    // The checklist is editable: add a step.
    const added = (await (await s.api(`/api/incidents/${inc.id}/steps`, { method: 'POST', token: operator, json: { textVi: 'Báo cáo lãnh đạo phường' } })).json()) as IncidentDetail;
    expect(added.steps.at(-1)!.textVi).toBe('Báo cáo lãnh đạo phường');
    // Closing is a decision (issue 20, defect 2): a resolution, a reason for the steps left open,
    // and what becomes of its unresolved alert; each refusal names what is missing.
    const close = (json: Record<string, unknown>) => s.api(`/api/incidents/${inc.id}`, { method: 'PATCH', token: operator, json: { status: 'closed', ...json } });
    const noResolution = await close({ comment: 'nước đã rút' });
    expect(noResolution.status).toBe(400);
    expect(((await noResolution.json()) as { message: string }).message).toMatch(/resolution/);
    const noReason = await close({ resolution: 'Nước đã rút, đường thông' });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { message: string }).message).toMatch(/steps are not done/);
    const noAlertChoice = await close({ resolution: 'Nước đã rút, đường thông', comment: 'các bước còn lại không cần' });
    expect(noAlertChoice.status).toBe(400);
    expect(((await noAlertChoice.json()) as { message: string }).message).toMatch(/alert/);
    expect(((await (await s.api(`/api/incidents/${inc.id}`, { token: operator })).json()) as IncidentDetail).status).toBe('in_progress');
    const closedRes = await close({ resolution: 'Nước đã rút, đường thông', comment: 'các bước còn lại không cần', alerts: 'resolve' });
    expect(closedRes.status, await closedRes.clone().text()).toBe(200);
    const closed = (await closedRes.json()) as IncidentDetail;
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'operator', resolution: 'Nước đã rút, đường thông' });
    expect(closed.alerts).toEqual([expect.objectContaining({ id: alert.id, status: 'resolved' })]);
    expect(closed.timeline.map((e) => e.action)).toEqual(['created', 'step.done', 'step.added', 'status:closed']);
    expect(closed.timeline.at(-1)!.details).toMatchObject({ resolution: 'Nước đã rút, đường thông', alerts: { action: 'resolve', ids: [alert.id] } });
    expect((await s.api(`/api/incidents/${inc.id}/steps/${step.id}`, { method: 'PATCH', token: operator, json: { done: false } })).status).toBe(409);
    // Reopening needs a reason; it clears the resolution and the timeline keeps both.
    expect((await s.api(`/api/incidents/${inc.id}`, { method: 'PATCH', token: operator, json: { status: 'in_progress' } })).status).toBe(400);
    const reopened = (await (await s.api(`/api/incidents/${inc.id}`, { method: 'PATCH', token: operator, json: { status: 'in_progress', comment: 'nước dâng lại' } })).json()) as IncidentDetail;
    expect(reopened).toMatchObject({ status: 'in_progress', closedAt: null, closedBy: null, resolution: null });
    expect(reopened.timeline.at(-1)).toMatchObject({ action: 'reopened', comment: 'nước dâng lại' });
    // Without open alerts and with every step done, a resolution alone closes it.
    for (const x of reopened.steps.filter((y) => !y.done)) await s.api(`/api/incidents/${inc.id}/steps/${x.id}`, { method: 'PATCH', token: operator, json: { done: true } });
    expect((await close({ resolution: 'Đã xử lý xong' })).status).toBe(200);
  });

  it('opens an incident from free text and from a feedback id; officers see only theirs', async () => {
    const text = await s.api('/api/incidents', { method: 'POST', token: operator, json: { type: 'fallen_tree', title: 'Cây đổ trên đường Lê Văn Lương', point: { type: 'Point', coordinates: [106.7004, 10.7245] } } });
    expect(text.status, await text.clone().text()).toBe(201);
    const t = (await text.json()) as IncidentDetail;
    expect(t.sourceKind).toBe('text');
    const fb = (await (await s.api('/api/incidents', { method: 'POST', token: operator, json: { type: 'power_outage', title: 'Mất điện khu phố 3', feedbackId: 'FB-123', assignedUnit: 'ubnd-27475' } })).json()) as IncidentDetail;
    expect(fb).toMatchObject({ sourceKind: 'feedback', sourceRef: 'FB-123' });
    expect((await s.api('/api/incidents', { method: 'POST', token: operator, json: { type: 'nope', title: 'x' } })).status).toBe(400);
    const mine = (await (await s.api('/api/incidents', { token: officer })).json()) as { incidents: IncidentDetail[] };
    expect(mine.incidents.map((i) => i.id)).toContain(fb.id);
    for (const i of mine.incidents) expect(i.areaCode === '27475' || i.assignedUnit === 'ubnd-27475').toBe(true);
  });
});
