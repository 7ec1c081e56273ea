// Devices are bound to their sensors (issue 14 #6): with SENSOR_DEVICE_BINDING=strict (the
// production default) a device token sends readings only for sensors whose device_account is
// its account, over HTTP and MQTT; anything else is refused and kept as a dead letter.
import { sql } from 'kysely';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { freePort } from './test-ports.ts';

let s: TestServer;
let admin: string;
let mqttPort: number;
const tokens: Record<string, string> = {};

async function device(username: string): Promise<string> {
  expect((await s.api('/api/users', { method: 'POST', token: admin, json: { username, displayName: username, role: 'device' } })).status).toBe(201);
  return ((await (await s.api('/api/tokens', { method: 'POST', token: admin, json: { name: username, username } })).json()) as { token: string }).token;
}

beforeAll(async () => {
  mqttPort = await freePort();
  s = await startTestServer({ SENSOR_DEVICE_BINDING: 'strict', MQTT_PORT: String(mqttPort), SENSOR_SIMULATOR: 'false' }, { background: true });
  admin = await s.login('admin');
  tokens.rf01 = await device('rf-gauge-01');
  tokens.other = await device('rf-gauge-99');
  // Bind RF-01 to its gauge, as an admin does in the data hub.
  const page = (await (await s.api('/api/datasets/sensors/records?f.sensor_id=RF-01', { token: admin })).json()) as { records: { id: number }[] };
  expect((await s.api(`/api/datasets/sensors/records/${page.records[0]!.id}`, { method: 'PATCH', token: admin, json: { properties: { device_account: 'rf-gauge-01' } } })).status).toBe(200);
});
afterAll(() => s?.close());

const send = (token: string, sensor: string, value: number) =>
  s.api(`/api/sensors/${sensor}/readings`, { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ts: new Date(Date.now() - 60_000).toISOString(), value }) });
const deadLetters = async (sensor: string) =>
  (await sql<{ reason: string; channel: string }>`select reason, channel from sensor_dead_letters where sensor_id = ${sensor} and reason = 'not_bound' order by id`.execute(s.ctx.db.kysely)).rows;

describe('device binding (strict)', () => {
  it('takes readings from the bound device only, over HTTP', async () => {
    // Ingest's sensor list reloads every minute; the test does not wait for it.
    await s.services.sensorsRuntime.pipeline.directory.reload();
    expect((await send(tokens.rf01!, 'RF-01', 2.5)).status).toBe(200);
    const refused = await send(tokens.other!, 'RF-01', 99);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBe('not_bound');
    // Strict: an unbound sensor takes no device's readings; an operator's token still may.
    expect((await send(tokens.rf01!, 'RF-02', 1)).status).toBe(403);
    expect((await send(await s.login('operator'), 'RF-02', 1)).status).toBe(200);
    expect((await deadLetters('RF-01')).map((d) => d.channel)).toEqual(['http']);
  });

  it('keeps another device\'s MQTT message for a bound sensor as a dead letter, not a reading', async () => {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'x', password: tokens.other!, reconnectPeriod: 0, protocolVersion: 4 });
    await c.publishAsync('cityops/sensors/RF-01/readings', JSON.stringify({ value: 77 }), { qos: 1 });
    await c.endAsync();
    expect((await deadLetters('RF-01')).map((d) => d.channel)).toEqual(['http', 'mqtt']);
    const stored = await sql<{ n: number }>`select count(*)::int as n from sensor_readings where sensor_id = 'RF-01' and value = 77`.execute(s.ctx.db.kysely);
    expect(stored.rows[0]!.n).toBe(0);
  });
});
