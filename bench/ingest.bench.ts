// Sustained sensor ingest (issue 5): readings/s over MQTT QoS 1 (embedded broker) and over
// HTTP (POST /api/sensors/{id}/readings, arrays, device Bearer token), side by side with raw
// batched INSERTs of the same readings into the same database in the same run:
//   raw_only — INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING into sensor_readings;
//   raw_agg  — the same plus what ingest maintains in its one statement per batch: the
//              1-minute and 1-hour aggregate upserts and sensor_latest.
// Ingest additionally runs the alert rules (alerts module listener) and the live stream's hub.
// Each phase starts from emptied bench rows (delete + vacuum analyze); after each ingest phase
// the database must hold exactly what was sent (raw rows, aggregate counts, latest), otherwise
// the result is marked incomplete and the process exits 1. Phases alternate BENCH_INGEST_RUNS
// times (default 3); figures are medians. Embedded engine always; PostgreSQL on a scratch
// database when CITYOPS_BENCH_DATABASE_URL / BENCH_DATABASE_URL is set or 127.0.0.1:5432
// answers (BENCH_SENSORS_ENGINE=embedded|postgres narrows). Prints one JSON line per engine
// and channel. SENSOR_* / LIVE_* variables are passed to the server (e.g. SENSOR_BATCH_MAX_READINGS).
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import {
  clearReadings, createBenchSensors, median, runLoad, runOnEngines, startBenchServer, storedCounts,
  type BenchServer, type Engine,
} from './sensor-bench-kit.ts';
import type { IngestLoadResult, ReadingPlan } from './sensor-load.worker.ts';

const env = (name: string, dflt: number) => Math.max(1, Number(process.env[name] ?? dflt));
const READINGS = env('BENCH_INGEST_READINGS', 200_000);
const SENSORS = env('BENCH_INGEST_SENSORS', 1000);
const PER_SENSOR = Math.ceil(READINGS / SENSORS);
const STEP_MS = env('BENCH_INGEST_STEP_MS', 5000);
const PER_MESSAGE = env('BENCH_INGEST_PER_MESSAGE', 10);
const MQTT_CLIENTS = env('BENCH_INGEST_MQTT_CLIENTS', 8);
const MQTT_WINDOW = env('BENCH_INGEST_MQTT_WINDOW', 50);
const PER_REQUEST = env('BENCH_INGEST_PER_REQUEST', 100);
const HTTP_CONCURRENCY = env('BENCH_INGEST_HTTP_CONCURRENCY', 32);
const RAW_BATCH = env('BENCH_INGEST_RAW_BATCH', 2000);
const RUNS = env('BENCH_INGEST_RUNS', 3);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const r2 = (x: number) => +x.toFixed(2);

interface Row { sensorId: string; ts: string; value: number }

/** The plan's readings in the order the publishers send them: rounds of K readings per sensor. */
function planRows(p: ReadingPlan, perMessage: number): Row[] {
  const rows: Row[] = [];
  for (let from = 0; from < p.perSensor; from += perMessage) {
    for (let j = 0; j < p.sensors.length; j++) {
      for (let i = from; i < Math.min(p.perSensor, from + perMessage); i++) {
        rows.push({ sensorId: p.sensors[j]!, ts: new Date(p.tsBase + i * p.stepMs).toISOString(), value: 0.5 + ((j * 31 + i * 17) % 1000) / 1000 });
      }
    }
  }
  return rows;
}

const aggUpsert = (table: 'sensor_readings_1m' | 'sensor_readings_1h', width: string) => sql`
  insert into ${sql.table(table)} (sensor_id, metric, bucket, count, min, max, avg, sum)
  select sensor_id, metric, date_bin(${width}::interval, ts, timestamptz '2000-01-01 00:00:00+00'), count(*), min(value), max(value), avg(value), sum(value)
  from ins group by 1, 2, 3
  on conflict (sensor_id, metric, bucket) do update set
    count = ${sql.table(table)}.count + excluded.count, min = least(${sql.table(table)}.min, excluded.min),
    max = greatest(${sql.table(table)}.max, excluded.max), sum = ${sql.table(table)}.sum + excluded.sum,
    avg = (${sql.table(table)}.sum + excluded.sum) / (${sql.table(table)}.count + excluded.count)`;

/** Raw batched INSERT, one statement per batch, one at a time (like ingest's one commit in flight). */
async function rawInsert(s: BenchServer, rows: Row[], withAggregates: boolean): Promise<number> {
  const k = s.db.kysely;
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += RAW_BATCH) {
    const b = rows.slice(i, i + RAW_BATCH);
    const input = sql`select * from unnest(${b.map((r) => r.sensorId)}::text[], ${b.map(() => 'water_level')}::text[],
      ${b.map((r) => r.ts)}::timestamptz[], ${b.map((r) => r.value)}::float8[]) as t(sensor_id, metric, ts, value)`;
    if (!withAggregates) {
      await sql`insert into sensor_readings (sensor_id, metric, ts, value) ${input} on conflict (sensor_id, metric, ts) do nothing`.execute(k);
    } else {
      await sql`
        with ins as (
          insert into sensor_readings (sensor_id, metric, ts, value) ${input}
          on conflict (sensor_id, metric, ts) do nothing returning sensor_id, metric, ts, value
        ),
        m1 as (${aggUpsert('sensor_readings_1m', '1 minute')}),
        h1 as (${aggUpsert('sensor_readings_1h', '1 hour')}),
        lat as (
          insert into sensor_latest (sensor_id, metric, ts, value)
          select distinct on (sensor_id, metric) sensor_id, metric, ts, value from ins order by sensor_id, metric, ts desc
          on conflict (sensor_id, metric) do update set ts = excluded.ts, value = excluded.value where excluded.ts > sensor_latest.ts
        )
        select count(*) from ins`.execute(k);
    }
  }
  return performance.now() - t0;
}

interface PhaseResult { ms: number; alertsDrainMs: number; messages: number; retries: number; commits: number; complete: boolean; counts: Awaited<ReturnType<typeof storedCounts>>; errors: string[] }

async function run(engine: Engine): Promise<boolean> {
  const load0 = loadavg()[0]!;
  const s = await startBenchServer(engine, 'ingest');
  let ok = true;
  try {
    const t = performance.now();
    const sensors = await createBenchSensors(s, SENSORS, 'BENCH-');
    const sensorsMs = performance.now() - t;
    // Readings in the past (within raw retention), one every STEP_MS per sensor, aligned to the hour.
    const span = PER_SENSOR * STEP_MS;
    const tsBase = Math.floor((Date.now() - span - 86_400_000) / 3_600_000) * 3_600_000;
    const plan: ReadingPlan = { sensors, perSensor: PER_SENSOR, tsBase, stepMs: STEP_MS };
    const total = sensors.length * PER_SENSOR;
    let commits = 0;
    s.built.ctx.events.on('sensor.readings', () => commits++);

    // Warm-up (not measured): every sensor once per channel, so the sensor directory, token
    // caches and JIT are warm; then emptied.
    const warm: ReadingPlan = { sensors, perSensor: 2, tsBase: tsBase - 86_400_000, stepMs: STEP_MS };
    await runLoad({ kind: 'mqtt-ingest', mqttUrl: s.mqttUrl, token: s.deviceToken, perMessage: 1, clients: MQTT_CLIENTS, window: MQTT_WINDOW, ...warm });
    await runLoad({ kind: 'http-ingest', base: s.base, token: s.deviceToken, perRequest: 1, concurrency: HTTP_CONCURRENCY, ...warm, tsBase: warm.tsBase + 3_600_000 });

    const rowsMqtt = planRows(plan, PER_MESSAGE);
    const phase = async (kind: 'mqtt' | 'http'): Promise<PhaseResult> => {
      await clearReadings(s, sensors);
      const c0 = commits;
      const r = (await runLoad(
        kind === 'mqtt'
          ? { kind: 'mqtt-ingest', mqttUrl: s.mqttUrl, token: s.deviceToken, perMessage: PER_MESSAGE, clients: MQTT_CLIENTS, window: MQTT_WINDOW, ...plan }
          : { kind: 'http-ingest', base: s.base, token: s.deviceToken, perRequest: PER_REQUEST, concurrency: HTTP_CONCURRENCY, ...plan },
      )) as IngestLoadResult;
      // The alert rules evaluate each committed batch after the commit, serialised: how far behind
      // they are when the last reading is acknowledged (an empty evaluation waits for the queue).
      const d0 = performance.now();
      await s.built.services.alerts.evaluate([]);
      const alertsDrainMs = performance.now() - d0;
      const counts = await storedCounts(s, sensors);
      const complete = counts.raw === total && counts.agg1m === total && counts.agg1h === total && counts.latest === sensors.length && !r.errors.length;
      if (!complete) console.error(`ingest bench ${engine} ${kind}: sent ${total}, stored ${JSON.stringify(counts)}, errors ${JSON.stringify(r.errors)}`);
      return { ms: r.ms, alertsDrainMs, messages: r.messages, retries: r.retries, commits: commits - c0, complete, counts, errors: r.errors };
    };
    const raw = async (withAggregates: boolean) => {
      await clearReadings(s, sensors);
      const ms = await rawInsert(s, rowsMqtt, withAggregates);
      const counts = await storedCounts(s, sensors);
      if (counts.raw !== total) throw new Error(`raw INSERT stored ${counts.raw} of ${total}`);
      return ms;
    };

    const rawOnly: number[] = [];
    const rawAgg: number[] = [];
    const mqttRuns: PhaseResult[] = [];
    const httpRuns: PhaseResult[] = [];
    for (let k = 0; k < RUNS; k++) {
      rawOnly.push(await raw(false));
      rawAgg.push(await raw(true));
      mqttRuns.push(await phase('mqtt'));
      httpRuns.push(await phase('http'));
    }
    const rawOnlyMs = median(rawOnly);
    const rawAggMs = median(rawAgg);
    const settings = s.settings;
    for (const [channel, runs] of [['mqtt', mqttRuns], ['http', httpRuns]] as const) {
      const ms = median(runs.map((r) => r.ms));
      const readingsPerS = rate(total, ms);
      const complete = runs.every((r) => r.complete);
      ok &&= complete;
      console.log(JSON.stringify({
        bench: 'ingest',
        engine,
        channel,
        readings: total,
        sensors: sensors.length,
        runs: RUNS,
        loadavg_1m: [+load0.toFixed(1), +loadavg()[0]!.toFixed(1)],
        batching: channel === 'mqtt'
          ? { readings_per_message: PER_MESSAGE, clients: MQTT_CLIENTS, window_messages_per_client: MQTT_WINDOW, qos: 1 }
          : { readings_per_request: PER_REQUEST, requests_in_flight: HTTP_CONCURRENCY },
        server: { ...s.effective, env: settings },
        ingest_maintains: ['sensor_readings', 'sensor_readings_1m', 'sensor_readings_1h', 'sensor_latest', 'alert rule states (alerts listener)', 'live stream hub'],
        ms: Math.round(ms),
        runs_ms: runs.map((r) => Math.round(r.ms)),
        readings_per_s: readingsPerS,
        messages_per_s: rate(runs[0]!.messages, ms),
        commits: runs.map((r) => r.commits),
        readings_per_commit: r2(total / median(runs.map((r) => r.commits))),
        retries: runs.map((r) => r.retries),
        alerts_backlog_after_last_ack_ms: runs.map((r) => Math.round(r.alertsDrainMs)),
        data_complete: complete,
        stored: runs.at(-1)!.counts,
        raw_batch: RAW_BATCH,
        raw_only_ms: Math.round(rawOnlyMs),
        raw_only_runs_ms: rawOnly.map(Math.round),
        raw_only_readings_per_s: rate(total, rawOnlyMs),
        raw_agg_ms: Math.round(rawAggMs),
        raw_agg_runs_ms: rawAgg.map(Math.round),
        raw_agg_readings_per_s: rate(total, rawAggMs),
        ratio_to_raw_only: r2(readingsPerS / rate(total, rawOnlyMs)),
        ratio_to_raw_agg: r2(readingsPerS / rate(total, rawAggMs)),
        prepare_ms: Math.round(s.prepareMs),
        create_sensors_ms: Math.round(sensorsMs),
        goal_readings_per_s: engine === 'postgres' ? 20_000 : 10_000,
        goal_rate_met: complete && readingsPerS >= (engine === 'postgres' ? 20_000 : 10_000),
        goal_half_raw_only_met: engine === 'postgres' ? complete && readingsPerS >= rate(total, rawOnlyMs) / 2 : undefined,
      }));
    }
  } finally {
    await s.close();
  }
  return ok;
}

await runOnEngines('ingest bench', run);
