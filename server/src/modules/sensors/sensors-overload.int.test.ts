// Ten times the rated load (rated: 5,000 readings/s, the live-latency load; offered here:
// ≥ 50,000 readings/s for LOAD_SECONDS) against a cityops child server. The load comes from
// worker threads (overload-load.worker.ts): MQTT QoS 1 clients with a window of 100-reading
// messages, and HTTP clients posting 1,000-reading arrays as fast as they are answered.
// Back-pressure (held PUBACKs, HTTP 503 + Retry-After) keeps the buffer within its bound and the
// memory of the server bounded, health keeps answering, and every acknowledged reading is stored.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestStatus, SensorList } from '../../../../shared/contracts/sensors.ts';
import { openDatabase } from '../../../src/platform/db/database.ts';
import { copyTemplate, testDbKind } from '../../../test/test-database.ts';
import type { OverloadJob, OverloadResult } from './overload-load.worker.ts';
import { login, sleep, startChildServer, type ChildServer } from './test-fixtures.ts';
import { freePort } from './test-ports.ts';

const RATED = 5_000;
const OFFERED_MIN = 10 * RATED;
const LOAD_SECONDS = 8;
const MAX_PENDING = 50_000;
/** Offered over HTTP alone (open loop); MQTT adds what its publishers' windows let through. */
const HTTP_RATE = 60_000;
/**
 * Memory bound: the child's resident memory may grow by at most this much over its idle RSS.
 * What the overload may legitimately add: the buffer (≤ 50,000 parsed readings, ~30 MB), the
 * held MQTT messages (≤ 8 × 100 × 100 readings in flight; aedes reads a client's
 * packets batch by batch, so only part of them is parsed and waiting at a time), HTTP requests unanswered (≤ 200 × 60 kB),
 * one commit of ≤ 20,000 readings in the database engine (PGlite's WASM heap grows and never
 * shrinks) and V8 garbage not yet collected. An unbounded queue would take > 1 GB here
 * (≥ 400,000 readings offered per second × 8 s).
 */
const RSS_GROWTH_LIMIT_MB = 400;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** Runs one load job in a worker thread; tsx's hooks are registered in it first (workers do not inherit them). */
function runLoad(job: OverloadJob): Promise<OverloadResult> {
  // The ESM entry of tsx's API (require.resolve would give the CommonJS one).
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const exportsMap = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  const api = pathToFileURL(join(dirname(pkg), exportsMap['./esm/api']!.import.default)).href;
  const file = new URL('./overload-load.worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  return new Promise((resolve, reject) => {
    const w = new Worker(boot, { eval: true, workerData: job });
    let result: OverloadResult | undefined;
    // The result is all we wait for: the worker may still hold a timer (its drain deadline).
    w.once('message', (m: OverloadResult) => {
      result = m;
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => (result ? undefined : reject(new Error(`load worker exited with ${code} and no result`))));
  });
}

describe(`sensor ingest at 10× the rated load on ${testDbKind()}`, () => {
  it('applies back-pressure, keeps the buffer and the memory bounded, stays responsive and stores every acknowledged reading', async () => {
    const copy = await copyTemplate(testDbKind());
    cleanups.push(() => copy.drop());
    const mqttPort = await freePort();
    const env: Record<string, string> = {
      DATA_DIR: copy.dataDir, MQTT_PORT: String(mqttPort), SENSOR_MAX_PENDING_READINGS: String(MAX_PENDING),
      ...(copy.databaseUrl ? { DATABASE_URL: copy.databaseUrl } : {}),
    };
    const tStart = Date.now();
    const server: ChildServer = await startChildServer(env);
    const startupMs = Date.now() - tStart;
    cleanups.push(() => server.stop());
    const token = await login(server.base);
    const auth = { authorization: `Bearer ${token}` };
    const sensors = ((await (await fetch(`${server.base}/api/sensors`, { headers: auth })).json()) as SensorList).items;
    expect(sensors.length).toBeGreaterThan(0);
    const valueOf = (s: { minValid: number | null; maxValid: number | null }) => ((s.minValid ?? 0) + (s.maxValid ?? (s.minValid ?? 0) + 2)) / 2;
    // Every slot (one client) owns a range of timestamps 1 ms apart, ten days in the past
    // (inside the raw retention); slots never overlap, so each stored row belongs to one message.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 10 * 86_400_000;
    let slotNo = 0;
    const slots = (n: number) =>
      Array.from({ length: n }, () => {
        const s = sensors[slotNo % sensors.length]!;
        return { sensorId: s.sensorId, value: valueOf(s), tsBase: t0 + slotNo++ * 10_000_000 };
      });
    await sleep(1000);
    const rssIdle = server.rssMb();

    const rss: number[] = [];
    const depths: number[] = [];
    const healthMs: number[] = [];
    let healthFailures = 0;
    let statusMisses = 0;
    let sampling = true;
    // Memory every 200 ms (a /proc read, synchronous and cheap: the load is in the workers).
    const rssTimer = setInterval(() => rss.push(server.rssMb()), 200);
    const probes = (async () => {
      while (sampling) {
        const t = performance.now();
        const ok = await fetch(`${server.base}/api/health`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.arrayBuffer().then(() => r.status === 200), () => false);
        if (ok) healthMs.push(performance.now() - t);
        else healthFailures++;
        const st = await fetch(`${server.base}/api/sensors/ingest-status`, { headers: auth, signal: AbortSignal.timeout(10_000) }).then((r) => r.json() as Promise<IngestStatus>, () => null);
        if (st?.queue) depths.push(st.queue.depth);
        else statusMisses++;
        await sleep(300);
      }
    })();

    const common = { token, seconds: LOAD_SECONDS, drainSeconds: 30 };
    const [mq, ht] = await Promise.all([
      runLoad({ kind: 'mqtt', url: `mqtt://127.0.0.1:${mqttPort}`, slots: slots(8), perMessage: 100, window: 100, ratePerSecond: 0, ...common }),
      runLoad({ kind: 'http', url: server.base, slots: slots(16), perMessage: 1000, window: 200, ratePerSecond: HTTP_RATE, ...common }),
    ]);
    sampling = false;
    await probes;
    clearInterval(rssTimer);
    rss.push(server.rssMb());
    const status = (await (await fetch(`${server.base}/api/sensors/ingest-status`, { headers: auth })).json()) as IngestStatus;

    const offeredPerSecond = (mq.offeredReadings / mq.loadMs + ht.offeredReadings / ht.loadMs) * 1000;
    const ackedReadings = mq.acked.reduce((a, s) => a + s.starts.length * 100, 0) + ht.acked.reduce((a, s) => a + s.starts.length * 1000, 0);
    const rssPeak = Math.max(...rss);
    // One line for the record.
    console.warn(JSON.stringify({
      db: testDbKind(), startupMs, offeredPerSecond: Math.round(offeredPerSecond), mqttOffered: mq.offeredReadings, httpOffered: ht.offeredReadings,
      acknowledged: ackedReadings, acknowledgedPerSecond: Math.round(ackedReadings / LOAD_SECONDS), refused503: ht.refused503, mqttUnacked: mq.unacknowledgedAtEnd, httpUnanswered: ht.unacknowledgedAtEnd,
      rssIdle: Math.round(rssIdle), rssPeak: Math.round(rssPeak), peakDepth: status.queue.peakDepth, max: status.queue.max, healthMaxMs: Math.round(Math.max(...healthMs)),
      healthProbes: healthMs.length, healthFailures, statusMisses, errors: [...mq.errors, ...ht.errors, ...ht.otherStatus],
    }));

    // The load: at least ten times the rated rate, measured by the generator itself.
    expect(offeredPerSecond).toBeGreaterThanOrEqual(OFFERED_MIN);
    // … which is more than the server takes in: HTTP was refused (503 + Retry-After) and the buffer filled.
    expect(ht.refused503).toBeGreaterThan(0);
    expect(ht.retryAfterOk).toBe(true);
    expect(ht.otherStatus).toEqual([]);
    expect(status.queue.refusedFull).toBeGreaterThan(0);
    // The bound holds: the buffer never went beyond its maximum.
    expect(status.queue.max).toBe(MAX_PENDING);
    expect(status.queue.peakDepth).toBeGreaterThan(0);
    expect(status.queue.peakDepth).toBeLessThanOrEqual(MAX_PENDING);
    expect(Math.max(...depths)).toBeLessThanOrEqual(MAX_PENDING);
    // Memory stays bounded.
    expect(rss.length).toBeGreaterThan(LOAD_SECONDS * 3);
    expect(rssPeak - rssIdle).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    // Responsive: every health probe during the overload answered 200.
    expect(healthFailures).toBe(0);
    expect(healthMs.length).toBeGreaterThanOrEqual(3);
    // Work got done, and the MQTT publishers got all their acknowledgements once the load stopped.
    expect(ackedReadings).toBeGreaterThan(RATED);
    expect(mq.unacknowledgedAtEnd).toBe(0);
    expect(ht.unacknowledgedAtEnd).toBe(0);

    // Every acknowledged reading is in the database (read after a clean stop). Unacknowledged
    // ones may or may not be there: they are the client's to resend, never counted as lost.
    await server.stop();
    const db = openDatabase({ dataDir: copy.dataDir, databaseUrl: copy.databaseUrl });
    try {
      for (const [per, result] of [[100, mq], [1000, ht]] as const) {
        for (const slot of result.acked) {
          if (!slot.starts.length) continue;
          const starts = slot.starts.map((i) => new Date(slot.tsBase + i).toISOString());
          // Acknowledged ranges are disjoint: the rows found in them must be exactly per × messages.
          const r = await sql<{ n: number }>`
            select count(*)::int as n from unnest(${starts}::timestamptz[]) s(start)
            join sensor_readings r on r.sensor_id = ${slot.sensorId} and r.ts >= s.start and r.ts < s.start + make_interval(secs => ${per / 1000})`.execute(db.kysely);
          expect(r.rows[0]!.n, `${slot.sensorId} from ${new Date(slot.tsBase).toISOString()}`).toBe(per * slot.starts.length);
        }
      }
    } finally {
      await db.close();
    }
  }, 115_000);
});
