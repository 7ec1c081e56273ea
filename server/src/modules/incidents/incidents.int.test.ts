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
    const closed = (await (await s.api(`/api/incidents/${inc.id}`, { method: 'PATCH', token: operator, json: { status: 'closed', comment: 'nước đã rút' } })).json()) as IncidentDetail;
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'operator' });
    expect(closed.timeline.map((e) => e.action)).toEqual(['created', 'step.done', 'step.added', 'status:closed']);
    expect((await s.api(`/api/incidents/${inc.id}/steps/${step.id}`, { method: 'PATCH', token: operator, json: { done: false } })).status).toBe(409);
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
