// Sensors through the real HTTP API, a real MQTT client against the embedded broker, and
// the real database: commit before PUBACK / 2xx, duplicates, dead letters, series, areas.
import { sql } from 'kysely';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { IngestStatus, Sensor, SensorAggregate, SensorList, SensorReadingEvent, SensorSeries } from '../../../../shared/contracts/sensors.ts';
import { D7_WARD_CODES } from '../datasets/index.ts';
import { freePort } from './test-ports.ts';

let s: TestServer;
let mqttPort: number;
let deviceToken: string;
let admin: string;
const events: SensorReadingEvent[] = [];
const clients: MqttClient[] = [];

beforeAll(async () => {
  mqttPort = await freePort();
  s = await startTestServer({ MQTT_PORT: String(mqttPort), SENSOR_SIMULATOR: 'false' }, { background: true });
  s.ctx.events.on('sensor.readings', (e) => events.push(...e.readings));
  admin = await s.login('admin');
  const u = await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'gauge-test', displayName: 'Test gauge', role: 'device' } });
  expect(u.status).toBe(201);
  const t = await s.api('/api/tokens', { method: 'POST', token: admin, json: { name: 'gauge', username: 'gauge-test' } });
  deviceToken = ((await t.json()) as { token: string }).token;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync()));
  await s?.close();
});

const db = () => s.ctx.db.kysely;
async function storedValue(sensorId: string, metric: string, ts: string): Promise<number[]> {
  const r = await sql<{ value: number }>`select value from sensor_readings where sensor_id = ${sensorId} and metric = ${metric} and ts = ${ts}::timestamptz`.execute(db());
  return r.rows.map((x) => x.value);
}
async function deadLetters(sensorId: string): Promise<{ reason: string; channel: string; payload: string }[]> {
  const r = await sql<{ reason: string; channel: string; payload: string }>`select reason, channel, payload from sensor_dead_letters where sensor_id = ${sensorId} order by id`.execute(db());
  return r.rows;
}
async function connect(password: string | undefined = deviceToken): Promise<MqttClient> {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'gauge', password, reconnectPeriod: 0, protocolVersion: 4 });
  clients.push(c);
  return c;
}
/** A timestamp in the recent past with milliseconds, so it never collides with the demo history. */
let tick = 0;
const recentTs = () => new Date(Date.now() - 3_600_000 + ++tick * 1007).toISOString();

describe('sensors dataset and demo', () => {
  it('lists ~60 demo sensors of every type, inside the District 7 wards, with latest values and states', async () => {
    const res = await s.api('/api/sensors', { token: admin });
    expect(res.status).toBe(200);
    const list = (await res.json()) as SensorList;
    expect(list.items.length).toBeGreaterThanOrEqual(55);
    const types = new Set(list.items.map((x) => x.type));
    expect([...types].sort()).toEqual(['camera_status', 'fire_alarm', 'noise', 'pm25', 'rainfall', 'traffic_count', 'water_level']);
    for (const x of list.items) {
      expect(D7_WARD_CODES).toContain(x.wardCode);
      expect(x.areaCodes).toContain(x.wardCode);
      expect(x.areaCodes).toContain('79');
    }
    const wl = list.items.find((x) => x.sensorId === 'WL-01')!;
    expect(wl.latest[0]?.metric).toBe('water_level');
    expect(wl.latest[0]!.value).toBeGreaterThan(0.5);
    expect(wl.latest[0]!.value).toBeLessThan(2.2);
    expect(list.items.find((x) => x.sensorId === 'PM-10')!.state).toBe('silent');
    const ds = await s.api('/api/datasets/sensors', { token: admin });
    expect(ds.status).toBe(200);
    const filtered = (await (await s.api('/api/sensors?type=water_level&area=27475', { token: admin })).json()) as SensorList;
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((x) => x.type === 'water_level' && x.areaCodes.includes('27475'))).toBe(true);
  });

  it('keeps 7 days of demo history with hourly aggregates', async () => {
    const from = new Date(Date.now() - 7 * 86_400_000 + 3_600_000).toISOString();
    const res = await s.api(`/api/sensors/WL-02/readings?interval=1h&from=${from}`, { token: admin });
    const series = (await res.json()) as SensorSeries;
    expect(series.points.length).toBeGreaterThan(150);
    const values = series.points.map((p) => p.value);
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0.3); // tides go up and down
    expect(series.points[0]!.count).toBe(6); // one reading per 10 minutes
  });
});

describe('MQTT ingest on the embedded broker', () => {
  it('stores a QoS 1 reading before the PUBACK arrives', async () => {
    const c = await connect();
    for (let i = 0; i < 20; i++) {
      const ts = recentTs();
      await c.publishAsync('cityops/sensors/WL-03/readings', JSON.stringify({ ts, value: 1.2 + i / 100 }), { qos: 1 });
      // PUBACK received: the reading must already be committed.
      expect(await storedValue('WL-03', 'water_level', ts)).toEqual([1.2 + i / 100]);
    }
  });

  it('accepts "values" and arrays, ignores duplicates and emits only new readings', async () => {
    const c = await connect();
    const ts1 = recentTs();
    const ts2 = recentTs();
    const body = JSON.stringify([{ ts: ts1, values: { pm25: 31.5, pm10: 48 } }, { ts: ts2, value: 33 }]);
    events.length = 0;
    await c.publishAsync('cityops/sensors/PM-01/readings', body, { qos: 1 });
    expect(await storedValue('PM-01', 'pm25', ts1)).toEqual([31.5]);
    expect(await storedValue('PM-01', 'pm10', ts1)).toEqual([48]);
    expect(await storedValue('PM-01', 'pm25', ts2)).toEqual([33]);
    expect(events.filter((e) => e.sensorId === 'PM-01').length).toBe(3);
    const ev = events.find((e) => e.metric === 'pm10')!;
    expect(ev.sensorType).toBe('pm25');
    expect(ev.areaCodes).toContain('79');
    expect(ev.ts).toBe(ts1);

    events.length = 0;
    await c.publishAsync('cityops/sensors/PM-01/readings', JSON.stringify({ ts: ts2, value: 99 }), { qos: 1 });
    expect(await storedValue('PM-01', 'pm25', ts2)).toEqual([33]); // the first one stays
    expect(events.length).toBe(0);
  });

  it('dead-letters bad payloads with their reason and counts them', async () => {
    const before = (await (await s.api('/api/sensors/ingest-status', { token: admin })).json()) as IngestStatus;
    const c = await connect();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await c.publishAsync('cityops/sensors/NS-01/readings', '{not json', { qos: 1 });
    await c.publishAsync('cityops/sensors/NS-01/readings', JSON.stringify({ value: 'loud' }), { qos: 1 });
    await c.publishAsync('cityops/sensors/NS-01/readings', JSON.stringify({ value: 500 }), { qos: 1 });
    await c.publishAsync('cityops/sensors/NS-01/readings', JSON.stringify({ ts: future, value: 60 }), { qos: 1 });
    await c.publishAsync('cityops/sensors/NS-01/readings', JSON.stringify({ temperature: 3 }), { qos: 1 });
    await c.publishAsync('cityops/sensors/NO-SUCH-SENSOR/readings', JSON.stringify({ value: 1 }), { qos: 1 });
    expect((await deadLetters('NS-01')).map((d) => d.reason)).toEqual(['bad_json', 'not_a_number', 'out_of_range', 'future_timestamp', 'bad_payload']);
    const unknown = await deadLetters('NO-SUCH-SENSOR');
    expect(unknown).toEqual([{ reason: 'unknown_sensor', channel: 'mqtt', payload: '{"value":1}' }]);
    expect((await deadLetters('NS-01'))[0]!.payload).toBe('{not json');

    const after = (await (await s.api('/api/sensors/ingest-status', { token: admin })).json()) as IngestStatus;
    expect(after.byChannel.mqtt.rejected - before.byChannel.mqtt.rejected).toBe(6);
    expect(after.lastMinute.rejectedByReason.out_of_range).toBeGreaterThanOrEqual(1);
    expect(after.deadLetters.byReason.unknown_sensor).toBeGreaterThanOrEqual(1);
    expect(after.mqtt).toMatchObject({ mode: 'embedded', port: mqttPort });
    expect(after.recentDeadLetters.some((d) => d.sensorId === 'NO-SUCH-SENSOR')).toBe(true);
    const operator = await s.login('operator');
    expect((await s.api('/api/sensors/ingest-status', { token: operator })).status).toBe(200);
    expect((await s.api('/api/sensors/ingest-status', { token: await s.login('officer') })).status).toBe(403);
  });

  it('survives a malformed percent escape in the topic: the reading is dead-lettered, the server answers', async () => {
    const c = await connect();
    await c.publishAsync('cityops/sensors/%ZZ/readings', JSON.stringify({ value: 1 }), { qos: 1 });
    expect(await deadLetters('%ZZ')).toEqual([{ reason: 'unknown_sensor', channel: 'mqtt', payload: '{"value":1}' }]);
    expect((await s.api('/api/health')).status).toBe(200);
  });

  it('refuses subscriptions from devices (other devices\' readings, $SYS, #)', async () => {
    const c = await connect();
    for (const topic of ['#', '$SYS/#', 'cityops/sensors/+/readings']) {
      // The broker grants 0x80 (failure); mqtt.js reports it as a subscribe error.
      await expect(c.subscribeAsync(topic, { qos: 1 }), topic).rejects.toThrow(/Subscribe error/);
    }
  });

  it('disconnects a device at once when its token is revoked', async () => {
    const u = await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'gauge-revoked', displayName: 'Revoked gauge', role: 'device' } });
    expect(u.status).toBe(201);
    const t = (await (await s.api('/api/tokens', { method: 'POST', token: admin, json: { name: 'soon revoked', username: 'gauge-revoked' } })).json()) as { id: number; token: string };
    const c = await connect(t.token);
    await c.publishAsync('cityops/sensors/WL-03/readings', JSON.stringify({ ts: recentTs(), value: 1.5 }), { qos: 1 });
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    expect((await s.api(`/api/tokens/${t.id}`, { method: 'DELETE', token: admin })).status).toBe(204);
    await closed;
    await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'gauge', password: t.token, reconnectPeriod: 0 })).rejects.toThrow();
  });

  it('refuses clients without a valid device token', async () => {
    await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'x', password: 'cot_wrong', reconnectPeriod: 0 })).rejects.toThrow();
    await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { reconnectPeriod: 0 })).rejects.toThrow();
    const leader = await s.api('/api/tokens', { method: 'POST', token: await s.login('leader'), json: { name: 'leader-mqtt' } });
    const leaderToken = ((await leader.json()) as { token: string }).token;
    await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'leader', password: leaderToken, reconnectPeriod: 0 })).rejects.toThrow();
  });

  it('refuses the sign-in of an account that must first turn its second factor on, and takes it once that is lifted', async () => {
    expect((await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'op-needs-2fa', displayName: 'Op 2FA', role: 'operator', password: 'a-long-passphrase-4', requireSecondFactor: true } })).status).toBe(201);
    const signed = (await (await s.api('/api/auth/login', { method: 'POST', json: { username: 'op-needs-2fa', password: 'a-long-passphrase-4' } })).json()) as { token: string; user: { id: number } };
    await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'op', password: signed.token, reconnectPeriod: 0 })).rejects.toThrow();
    expect((await s.api(`/api/users/${signed.user.id}`, { method: 'PATCH', token: admin, json: { requireSecondFactor: false } })).status).toBe(200);
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'op', password: signed.token, reconnectPeriod: 0 });
    await c.endAsync();
  });

  it('stores all 2,000 QoS 1 readings from 4 concurrent clients once they are acknowledged', async () => {
    const cs = await Promise.all([0, 1, 2, 3].map(() => connect()));
    const base = Math.floor(Date.now() / 1000) * 1000 - 2 * 3_600_000;
    await Promise.all(
      cs.map((c, k) =>
        Promise.all(Array.from({ length: 500 }, (_, i) => c.publishAsync('cityops/sensors/TC-01/readings', JSON.stringify({ ts: new Date(base + (k * 500 + i) * 1000 + 3).toISOString(), value: i }), { qos: 1 }))),
      ),
    );
    const n = await sql<{ n: number }>`select count(*)::int as n from sensor_readings where sensor_id = 'TC-01' and ts >= ${new Date(base)} and ts < ${new Date(base + 2000 * 1000 + 10)} and extract(milliseconds from ts)::int % 1000 = 3`.execute(db());
    expect(n.rows[0]!.n).toBe(2000);
  });
});

describe('HTTP ingest', () => {
  it('stores with a device token and answers 200 after the commit', async () => {
    const ts = recentTs();
    const res = await s.api('/api/sensors/RF-01/readings', { method: 'POST', token: deviceToken, json: { ts, value: 4.2 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sensorId: 'RF-01', stored: 1, duplicates: 0, rejected: 0 });
    expect(await storedValue('RF-01', 'rainfall', ts)).toEqual([4.2]);
    const again = await s.api('/api/sensors/RF-01/readings', { method: 'POST', token: deviceToken, json: [{ ts, value: 4.2 }] });
    expect(await again.json()).toMatchObject({ stored: 0, duplicates: 1 });
    const op = await s.api('/api/sensors/RF-01/readings', { method: 'POST', token: await s.login('operator'), json: { value: 0.5 } });
    expect(op.status).toBe(200);
  });

  it('answers 404 / 400 with a clear error and keeps the dead letter', async () => {
    const unknown = await s.api('/api/sensors/NOPE-9/readings', { method: 'POST', token: deviceToken, json: { value: 1 } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toBe('unknown_sensor');
    expect((await deadLetters('NOPE-9')).map((d) => [d.reason, d.channel])).toEqual([['unknown_sensor', 'http']]);

    const bad = await s.api('/api/sensors/RF-02/readings', { method: 'POST', token: deviceToken, headers: { 'content-type': 'application/json' }, body: '{"value": 1,' });
    expect(bad.status).toBe(400);
    const ok = recentTs();
    const mixed = await s.api('/api/sensors/RF-02/readings', { method: 'POST', token: deviceToken, json: [{ ts: ok, value: 1 }, { value: -5 }, { ts: 'yesterday', value: 1 }] });
    expect(mixed.status).toBe(400);
    const body = (await mixed.json()) as { error: string; message: string; details: { stored: number; rejected: { index: number; reason: string }[] } };
    expect(body.details.stored).toBe(1);
    expect(body.details.rejected).toEqual([
      { index: 1, reason: 'out_of_range', message: expect.stringContaining('valid range') },
      { index: 2, reason: 'bad_timestamp', message: expect.any(String) },
    ]);
    expect(await storedValue('RF-02', 'rainfall', ok)).toEqual([1]);
    expect((await deadLetters('RF-02')).map((d) => d.reason)).toEqual(['bad_json', 'out_of_range', 'bad_timestamp']);
  });

  it('isolates a payload with NUL bytes: a dead letter (stored escaped) for it, 200 for the others of its batch', async () => {
    const ts = [recentTs(), recentTs(), recentTs(), recentTs()];
    const post = (body: string) => s.api('/api/sensors/RF-03/readings', { method: 'POST', token: deviceToken, headers: { 'content-type': 'application/json' }, body });
    const [bad, ...good] = await Promise.all([post('{"value": 1, "note": "a\u0000b"}'), ...ts.map((t, i) => post(JSON.stringify({ ts: t, value: i + 1 })))]);
    expect(good.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (let i = 0; i < ts.length; i++) expect(await storedValue('RF-03', 'rainfall', ts[i]!)).toEqual([i + 1]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { details: { rejected: { reason: string }[] } }).details.rejected).toEqual([{ index: null, reason: 'nul_byte', message: expect.stringContaining('NUL') }]);
    expect(await deadLetters('RF-03')).toEqual([{ reason: 'nul_byte', channel: 'http', payload: '{"value": 1, "note": "a\\u0000b"}' }]);
    // A NUL in the sensor id (topic segment or path) is an unknown sensor, not a database outage.
    const c = await connect();
    await c.publishAsync('cityops/sensors/X%00Y/readings', '{"value":1}', { qos: 1 });
    expect(await deadLetters('X\\u0000Y')).toEqual([{ reason: 'unknown_sensor', channel: 'mqtt', payload: '{"value":1}' }]);
    const res = await s.api('/api/sensors/P%00Q/readings', { method: 'POST', token: deviceToken, json: { value: 1 } });
    expect(res.status).toBe(404);
    expect(await deadLetters('P\\u0000Q')).toHaveLength(1);
  });

  it('keeps at most 4 KB of a dead letter\'s payload, saying how long it was', async () => {
    const big = `{"value": "${'é'.repeat(6000)}"`;
    const res = await s.api('/api/sensors/RF-06/readings', { method: 'POST', token: deviceToken, headers: { 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(400);
    const [d] = await deadLetters('RF-06');
    expect(d!.reason).toBe('bad_json');
    expect(d!.payload).toBe(`{"value": "${'é'.repeat(2042)}…[truncated: ${Buffer.byteLength(big)} bytes in all]`);
  });

  it('stores the good readings of a batch the database refuses one value of, and dead-letters only that one', async () => {
    // A value PostgreSQL refuses (class 22) that parsing lets through, injected with a trigger.
    await sql`create function test_refuse_value() returns trigger language plpgsql as $$
      begin if new.value = 142.25 then raise exception 'test: value refused' using errcode = '22023'; end if; return new; end $$`.execute(db());
    await sql`create trigger test_refuse_value before insert on sensor_readings for each row execute function test_refuse_value()`.execute(db());
    try {
      const [t1, t2, t3, t4] = [recentTs(), recentTs(), recentTs(), recentTs()];
      const post = (json: unknown) => s.api('/api/sensors/RF-04/readings', { method: 'POST', token: deviceToken, json });
      const [mixed, ...good] = await Promise.all([post([{ ts: t1, value: 1.5 }, { ts: t2, value: 142.25 }]), post({ ts: t3, value: 2.5 }), post({ ts: t4, value: 3.5 })]);
      expect(good.map((r) => r.status)).toEqual([200, 200]);
      expect(mixed.status).toBe(400);
      const body = (await mixed.json()) as { details: { stored: number; rejected: { reason: string }[] } };
      expect(body.details.stored).toBe(1);
      expect(body.details.rejected.map((x) => x.reason)).toEqual(['refused_by_database']);
      expect([await storedValue('RF-04', 'rainfall', t1), await storedValue('RF-04', 'rainfall', t2), await storedValue('RF-04', 'rainfall', t3), await storedValue('RF-04', 'rainfall', t4)]).toEqual([[1.5], [], [2.5], [3.5]]);
      expect(await deadLetters('RF-04')).toEqual([{ reason: 'refused_by_database', channel: 'http', payload: JSON.stringify({ ts: t2, values: { rainfall: 142.25 } }) }]);
    } finally {
      await sql`drop trigger test_refuse_value on sensor_readings`.execute(db());
      await sql`drop function test_refuse_value()`.execute(db());
    }
  });

  it('answers 503 with Retry-After when the database is out of disk space, instead of holding the request', async () => {
    // Disk full (53100), injected with a trigger: retried a little, then refused.
    await sql`create function test_disk_full() returns trigger language plpgsql as $$
      begin if new.sensor_id = 'RF-05' then raise exception 'test: could not extend file: No space left on device' using errcode = '53100'; end if; return new; end $$`.execute(db());
    await sql`create trigger test_disk_full before insert on sensor_readings for each row execute function test_disk_full()`.execute(db());
    try {
      const ts = recentTs();
      const res = await s.api('/api/sensors/RF-05/readings', { method: 'POST', token: deviceToken, json: { ts, value: 1 } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe('storage_unavailable');
      expect(body.message).toContain('No space left on device');
      expect(await storedValue('RF-05', 'rainfall', ts)).toEqual([]);
      const status = (await (await s.api('/api/sensors/ingest-status', { token: admin })).json()) as IngestStatus;
      expect(status.queue).toMatchObject({ depth: 0, state: 'ok' });
      expect(status.queue.lastDatabaseError).toContain('No space left on device');
    } finally {
      await sql`drop trigger test_disk_full on sensor_readings`.execute(db());
      await sql`drop function test_disk_full()`.execute(db());
    }
    // Room again: the same request is stored.
    const ts = recentTs();
    expect((await s.api('/api/sensors/RF-05/readings', { method: 'POST', token: deviceToken, json: { ts, value: 2 } })).status).toBe(200);
    expect(await storedValue('RF-05', 'rainfall', ts)).toEqual([2]);
  });

  it('needs a token of a device, admin or operator', async () => {
    expect((await s.api('/api/sensors/RF-01/readings', { method: 'POST', json: { value: 1 } })).status).toBe(401);
    expect((await s.api('/api/sensors/RF-01/readings', { method: 'POST', token: await s.login('officer'), json: { value: 1 } })).status).toBe(403);
  });
});

describe('time series', () => {
  it('returns raw readings and 1-minute / 1-hour aggregates, and the latest value', async () => {
    // A sensor of our own, created through the datasets API like any record.
    const rec = await s.api('/api/datasets/sensors/records', {
      method: 'POST',
      token: admin,
      json: { properties: { sensor_id: 'T-SERIES', name: 'Series test', type: 'noise', min_valid: 0, max_valid: 200, warn_threshold: 70, alarm_threshold: 80 }, geometry: { type: 'Point', coordinates: [106.7215, 10.7385] } },
    });
    expect(rec.status).toBe(201);
    const t0 = Date.parse('2026-11-23T08:00:00Z') > Date.now() - 86_400_000 ? Date.now() - 2 * 3_600_000 : Date.parse('2026-11-23T08:00:00Z');
    const hour = Math.floor(t0 / 3_600_000) * 3_600_000;
    const readings = [
      { ts: new Date(hour + 5_000).toISOString(), value: 60 },
      { ts: new Date(hour + 35_000).toISOString(), value: 70 },
      { ts: new Date(hour + 65_000).toISOString(), value: 50 },
      { ts: new Date(hour + 3_600_000 + 1_000).toISOString(), value: 90 },
    ];
    const post = await s.api('/api/sensors/T-SERIES/readings', { method: 'POST', token: deviceToken, json: readings });
    expect(post.status).toBe(200);
    const q = `from=${new Date(hour).toISOString()}&to=${new Date(hour + 2 * 3_600_000).toISOString()}`;
    const raw = (await (await s.api(`/api/sensors/T-SERIES/readings?${q}&interval=raw`, { token: admin })).json()) as SensorSeries;
    expect(raw.points.map((p) => p.value)).toEqual([60, 70, 50, 90]);
    const m1 = (await (await s.api(`/api/sensors/T-SERIES/readings?${q}&interval=1m`, { token: admin })).json()) as SensorSeries;
    expect(m1.points.map((p) => [p.value, p.count, p.min, p.max])).toEqual([[65, 2, 60, 70], [50, 1, 50, 50], [90, 1, 90, 90]]);
    const h1 = (await (await s.api(`/api/sensors/T-SERIES/readings?${q}&interval=1h`, { token: admin })).json()) as SensorSeries;
    expect(h1.points.map((p) => [p.ts, p.value, p.count])).toEqual([[new Date(hour).toISOString(), 60, 3], [new Date(hour + 3_600_000).toISOString(), 90, 1]]);
    // A late reading inside an existing bucket updates the aggregate.
    await s.api('/api/sensors/T-SERIES/readings', { method: 'POST', token: deviceToken, json: { ts: new Date(hour + 10_000).toISOString(), value: 80 } });
    const h1b = (await (await s.api(`/api/sensors/T-SERIES/readings?${q}&interval=1h`, { token: admin })).json()) as SensorSeries;
    expect(h1b.points[0]).toMatchObject({ value: 65, count: 4, min: 50, max: 80 });

    const sensor = (await (await s.api('/api/sensors/T-SERIES', { token: admin })).json()) as Sensor;
    expect(sensor.latest).toEqual([{ metric: 'noise', ts: readings[3]!.ts, value: 90 }]);
    expect(sensor.wardCode).not.toBeNull();
    expect((await s.api('/api/sensors/NOPE/readings', { token: admin })).status).toBe(404);
    expect((await s.api(`/api/sensors/T-SERIES/readings?from=soon`, { token: admin })).status).toBe(400);
  });

  it('aggregates by area (today\'s units)', async () => {
    const from = new Date(Date.now() - 6 * 3_600_000).toISOString();
    const byWard = (await (await s.api(`/api/sensors/aggregate?type=water_level&from=${from}&interval=1h`, { token: admin })).json()) as SensorAggregate;
    expect(byWard.areas.map((a) => a.areaCode).sort()).toEqual([...D7_WARD_CODES].sort());
    expect(byWard.areas.reduce((n, a) => n + a.sensors, 0)).toBe(10);
    expect(byWard.areas[0]!.points.length).toBeGreaterThanOrEqual(5);
    const city = (await (await s.api(`/api/sensors/aggregate?type=water_level&area=79&from=${from}`, { token: admin })).json()) as SensorAggregate;
    expect(city.areas).toHaveLength(1);
    expect(city.areas[0]!.sensors).toBe(10);
    const p = city.areas[0]!.points[0]!;
    expect(p.min!).toBeLessThanOrEqual(p.value);
    expect(p.max!).toBeGreaterThanOrEqual(p.value);
  });
});
