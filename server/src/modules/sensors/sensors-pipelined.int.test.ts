// Several commits in flight (SENSOR_COMMITS_IN_FLIGHT): with tiny batches the commits overlap,
// yet every message is acknowledged in the order it was published (MQTT requires PUBACKs in
// PUBLISH order), readings reach the rules and the live stream in arrival order, and repeats
// in different commits count as duplicates, not as stored.
import { sql } from 'kysely';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestStatus, SensorReadingEvent } from '../../../../shared/contracts/sensors.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { freePort } from './test-ports.ts';

let s: TestServer;
let mqttPort: number;
let deviceToken: string;
const clients: MqttClient[] = [];

beforeAll(async () => {
  mqttPort = await freePort();
  s = await startTestServer({
    MQTT_PORT: String(mqttPort), SENSOR_SIMULATOR: 'false',
    SENSOR_COMMITS_IN_FLIGHT: '3', SENSOR_BATCH_START_READINGS: '5', SENSOR_BATCH_MAX_READINGS: '40', SENSOR_BATCH_MAX_WAIT_MS: '0',
  }, { background: true });
  const admin = await s.login('admin');
  expect((await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'pipe-test', displayName: 'Pipeline test', role: 'device' } })).status).toBe(201);
  const t = await s.api('/api/tokens', { method: 'POST', token: admin, json: { name: 'pipe', username: 'pipe-test' } });
  deviceToken = ((await t.json()) as { token: string }).token;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync()));
  await s?.close();
});

describe('ingest with several commits in flight', () => {
  it('overlaps commits, acknowledges and publishes in arrival order, and counts repeats as duplicates', async () => {
    const events: SensorReadingEvent[] = [];
    const off = s.ctx.events.on('sensor.readings', (e) => events.push(...e.readings.filter((r) => r.sensorId === 'NS-01')));
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'pipe', password: deviceToken, reconnectPeriod: 0, protocolVersion: 4 });
    clients.push(c);
    const base = Math.floor(Date.now() / 1000) * 1000 - 5 * 3_600_000;
    const tsOf = (i: number) => new Date(base + i * 1000 + 7).toISOString();
    const n = 600;
    const acked: number[] = [];
    const aggCount = async () => (await sql<{ n: number }>`select coalesce(sum(count), 0)::int as n from sensor_readings_1m
      where sensor_id = 'NS-01' and bucket >= ${new Date(base - 60_000)} and bucket < ${new Date(base + n * 1000)}`.execute(s.ctx.db.kysely)).rows[0]!.n;
    const aggBefore = await aggCount();
    // Every 10th message repeats the reading sent 5 messages earlier, which is by then in another commit.
    const sent = Array.from({ length: n }, (_, i) => (i % 10 === 9 ? i - 5 : i));
    await Promise.all(sent.map((k, i) => c.publishAsync('cityops/sensors/NS-01/readings', JSON.stringify({ ts: tsOf(k), value: 40 + (k % 50) }), { qos: 1 }).then(() => acked.push(i))));
    off();

    const status = (await (await s.api('/api/sensors/ingest-status', { token: await s.login('operator') })).json()) as IngestStatus;
    expect(status.queue.maxCommits).toBe(3);
    expect(status.queue.peakCommits).toBeGreaterThanOrEqual(2);
    expect(acked).toEqual(sent.map((_, i) => i));
    const unique = new Set(sent).size;
    expect(events.map((e) => e.ts)).toEqual([...new Set(sent)].sort((a, b) => a - b).map(tsOf));
    const stored = await sql<{ n: number }>`select count(*)::int as n from sensor_readings
      where sensor_id = 'NS-01' and ts >= ${new Date(base)} and ts < ${new Date(base + n * 1000)} and extract(milliseconds from ts)::int % 1000 = 7`.execute(s.ctx.db.kysely);
    expect(stored.rows[0]!.n).toBe(unique);
    // The demo history shares these minutes: the aggregates grew by exactly the new readings.
    expect((await aggCount()) - aggBefore).toBe(unique);
  });

  it('stores a metric named "null" as that name (the statement quotes every text it sends)', async () => {
    const ts = new Date(Date.now() - 60_000 + 11).toISOString();
    const res = await s.api('/api/sensors/NS-02/readings', { method: 'POST', token: deviceToken, json: { ts, values: { null: 3, noise: 55 } } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sensorId: 'NS-02', stored: 2, duplicates: 0, rejected: 0 });
    const rows = await sql<{ metric: string; value: number }>`select metric, value from sensor_readings where sensor_id = 'NS-02' and ts = ${ts}::timestamptz order by metric`.execute(s.ctx.db.kysely);
    expect(rows.rows).toEqual([{ metric: 'noise', value: 55 }, { metric: 'null', value: 3 }]);
  });
});
