// kill -9 of the server during QoS 1 ingest over the embedded broker: after a restart, every
// reading whose PUBACK arrived is stored.
import { spawn, type ChildProcess } from 'node:child_process';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { copyTemplate, ROOT, testDbKind } from '../../../test/test-database.ts';
import { freePort } from './test-ports.ts';

let cleanup: (() => Promise<void>) | undefined;
afterAll(() => cleanup?.());
const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SENSOR_SIMULATOR: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false)) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become healthy: ${stderr}`);
}

// kill -9 tests run on the embedded engine, where cityops itself writes the data folder (PGlite's
// WAL through our worker). On a PostgreSQL server, what is acknowledged after COMMIT is the
// server's own durability, and the acknowledge-after-commit logic is the same code as on the
// embedded engine: the ~80 s a run would cost there buys nothing the embedded run does not prove.
describe.skipIf(testDbKind() === 'postgres')(`sensor ingest crash safety on ${testDbKind()}`, () => {
  it('keeps every acknowledged QoS 1 reading after kill -9', async () => {
    const copy = await copyTemplate(testDbKind());
    cleanup = copy.drop;
    const [port, mqttPort] = [await freePort(), await freePort()];
    const env: Record<string, string> = { DATA_DIR: copy.dataDir, MQTT_PORT: String(mqttPort), ...(copy.databaseUrl ? { DATABASE_URL: copy.databaseUrl } : {}) };
    let server = await startServer(env, port);
    const base = `http://127.0.0.1:${port}`;
    const login = async () => ((await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) })).json()) as { token: string }).token;
    const token = await login();

    const acknowledged: string[] = [];
    let stop = false;
    // Every timestamp stays in the past (future ones are rightly dead-lettered): 4 h back, 2,000 s per writer.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 4 * 3_600_000;
    const writer = async (w: number) => {
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'op', password: token, reconnectPeriod: 0 });
      c.on('error', () => {});
      for (let i = 0; !stop; i++) {
        const ts = new Date(t0 + (w * 2_000 + i) * 1000 + 7).toISOString();
        try {
          await c.publishAsync('cityops/sensors/TC-05/readings', JSON.stringify({ ts, value: i % 500 }), { qos: 1 });
          acknowledged.push(ts);
        } catch {
          return;
        }
      }
    };
    const writers = [0, 1, 2, 3].map((w) => writer(w).catch(() => {}));
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 10));
    server.kill('SIGKILL');
    stop = true;
    await exited(server);
    await Promise.race([Promise.all(writers), new Promise((r) => setTimeout(r, 5000))]);

    server = await startServer(env, port);
    try {
      const t2 = await login();
      const res = await fetch(`${base}/api/sensors/TC-05/readings?interval=raw&from=${new Date(t0).toISOString()}&to=${new Date(t0 + 500_000_000).toISOString()}`, { headers: { authorization: `Bearer ${t2}` } });
      const series = (await res.json()) as { points: { ts: string }[] };
      const stored = new Set(series.points.map((p) => p.ts));
      const lost = acknowledged.filter((ts) => !stored.has(ts));
      expect(acknowledged.length).toBeGreaterThanOrEqual(200);
      expect(lost).toEqual([]);
    } finally {
      server.kill('SIGTERM');
      await exited(server);
    }
  });
});
