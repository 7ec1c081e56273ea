// Rules → alerts through the real API and database: hysteresis, rate of change, no data,
// combined conditions, lifecycle with comments, escalation with an injected clock, live stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { Alert, AlertDetail } from '../../../../shared/contracts/alerts.ts';
import type { SensorReading } from './alerts.service.ts';

let s: TestServer;
let admin: string;
let operator: string;
let officer: string;
beforeAll(async () => {
  s = await startTestServer({ ALERT_ESCALATE_MINUTES: '10' });
  [admin, operator, officer] = await Promise.all([s.login('admin'), s.login('operator'), s.login('officer')]);
});
afterAll(() => s?.close());

const T0 = Date.parse('2026-11-20T08:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

/** Publishes readings as the sensors module does, and waits until the rule engine has evaluated them. */
async function publish(readings: Partial<SensorReading>[]) {
  const full = readings.map((r) => ({ sensorType: 'test_level', metric: 'water_level', areaCodes: ['79', '27475'], ...r }) as SensorReading);
  s.ctx.events.emit('sensor.readings', { readings: full });
  await s.services.alerts.evaluate([]);
}

async function rule(body: Record<string, unknown>) {
  const res = await s.api('/api/alert-rules', { method: 'POST', token: admin, json: { nameVi: 'Thử', nameEn: 'Test', severity: 'Moderate', category: 'Met', ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: number };
}

async function alertsOf(ruleId: number, sensorId: string): Promise<Alert[]> {
  const res = await s.api('/api/alerts?limit=500', { token: operator });
  const body = (await res.json()) as { alerts: Alert[] };
  return body.alerts.filter((a) => a.ruleId === ruleId && a.sensorId === sensorId);
}

describe('alert rules', () => {
  it('ships the demo rules and validates conditions', async () => {
    const list = (await (await s.api('/api/alert-rules', { token: admin })).json()) as { rules: { key: string | null }[] };
    expect(list.rules.map((r) => r.key)).toEqual(expect.arrayContaining(['tide-flooding', 'heavy-rain', 'pm25-unhealthy', 'fire-alarm', 'camera-offline', 'device-silent']));
    const bad = await s.api('/api/alert-rules', { method: 'POST', token: admin, json: { nameVi: 'x', nameEn: 'x', severity: 'Minor', category: 'Met', condition: { kind: 'threshold', op: '>=', value: 1, clear: 2 } } });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { message: string; details: { instancePath: string }[] };
    expect(badBody.message).toMatch(/clear/);
    // The faulty field is named like the schema validator does, so the form can mark it.
    expect(badBody.details).toEqual([expect.objectContaining({ instancePath: '/condition/clear' })]);
    expect((await s.api('/api/alert-rules', { method: 'POST', token: operator, json: {} })).status).toBe(403);
  });

  it('lists rules with their unresolved alerts; operators read, only admins write', async () => {
    const r = await rule({ sensorType: 'test_count', condition: { kind: 'threshold', op: '>=', value: 10 } });
    const count = async () => {
      const res = await s.api('/api/alert-rules', { token: operator });
      expect(res.status).toBe(200);
      return ((await res.json()) as { rules: { id: number; unresolvedAlerts: number }[] }).rules.find((x) => x.id === r.id)!.unresolvedAlerts;
    };
    expect(await count()).toBe(0);
    await publish([{ sensorId: 'CNT-1', sensorType: 'test_count', ts: at(0), value: 12 }, { sensorId: 'CNT-2', sensorType: 'test_count', ts: at(0), value: 15 }]);
    expect(await count()).toBe(2);
    const [first] = await alertsOf(r.id, 'CNT-1');
    await s.api(`/api/alerts/${first!.id}/resolve`, { method: 'POST', token: operator, json: { comment: 'ok' } });
    expect(await count()).toBe(1);
    const body = { nameVi: 'Thử', nameEn: 'Test', severity: 'Moderate', category: 'Met', sensorType: 'test_count', condition: { kind: 'threshold', op: '>=', value: 10 }, enabled: false };
    expect((await s.api(`/api/alert-rules/${r.id}`, { method: 'PUT', token: operator, json: body })).status).toBe(403);
    expect((await s.api(`/api/alert-rules/${r.id}`, { method: 'DELETE', token: operator })).status).toBe(403);
    const put = await s.api(`/api/alert-rules/${r.id}`, { method: 'PUT', token: admin, json: body });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { enabled: boolean }).enabled).toBe(false);
  });

  it('threshold with hysteresis: fires once, updates without duplicating, clears only below the clear level', async () => {
    const r = await rule({ sensorType: 'test_level', condition: { kind: 'threshold', op: '>=', value: 1.6, clear: 1.5 }, public: true });
    await publish([{ sensorId: 'T-1', ts: at(0), value: 1.4 }]);
    expect(await alertsOf(r.id, 'T-1')).toHaveLength(0);
    await publish([{ sensorId: 'T-1', ts: at(1), value: 1.62 }]);
    await publish([{ sensorId: 'T-1', ts: at(2), value: 1.7 }, { sensorId: 'T-1', ts: at(3), value: 1.65 }]);
    // 1.55 is below the firing level but above the clear level: still active.
    await publish([{ sensorId: 'T-1', ts: at(4), value: 1.55 }]);
    let list = await alertsOf(r.id, 'T-1');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'open', clearedAt: null, value: 1.55, peakValue: 1.7, areaCode: '27475', public: true });
    expect(list[0]!.updateCount).toBeGreaterThanOrEqual(2);
    await publish([{ sensorId: 'T-1', ts: at(5), value: 1.45 }]);
    list = await alertsOf(r.id, 'T-1');
    expect(list).toHaveLength(1);
    expect(list[0]!.clearedAt).not.toBeNull();
    // Fires again: the same unresolved alert is re-fired, not duplicated.
    await publish([{ sensorId: 'T-1', ts: at(6), value: 1.8 }]);
    list = await alertsOf(r.id, 'T-1');
    expect(list).toHaveLength(1);
    expect(list[0]!.clearedAt).toBeNull();
    const detail = (await (await s.api(`/api/alerts/${list[0]!.id}`, { token: operator })).json()) as AlertDetail;
    expect(detail.timeline.map((e) => e.action)).toEqual(['opened', 'cleared', 'refired']);
    // Still active and updated in the engine's batched update: value, peak and count move on.
    await publish([{ sensorId: 'T-1', ts: at(7), value: 1.75 }]);
    list = await alertsOf(r.id, 'T-1');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ value: 1.75, peakValue: 1.8, lastFiredAt: at(7), updateCount: detail.updateCount + 1 });
    // Resolved by an operator while the level stays high: the next reading opens a new alert.
    expect((await s.api(`/api/alerts/${list[0]!.id}/resolve`, { method: 'POST', token: operator, json: { comment: 'handled' } })).status).toBe(200);
    await publish([{ sensorId: 'T-1', ts: at(8), value: 1.9 }]);
    list = await alertsOf(r.id, 'T-1');
    expect(list.map((a) => a.status).sort()).toEqual(['open', 'resolved']);
    expect(list.find((a) => a.status === 'open')).toMatchObject({ value: 1.9, openedAt: at(8) });
  });

  it('auto-resolving rules resolve when the condition ends; a new episode opens a new alert', async () => {
    const r = await rule({ sensorType: 'test_level', condition: { kind: 'threshold', op: '<', value: 0.5 }, autoResolve: true });
    await publish([{ sensorId: 'CAM-1', ts: at(0), value: 0 }]);
    await publish([{ sensorId: 'CAM-1', ts: at(1), value: 1 }]);
    let list = await alertsOf(r.id, 'CAM-1');
    expect(list.map((a) => a.status)).toEqual(['resolved']);
    await publish([{ sensorId: 'CAM-1', ts: at(2), value: 0 }]);
    list = await alertsOf(r.id, 'CAM-1');
    expect(list.map((a) => a.status).sort()).toEqual(['open', 'resolved']);
  });

  it('rate of change over a window', async () => {
    const r = await rule({ sensorType: 'test_level', condition: { kind: 'rate', metric: 'water_level', windowMinutes: 30, change: 0.3 } });
    await publish([{ sensorId: 'R-1', ts: at(0), value: 1.0 }, { sensorId: 'R-1', ts: at(10), value: 1.1 }]);
    expect(await alertsOf(r.id, 'R-1')).toHaveLength(0);
    // +0.35 m within 30 minutes of the 1.0 reading.
    await publish([{ sensorId: 'R-1', ts: at(20), value: 1.35 }]);
    expect(await alertsOf(r.id, 'R-1')).toHaveLength(1);
    // The 1.0 reading leaves the window; the rise since is small: cleared.
    await publish([{ sensorId: 'R-1', ts: at(55), value: 1.4 }]);
    expect((await alertsOf(r.id, 'R-1'))[0]!.clearedAt).not.toBeNull();
  });

  it('combined conditions: all', async () => {
    const r = await rule({
      sensorType: 'test_level',
      condition: { kind: 'all', conditions: [{ kind: 'threshold', metric: 'a', op: '>=', value: 10 }, { kind: 'threshold', metric: 'b', op: '>=', value: 5 }] },
    });
    await publish([{ sensorId: 'C-1', metric: 'a', ts: at(0), value: 12 }]);
    expect(await alertsOf(r.id, 'C-1')).toHaveLength(0);
    await publish([{ sensorId: 'C-1', metric: 'b', ts: at(1), value: 6 }]);
    expect(await alertsOf(r.id, 'C-1')).toHaveLength(1);
  });

  it('merges a burst of batches into one evaluation with the same outcome, the queue stays bounded', async () => {
    const r = await rule({ sensorType: 'test_burst', condition: { kind: 'threshold', op: '>=', value: 5, clear: 3 }, autoResolve: true });
    const engine = s.services.alerts;
    await engine.evaluate([]);
    const before = engine.engineStats();
    // B-1 crosses and clears inside the burst; B-2 fires only on the very last reading;
    // B-3 crosses, then falls between clear and threshold: hysteresis keeps it active.
    const value = (sensor: string, i: number, n: number) =>
      sensor === 'B-1' ? (i === 10 || i === 11 ? 7 : i === 12 ? 2 : 1)
        : sensor === 'B-2' ? (i === n - 1 ? 9 : 1)
          : (i < 20 ? 1 : i === 20 ? 6 : 4);
    const n = 60;
    let maxWaiting = 0;
    for (let i = 0; i < n; i++) {
      const readings = ['B-1', 'B-2', 'B-3'].map((sensorId) => ({
        sensorId, sensorType: 'test_burst', metric: 'water_level', areaCodes: ['79', '27475'], ts: at(100 + i), value: value(sensorId, i, n),
      }));
      s.ctx.events.emit('sensor.readings', { readings });
      maxWaiting = Math.max(maxWaiting, engine.engineStats().waiting);
    }
    await engine.evaluate([]);
    const after = engine.engineStats();
    expect(maxWaiting).toBe(1);
    expect(after.waiting).toBe(0);
    // 60 batches (and the trailing empty call) ran as at most two evaluations.
    expect(after.batches - before.batches).toBe(n + 1);
    expect(after.evaluations - before.evaluations).toBeLessThanOrEqual(2);
    expect(after.merged - before.merged).toBeGreaterThanOrEqual(n - 1);

    const b1 = await alertsOf(r.id, 'B-1');
    expect(b1.map((a) => a.status)).toEqual(['resolved']);
    expect(b1[0]).toMatchObject({ openedAt: at(110), clearedAt: at(112), peakValue: 7 });
    const b2 = await alertsOf(r.id, 'B-2');
    expect(b2).toHaveLength(1);
    expect(b2[0]).toMatchObject({ status: 'open', value: 9, openedAt: at(100 + n - 1), clearedAt: null });
    const b3 = await alertsOf(r.id, 'B-3');
    expect(b3).toHaveLength(1);
    expect(b3[0]).toMatchObject({ status: 'open', value: 4, openedAt: at(120), lastFiredAt: at(100 + n - 1), clearedAt: null, peakValue: 6 });
    const timeline = ((await (await s.api(`/api/alerts/${b1[0]!.id}`, { token: operator })).json()) as AlertDetail).timeline;
    expect(timeline.map((e) => e.action)).toEqual(['opened', 'cleared', 'resolved']);
  });

  it('no data for N minutes, checked against the clock', async () => {
    const r = await rule({ sensorId: 'SILENT-1', condition: { kind: 'no_data', minutes: 15 }, autoResolve: true });
    const now = Date.now();
    await publish([{ sensorId: 'SILENT-1', ts: new Date(now).toISOString(), value: 1 }]);
    const original = s.ctx.clock;
    try {
      s.ctx.clock = { now: () => new Date(now + 10 * 60_000) };
      await s.services.alerts.checkSilence();
      expect(await alertsOf(r.id, 'SILENT-1')).toHaveLength(0);
      s.ctx.clock = { now: () => new Date(now + 16 * 60_000) };
      await s.services.alerts.checkSilence();
      await s.services.alerts.checkSilence();
      const list = await alertsOf(r.id, 'SILENT-1');
      expect(list).toHaveLength(1);
      expect(list[0]!.descriptionEn).toMatch(/no data for 16 minutes/);
    } finally {
      s.ctx.clock = original;
    }
    // Data again: the no-data condition ends and the alert resolves itself.
    await publish([{ sensorId: 'SILENT-1', ts: new Date(now + 17 * 60_000).toISOString(), value: 1 }]);
    expect((await alertsOf(r.id, 'SILENT-1')).map((a) => a.status)).toEqual(['resolved']);
  });
});

describe('alert lifecycle', () => {
  it('open → acknowledged → resolved with who, when and comments; officers see only their areas', async () => {
    const created = await s.api('/api/alerts', { method: 'POST', token: operator, json: { titleVi: 'Cây đổ đường Nguyễn Thị Thập', severity: 'Minor', category: 'Safety', areaCode: '27478', comment: 'dân báo' } });
    expect(created.status).toBe(201);
    const a = (await created.json()) as AlertDetail;
    expect(a.status).toBe('open');
    expect((await s.api(`/api/alerts/${a.id}`, { token: officer })).status).toBe(404);
    const ack = await s.api(`/api/alerts/${a.id}/acknowledge`, { method: 'POST', token: operator, json: { comment: 'đã cử người' } });
    expect(ack.status).toBe(200);
    expect((await s.api(`/api/alerts/${a.id}/acknowledge`, { method: 'POST', token: operator, json: {} })).status).toBe(409);
    const res = await s.api(`/api/alerts/${a.id}/resolve`, { method: 'POST', token: operator, json: { comment: 'đã dọn xong' } });
    const done = (await res.json()) as AlertDetail;
    expect(done).toMatchObject({ status: 'resolved', acknowledgedBy: 'operator', resolvedBy: 'operator' });
    expect(done.timeline.map((e) => [e.action, e.actor, e.comment])).toEqual([
      ['opened', 'operator', 'dân báo'], ['acknowledged', 'operator', 'đã cử người'], ['resolved', 'operator', 'đã dọn xong'],
    ]);
    const filtered = (await (await s.api('/api/alerts?status=resolved&severity=Minor&area=27478', { token: operator })).json()) as { alerts: Alert[] };
    expect(filtered.alerts.map((x) => x.id)).toContain(a.id);
    const officerList = (await (await s.api('/api/alerts', { token: officer })).json()) as { alerts: Alert[] };
    expect(officerList.alerts.every((x) => x.areaCode === '27475')).toBe(true);
    expect((await s.api('/api/alerts?status=bogus', { token: operator })).status).toBe(400);
  });

  it('escalates alerts left unacknowledged for ALERT_ESCALATE_MINUTES', async () => {
    const a = (await (await s.api('/api/alerts', { method: 'POST', token: operator, json: { titleVi: 'Ngập sâu', severity: 'Moderate', category: 'Met' } })).json()) as AlertDetail;
    const b = (await (await s.api('/api/alerts', { method: 'POST', token: operator, json: { titleVi: 'Ngập nhẹ', severity: 'Moderate', category: 'Met' } })).json()) as AlertDetail;
    await s.api(`/api/alerts/${b.id}/acknowledge`, { method: 'POST', token: operator, json: {} });
    const original = s.ctx.clock;
    try {
      s.ctx.clock = { now: () => new Date(Date.now() + 9 * 60_000) };
      expect(await s.services.alerts.escalateDue()).not.toContain(a.id);
      s.ctx.clock = { now: () => new Date(Date.now() + 11 * 60_000) };
      const ids = await s.services.alerts.escalateDue();
      expect(ids).toContain(a.id);
      expect(ids).not.toContain(b.id);
    } finally {
      s.ctx.clock = original;
    }
    const after = (await (await s.api(`/api/alerts/${a.id}`, { token: operator })).json()) as AlertDetail;
    // Escalation notifies higher levels; it never changes what the alert is (issue 20, defect 3).
    expect(after).toMatchObject({ severity: 'Moderate', escalationLevel: 1 });
    expect(after.timeline.at(-1)).toMatchObject({ action: 'escalated', actor: 'system', details: { level: 1, severity: 'Moderate' } });
    try {
      s.ctx.clock = { now: () => new Date(Date.now() + 40 * 60_000) };
      expect(await s.services.alerts.escalateDue()).toContain(a.id);
    } finally {
      s.ctx.clock = original;
    }
    const twice = (await (await s.api(`/api/alerts/${a.id}`, { token: operator })).json()) as AlertDetail;
    expect(twice).toMatchObject({ severity: 'Moderate', escalationLevel: 2 });
  });
});

describe('live stream', () => {
  it('pushes alert changes and batched readings over SSE; officers only their areas', async () => {
    const stream = async (token: string) => {
      const ctrl = new AbortController();
      const res = await s.api('/api/live/stream', { token, signal: ctrl.signal });
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      const seen: { event: string; data: unknown }[] = [];
      let buf = '';
      const pump = (async () => {
        const dec = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (ev && data) seen.push({ event: ev, data: JSON.parse(data) });
          }
        }
      })();
      return { seen, close: async () => { ctrl.abort(); await pump; } };
    };
    const op = await stream(operator);
    const off = await stream(officer);
    const until = async (pred: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error('timed out waiting for a live event');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => op.seen.some((e) => e.event === 'hello') && off.seen.some((e) => e.event === 'hello'));
    const created = (await (await s.api('/api/alerts', { method: 'POST', token: operator, json: { titleVi: 'Sự cố ở phường khác', severity: 'Minor', category: 'Other', areaCode: '27487' } })).json()) as AlertDetail;
    const mine = (await (await s.api('/api/alerts', { method: 'POST', token: operator, json: { titleVi: 'Sự cố Tân Hưng', severity: 'Minor', category: 'Other', areaCode: '27475' } })).json()) as AlertDetail;
    await publish([{ sensorId: 'LIVE-1', ts: new Date().toISOString(), value: 0.3 }]);
    await until(() => op.seen.some((e) => e.event === 'alert' && (e.data as { alert: Alert }).alert.id === mine.id));
    await until(() => off.seen.some((e) => e.event === 'alert' && (e.data as { alert: Alert }).alert.id === mine.id));
    await until(() => op.seen.some((e) => e.event === 'readings'));
    // Two batches in a row are coalesced: the stream carries the latest value per sensor only.
    const live2 = (value: number) => ({ sensorId: 'LIVE-2', sensorType: 'test_level', metric: 'water_level', areaCodes: ['79', '27475'], ts: new Date(Date.now() + value).toISOString(), value });
    s.ctx.events.emit('sensor.readings', { readings: [live2(1)] });
    s.ctx.events.emit('sensor.readings', { readings: [live2(2)] });
    const live2Values = (c: typeof op) => c.seen.filter((e) => e.event === 'readings')
      .flatMap((e) => (e.data as { readings: { sensorId: string; value: number }[] }).readings).filter((x) => x.sensorId === 'LIVE-2').map((x) => x.value);
    await until(() => live2Values(op).length > 0);
    expect(live2Values(op)).toEqual([2]);
    await until(() => live2Values(off).length > 0);
    expect(live2Values(off)).toEqual([2]);
    const opAlert = op.seen.find((e) => e.event === 'alert' && (e.data as { alert: Alert }).alert.id === created.id);
    expect(opAlert?.data).toMatchObject({ type: 'alert', change: 'opened' });
    expect(off.seen.some((e) => e.event === 'alert' && (e.data as { alert: Alert }).alert.id === created.id)).toBe(false);
    await op.close();
    await off.close();
    expect((await s.api('/api/live/stream')).status).toBe(401);
  });
});
