// External broker mode against the machine's Mosquitto (127.0.0.1:1883): cityops subscribes
// with a shared subscription and stores what `mosquitto_pub -q 1` publishes.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { IngestStatus } from '../../../../shared/contracts/sensors.ts';

const run = promisify(execFile);
let s: TestServer;
const group = `t${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  s = await startTestServer(
    { MQTT_URL: 'mqtt://127.0.0.1:1883', MQTT_SHARE_GROUP: group, MQTT_CLIENT_ID: `cityops-test-${group}`, MQTT_CLEAN_SESSION: 'true', MQTT_CONNECTIONS: '2', SENSOR_SIMULATOR: 'false' },
    { background: true },
  );
});
afterAll(() => s?.close());

async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

describe('external MQTT broker (Mosquitto)', () => {
  it('stores readings published with mosquitto_pub -q 1 through the shared subscription', async () => {
    const admin = await s.login('admin');
    const status = (await (await s.api('/api/sensors/ingest-status', { token: admin })).json()) as IngestStatus;
    expect(status.mqtt).toMatchObject({ mode: 'external', connected: true });
    const ts = new Date(Math.floor(Date.now() / 1000) * 1000 - 600_000 + 123).toISOString();
    await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', '1883', '-q', '1', '-t', 'cityops/sensors/NS-03/readings', '-m', JSON.stringify({ ts, value: 66.6 })]);
    await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', '1883', '-q', '1', '-t', 'cityops/sensors/NS-03/readings', '-m', 'garbage']);
    const stored = await poll(
      async () => (await sql<{ value: number }>`select value from sensor_readings where sensor_id = 'NS-03' and ts = ${ts}::timestamptz`.execute(s.ctx.db.kysely)).rows,
      (r) => r.length > 0,
    );
    expect(stored).toEqual([{ value: 66.6 }]);
    const dl = await poll(
      async () => (await sql<{ reason: string }>`select reason from sensor_dead_letters where sensor_id = 'NS-03' and payload = 'garbage'`.execute(s.ctx.db.kysely)).rows,
      (r) => r.length > 0,
    );
    expect(dl).toEqual([{ reason: 'bad_json' }]);
    const series = (await (await s.api(`/api/sensors/NS-03/readings?interval=raw&from=${new Date(Date.parse(ts) - 1000).toISOString()}&to=${new Date(Date.parse(ts) + 1000).toISOString()}`, { token: admin })).json()) as { points: { value: number }[] };
    expect(series.points.map((p) => p.value)).toEqual([66.6]);
  });
});
