// Sensor-to-screen latency (issue 5): a steady BENCH_LIVE_RATE readings/s (default 5,000),
// one reading per MQTT QoS 1 message, over BENCH_LIVE_SENSORS sensors (default 1,000) for
// BENCH_LIVE_SECONDS (default 30, after BENCH_LIVE_WARMUP_SECONDS of unmeasured warm-up),
// while SSE clients of GET /api/live/stream (what the live screen opens) record arrivals.
//
// What the stream forwards: not every reading. The live hub keeps, per client, the latest
// reading per sensor and metric and flushes them every LIVE_READINGS_INTERVAL_MS (250 ms) as one
// `readings` event; a reading superseded within the interval is never sent itself. So the
// latency of a reading is measured as: arrival of the first `readings` event that shows its
// sensor at its timestamp or later (the screen then shows that value or a newer one) minus
// the time the reading was handed to the MQTT client — same thread, same clock. Every
// measured reading must be reflected (unreflected = 0), otherwise the goal is not met.
//
// Two streams: the operator (sees every sensor) and the Tân Hưng ward officer (the access
// filter: only sensors in ward 27475; the stream must show nothing else). Baseline in the same
// run: publish → PUBACK, i.e. the reading committed (MQTT acknowledges after the commit).
// Embedded engine always; PostgreSQL on a scratch database when reachable (see
// sensor-bench-kit.ts). One JSON line per engine and stream. Goal: p95 ≤ 500 ms.
import { loadavg } from 'node:os';
import { createBenchSensors, pct, runLoad, runOnEngines, startBenchServer, type Engine } from './sensor-bench-kit.ts';
import type { LiveLoadResult } from './sensor-load.worker.ts';

const env = (name: string, dflt: number) => Math.max(0, Number(process.env[name] ?? dflt));
const RATE = env('BENCH_LIVE_RATE', 5000);
const SECONDS = env('BENCH_LIVE_SECONDS', 30);
const WARMUP = env('BENCH_LIVE_WARMUP_SECONDS', 3);
const SENSORS = Math.max(1, env('BENCH_LIVE_SENSORS', 1000));
const CLIENTS = Math.max(1, env('BENCH_LIVE_MQTT_CLIENTS', 8));
const GOAL_P95_MS = 500;
const r1 = (x: number) => +x.toFixed(1);

async function run(engine: Engine): Promise<boolean> {
  const load0 = loadavg()[0]!;
  const s = await startBenchServer(engine, 'live');
  let ok = true;
  try {
    const sensors = await createBenchSensors(s, SENSORS, 'LIVEB-');
    const login = async (username: string) => {
      const res = await fetch(`${s.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    };
    const operator = await login('operator');
    const officer = await login('officer');
    // The bench sensors the officer may see: those inside the officer's ward.
    const inWard = (await (await fetch(`${s.base}/api/sensors?area=27475`, { headers: { authorization: `Bearer ${s.adminToken}` } })).json()) as { items: { sensorId: string }[] };
    const officerSensors = inWard.items.map((x) => x.sensorId).filter((id) => id.startsWith('LIVEB-'));
    if (!officerSensors.length) throw new Error('no bench sensor in ward 27475');
    const load1 = loadavg()[0]!;
    const r = await runLoad<LiveLoadResult>({
      kind: 'live-latency', mqttUrl: s.mqttUrl, base: s.base, token: s.deviceToken, sensors, rate: RATE, seconds: SECONDS, warmupSeconds: WARMUP, clients: CLIENTS,
      streams: [{ name: 'operator', token: operator }, { name: 'officer-27475', token: officer, sensors: officerSensors }],
    });
    for (const st of r.streams) {
      const p95 = pct(st.latencyMs, 0.95);
      const goal = st.unreflected === 0 && !r.errors.length && p95 <= GOAL_P95_MS;
      ok &&= st.unreflected === 0 && !r.errors.length;
      console.log(JSON.stringify({
        bench: 'live-latency',
        engine,
        stream: st.name,
        measures: 'publish (QoS 1, 1 reading/message) → first live-stream readings event showing the sensor at that ts or later',
        loadavg_1m: [+load0.toFixed(1), +load1.toFixed(1), +loadavg()[0]!.toFixed(1)],
        rate_target: RATE,
        rate_achieved: Math.round(r.achievedRate),
        max_schedule_lag_ms: r1(r.maxScheduleLagMs),
        seconds: SECONDS,
        warmup_seconds: WARMUP,
        sensors: SENSORS,
        stream_sensors: st.sensors,
        mqtt_clients: CLIENTS,
        server: { ...s.effective, env: s.settings },
        published: r.published,
        measured_readings: st.latencyMs.length,
        unreflected: st.unreflected,
        stream_events: st.messages,
        stream_readings: st.readings,
        latency_p50_ms: r1(pct(st.latencyMs, 0.5)),
        latency_p95_ms: r1(p95),
        latency_p99_ms: r1(pct(st.latencyMs, 0.99)),
        latency_max_ms: r1(pct(st.latencyMs, 1)),
        baseline_puback_p50_ms: r1(pct(r.pubackMs, 0.5)),
        baseline_puback_p95_ms: r1(pct(r.pubackMs, 0.95)),
        ratio_p95_to_puback_p95: r1(p95 / pct(r.pubackMs, 0.95)),
        reconnects: r.reconnects,
        errors: r.errors,
        goal_p95_le_500ms: goal,
      }));
    }
  } finally {
    await s.close();
  }
  return ok;
}

await runOnEngines('live-latency bench', run);
