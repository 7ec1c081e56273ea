// PostgreSQL restarted under ingest: a private PostgreSQL 15 cluster (a copy of the postgres
// project's template), a cityops child server on it, MQTT QoS 1 publishers. While the database
// is down nothing is acknowledged, the buffer stays within its bound, and after the restart
// ingest resumes by itself and every acknowledged reading is stored. A stalled database (a
// table lock) fills the buffer with the API still answering: HTTP gets 503 + Retry-After and
// ingest-status shows the full queue. Runs in the postgres project (the embedded engine is
// in-process: there is no separate database server to restart).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestStatus } from '../../../../shared/contracts/sensors.ts';
import { postgresTestUrl, testDbKind } from '../../../test/test-database.ts';
import { copyDatabase, login, sleep, startChildServer, startPgCluster, until, type ChildServer } from './test-fixtures.ts';
import { freePort } from './test-ports.ts';

const MAX = 600;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe.skipIf(testDbKind() !== 'postgres')('sensor ingest while PostgreSQL restarts', () => {
  it('holds acknowledgements with a bounded buffer, answers 503 when full, resumes by itself and loses nothing acknowledged', async () => {
    const T = Date.now();
    // Progress lines: where a slow or stuck run spent its time.
    const step = (m: string) => console.warn(`[db-outage ${((Date.now() - T) / 1000).toFixed(1)} s] ${m}`);
    const cluster = await startPgCluster();
    step('cluster started');
    cleanups.push(() => cluster.dispose());
    await copyDatabase(postgresTestUrl(), cluster.url('postgres'), 'cityops');
    step('template copied');
    const dbUrl = cluster.url('cityops');
    const mqttPort = await freePort();
    const server: ChildServer = await startChildServer({
      DATABASE_URL: dbUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'cityops-outage-')),
      MQTT_PORT: String(mqttPort),
      SENSOR_MAX_PENDING_READINGS: String(MAX),
      // Small batches, so a stalled commit holds only part of the buffer and the rest queues.
      SENSOR_BATCH_MAX_READINGS: '200',
    });
    cleanups.push(() => server.stop());
    step('server up');
    const token = await login(server.base);
    const status = async () => (await (await fetch(`${server.base}/api/sensors/ingest-status`, { headers: { authorization: `Bearer ${token}` } })).json()) as IngestStatus;

    // Unique, past timestamps on TC-05: one ms apart per message.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 5 * 86_400_000;
    let seq = 0;
    const acknowledged: string[] = [];
    let dbDown = false;
    let ackedWhileDown = 0;
    const clients: MqttClient[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: `pub${i}`, password: token, reconnectPeriod: 500, clean: false, clientId: `outage-pub-${i}` });
      c.on('error', () => undefined);
      clients.push(c);
      cleanups.push(() => c.endAsync(true));
    }
    /** Publishes n QoS 1 readings without waiting; each PUBACK is recorded. */
    const publish = (n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, k) => {
          const ts = new Date(t0 + seq++).toISOString();
          return clients[k % clients.length]!.publishAsync('cityops/sensors/TC-05/readings', JSON.stringify({ ts, value: seq % 500 }), { qos: 1 }).then(() => {
            if (dbDown) ackedWhileDown++;
            acknowledged.push(ts);
          });
        }),
      );

    // 1. Normal operation.
    await publish(200);
    expect(acknowledged).toHaveLength(200);
    const s1 = await status();
    expect(s1.queue).toMatchObject({ max: MAX, state: 'ok', depth: 0 });

    step('normal ingest ok');
    // 2. The database stops: nothing is acknowledged, the buffer stays within its bound.
    dbDown = true;
    await cluster.stop();
    const during = publish(3 * MAX);
    // The API still authenticates (principal confirmed < 10 min ago) and ingest-status stays
    // readable; once the buffer is full, HTTP ingest is refused at once with 503 + Retry-After.
    await until(status, (s) => s.queue.state === 'database_down' && s.queue.depth === MAX, 30_000, 'a full buffer with the database down');
    const httpDown = await fetch(`${server.base}/api/sensors/TC-05/readings`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ts: new Date(t0 - 1000).toISOString(), value: 1 }),
    });
    expect(httpDown.status).toBe(503);
    expect(httpDown.headers.get('retry-after')).toBe('5');
    expect(((await httpDown.json()) as { error: string }).error).toBe('ingest_busy');
    await sleep(4_000);
    expect(ackedWhileDown).toBe(0);
    expect(acknowledged).toHaveLength(200);
    expect(server.child.exitCode).toBeNull();

    step('nothing acknowledged while down');
    // 3. The database comes back: ingest resumes by itself and every held message is acknowledged.
    dbDown = false;
    await cluster.start();
    await Promise.race([during, sleep(90_000).then(() => Promise.reject(new Error(`only ${acknowledged.length} acknowledged after the restart`)))]);
    expect(acknowledged).toHaveLength(200 + 3 * MAX);
    const s2 = await until(status, (s) => s.queue.depth === 0 && s.queue.state === 'ok', 30_000, 'an empty queue');
    expect(s2.queue.retries).toBeGreaterThan(0);
    expect(s2.queue.lastDatabaseError).toBeTruthy();
    // The buffer filled up to its bound and never beyond.
    expect(s2.queue.peakDepth).toBe(MAX);

    step('resumed after restart');
    // 4. A stalled database (inserts blocked by a lock, the API still answering): the buffer fills,
    //    HTTP gets 503 with Retry-After, ingest-status shows it; releasing the lock drains it.
    const locker = new pg.Client({ connectionString: dbUrl });
    await locker.connect();
    cleanups.push(() => locker.end());
    await locker.query('begin');
    await locker.query('lock table sensor_readings in exclusive mode');
    const stalled = publish(2 * MAX);
    const full = await until(status, (s) => s.queue.depth === MAX && s.queue.waiting > 0, 30_000, 'a full buffer');
    expect(full.queue.state).toBe('full');
    const before = full.queue.refusedFull;
    const res = await fetch(`${server.base}/api/sensors/TC-05/readings`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ts: new Date(t0 - 2000).toISOString(), value: 2 }),
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('ingest_busy');
    expect(body.message).toMatch(/buffer full: \d+ of 600 readings/);
    const afterRefusal = await status();
    expect(afterRefusal.queue.refusedFull).toBe(before + 1);
    expect(afterRefusal.queue.depth).toBeLessThanOrEqual(MAX);
    await locker.query('rollback');
    await Promise.race([stalled, sleep(60_000).then(() => Promise.reject(new Error('held messages not acknowledged after the lock')))]);
    expect(acknowledged).toHaveLength(200 + 5 * MAX);

    step('stall and 503 ok');
    // 5. Every acknowledged reading is in the database; the refused HTTP readings are not.
    const check = new pg.Client({ connectionString: dbUrl });
    await check.connect();
    try {
      const r = await check.query<{ ts: Date }>(`select ts from sensor_readings where sensor_id = 'TC-05' and ts >= $1 and ts < $2`, [new Date(t0 - 5000), new Date(t0 + seq)]);
      const stored = new Set(r.rows.map((x) => x.ts.toISOString()));
      expect(acknowledged.filter((ts) => !stored.has(ts))).toEqual([]);
      expect(stored.has(new Date(t0 - 2000).toISOString())).toBe(false);
      expect((await status()).queue.peakDepth).toBe(MAX);
    } finally {
      await check.end();
    }
  }, 400_000);
});
