// Shared set-up of the sensor benchmarks (ingest, live latency): a cityops server in this
// process (demo mode, real MQTT broker on a free port, simulator off) on the embedded engine
// or on a scratch PostgreSQL database, bench sensors created through the API, a device token,
// and a load generator in a worker thread (bench/sensor-load.worker.ts) so the publishers do
// not share the server's event loop. Not a benchmark itself (run.ts runs *.bench.ts only).
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp, type BuiltApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase, type Database } from '../server/src/platform/db/database.ts';
import { prepare, startBackground } from '../server/src/startup.ts';
import { D7_WARD_CODES } from '../server/src/modules/datasets/index.ts';
import { freePort } from '../server/src/modules/sensors/test-ports.ts';
import { readSensorSettings } from '../server/src/modules/sensors/sensors.settings.ts';
import { readLiveSettings } from '../server/src/modules/live/live.service.ts';
import type { LoadJob, LoadResult } from './sensor-load.worker.ts';
import { pgReachable } from './postgres-reachable.ts';

export type Engine = 'embedded' | 'postgres';

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length ? (s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) : NaN;
};
export const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : NaN);

export const PG_URL = process.env.CITYOPS_BENCH_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The engines to run: embedded always, PostgreSQL when it answers; BENCH_SENSORS_ENGINE narrows. */
async function enginesToRun(bench: string): Promise<Engine[]> {
  const only = process.env.BENCH_SENSORS_ENGINE;
  const out: Engine[] = [];
  if (!only || only === 'embedded') out.push('embedded');
  if (!only || only === 'postgres') {
    if (await pgReachable(PG_URL)) out.push('postgres');
    else console.error(`${bench}: no PostgreSQL at ${PG_URL.replace(/:[^:@/]*@/, ':***@')}, embedded only`);
  }
  return out;
}

/** Runs a benchmark on each engine in turn; the process exits 1 if any run reports incomplete data. */
export async function runOnEngines(bench: string, run: (engine: Engine) => Promise<boolean>): Promise<void> {
  let allOk = true;
  for (const engine of await enginesToRun(bench)) allOk = (await run(engine)) && allOk;
  if (!allOk) process.exitCode = 1;
}

async function scratchDatabase(serverUrl: string, tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cityops_bench_${tag}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.href });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const c2 = new pg.Client({ connectionString: u.href });
  await c2.connect();
  await c2.query('CREATE EXTENSION IF NOT EXISTS postgis');
  await c2.end();
  return {
    url: u.href,
    async drop() {
      const d = new pg.Client({ connectionString: admin.href });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    },
  };
}

export interface BenchServer {
  engine: Engine;
  built: BuiltApp;
  db: Database;
  base: string;
  mqttUrl: string;
  adminToken: string;
  /** API token of a `device` account: Bearer for HTTP, password for MQTT. */
  deviceToken: string;
  prepareMs: number;
  /** SENSOR_* / LIVE_* variables passed to the server. */
  settings: Record<string, string>;
  /** What the server actually runs with: ingest batching and buffer bounds, live flush interval. */
  effective: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Variables of the sensors and live modules that the lead may set to try other values
 * (e.g. SENSOR_BATCH_MAX_READINGS, LIVE_READINGS_INTERVAL_MS); passed through to the server.
 */
const PASS_THROUGH = /^(SENSOR_|LIVE_|MQTT_CONNECTIONS$)/;

/**
 * Embedded engine: BENCH_SENSORS_DATA_TEMPLATE names a data folder holding a prepared demo
 * (built there on first use), copied for each run so `prepare` only tops it up instead of
 * seeding for minutes. Not part of any measured figure.
 */
async function embeddedTemplate(): Promise<string | undefined> {
  const dir = process.env.BENCH_SENSORS_DATA_TEMPLATE;
  if (!dir) return undefined;
  if (!existsSync(join(dir, 'pg'))) {
    console.error(`sensor benches: building the data template in ${dir} (once)`);
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn', MQTT_PORT: '0', SENSOR_SIMULATOR: 'false' });
    const db = openDatabase({ dataDir: config.dataDir });
    const built = await buildApp({ config, db, logger: false });
    await prepare(built.ctx, built.services);
    await built.app.close();
    await db.close();
  }
  return dir;
}

export async function startBenchServer(engine: Engine, tag: string): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `cityops-bench-${tag}-`));
  const template = engine === 'embedded' ? await embeddedTemplate() : undefined;
  if (template) cpSync(join(template, 'pg'), join(dataDir, 'pg'), { recursive: true });
  const scratch = engine === 'postgres' ? await scratchDatabase(PG_URL, tag) : undefined;
  const mqttPort = await freePort();
  const passed = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => PASS_THROUGH.test(k) && v !== undefined)) as Record<string, string>;
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    MQTT_PORT: String(mqttPort),
    SENSOR_SIMULATOR: 'false',
    ...passed,
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  });
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const built = await buildApp({ config, db, logger: false });
  let stopBackground: (() => Promise<void>) | undefined;
  const close = async () => {
    await stopBackground?.();
    await built.app.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  };
  try {
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const t = performance.now();
    await prepare(built.ctx, built.services);
    const prepareMs = performance.now() - t;
    stopBackground = await startBackground(built.ctx, built.services);
    const base = `http://127.0.0.1:${(built.app.server.address() as { port: number }).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const adminToken = ((await login.json()) as { token: string }).token;
    const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const u = await fetch(`${base}/api/users`, { method: 'POST', headers, body: JSON.stringify({ username: 'bench-gateway', displayName: 'Bench gateway', role: 'device' }) });
    if (u.status !== 201) throw new Error(`device user: ${u.status} ${await u.text()}`);
    const tk = await fetch(`${base}/api/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench', username: 'bench-gateway' }) });
    if (tk.status !== 201) throw new Error(`device token: ${tk.status} ${await tk.text()}`);
    const deviceToken = ((await tk.json()) as { token: string }).token;
    const sensorSettings = readSensorSettings(config) as unknown as Record<string, unknown>;
    const effective = Object.fromEntries(Object.entries(sensorSettings).filter(([k]) => /batch|pending|waiting/i.test(k)));
    effective.liveReadingsIntervalMs = readLiveSettings(built.ctx).readingsIntervalMs;
    return { engine, built, db, base, mqttUrl: `mqtt://127.0.0.1:${mqttPort}`, adminToken, deviceToken, prepareMs, settings: passed, effective, close };
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
}

/**
 * Creates `n` water-level sensors `${prefix}0001…` through the records API, placed in the four
 * District 7 wards (so their readings carry area codes like the demo's). Valid range 0–10 m;
 * the benchmarks send 0.5–1.5 m, below the demo tide rule (1.6 m), so no alert fires.
 */
export async function createBenchSensors(s: BenchServer, n: number, prefix: string): Promise<string[]> {
  const spots = await sql<{ lon: number; lat: number }>`
    select ST_X(p) as lon, ST_Y(p) as lat from (
      select ST_PointOnSurface(geom) as p from areas where code = any(${D7_WARD_CODES}::text[]) and valid_to is null order by code) x`.execute(s.db.kysely);
  if (!spots.rows.length) throw new Error('no District 7 wards to place the bench sensors in');
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);
  const headers = { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' };
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      const spot = spots.rows[i % spots.rows.length]!;
      // A few metres apart around a point inside the ward.
      const jitter = (k: number) => (((i * 7919 + k * 104729) % 1000) / 1000 - 0.5) * 2e-4;
      const body = {
        properties: { sensor_id: ids[i], name: `Bench gauge ${i + 1}`, type: 'water_level', unit: 'm', min_valid: 0, max_valid: 10, warn_threshold: 1.8, alarm_threshold: 2.2, status: 'active' },
        geometry: { type: 'Point', coordinates: [spot.lon + jitter(1), spot.lat + jitter(2)] },
      };
      const res = await fetch(`${s.base}/api/datasets/sensors/records`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`create sensor ${ids[i]}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return ids;
}

/** Runs one load job in a worker thread (its own event loop; same machine clock). */
export function runLoad<R extends LoadResult>(job: LoadJob): Promise<R> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's hooks from `--import tsx`: register them in it first.
    const api = import.meta.resolve('tsx/esm/api');
    const file = new URL('./sensor-load.worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
    const w = new Worker(boot, { eval: true, workerData: job });
    let result: R | undefined;
    w.once('message', (m: R) => (result = m));
    w.once('error', reject);
    w.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load worker exited with ${code} and no result`))));
  });
}

/** Removes the bench sensors' readings, aggregates and latest values (and vacuums), so each phase starts alike. */
export async function clearReadings(s: BenchServer, ids: string[]): Promise<void> {
  const k = s.db.kysely;
  for (const t of ['sensor_readings', 'sensor_readings_1m', 'sensor_readings_1h', 'sensor_latest']) {
    await sql`delete from ${sql.table(t)} where sensor_id = any(${ids}::text[])`.execute(k);
  }
  for (const t of ['sensor_readings', 'sensor_readings_1m', 'sensor_readings_1h', 'sensor_latest']) await sql`vacuum analyze ${sql.table(t)}`.execute(k);
}

/** Readings stored for these sensors: raw rows and the sum of the 1-minute aggregate counts. */
export async function storedCounts(s: BenchServer, ids: string[]): Promise<{ raw: number; agg1m: number; agg1h: number; latest: number }> {
  const r = await sql<{ raw: number; agg1m: number; agg1h: number; latest: number }>`
    select (select count(*)::int from sensor_readings where sensor_id = any(${ids}::text[])) as raw,
           (select coalesce(sum(count), 0)::int from sensor_readings_1m where sensor_id = any(${ids}::text[])) as agg1m,
           (select coalesce(sum(count), 0)::int from sensor_readings_1h where sensor_id = any(${ids}::text[])) as agg1h,
           (select count(*)::int from sensor_latest where sensor_id = any(${ids}::text[])) as latest`.execute(s.db.kysely);
  return r.rows[0]!;
}


