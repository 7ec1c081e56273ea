// Load generator of the sensor benchmarks, run in a worker thread (bench/sensor-bench-kit.ts
// runLoad) so the publishers and the live-stream client have their own event loop:
// - mqtt-ingest: QoS 1 publishes of reading arrays from several clients, each keeping a window
//   of unacknowledged messages; time from the first publish to the last PUBACK;
// - http-ingest: POST /api/sensors/{id}/readings with arrays, a fixed number of requests in flight;
// - live-latency: a steady rate of single-reading QoS 1 publishes while an SSE client of
//   /api/live/stream records when each reading is first reflected on the stream.
import { parentPort, workerData } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import mqtt, { type MqttClient } from 'mqtt';
import { connectRawPublisher, publishPacket } from './mqtt-raw-publisher.ts';

export interface ReadingPlan {
  sensors: string[];
  /** Readings per sensor. */
  perSensor: number;
  /** Timestamp (ms) of reading 0; reading i of a sensor is at tsBase + i * stepMs. */
  tsBase: number;
  stepMs: number;
}

export type LoadJob =
  | ({ kind: 'mqtt-ingest'; mqttUrl: string; token: string; perMessage: number; clients: number; window: number } & ReadingPlan)
  | ({ kind: 'http-ingest'; base: string; token: string; perRequest: number; concurrency: number } & ReadingPlan)
  | {
      kind: 'live-latency';
      mqttUrl: string;
      base: string;
      token: string;
      /** SSE clients: each with its token and the sensors it may see (all when absent). */
      streams: { name: string; token: string; sensors?: string[] }[];
      sensors: string[];
      /** Readings (= messages, one reading each) per second. */
      rate: number;
      seconds: number;
      warmupSeconds: number;
      clients: number;
    };

export interface IngestLoadResult {
  kind: 'mqtt-ingest' | 'http-ingest';
  ms: number;
  messages: number;
  readings: number;
  /** HTTP: 503 answers retried. MQTT: always 0 (the lean publisher does not reconnect; a lost connection is an error). */
  retries: number;
  errors: string[];
}

export interface LiveLoadResult {
  kind: 'live-latency';
  published: number;
  measured: number;
  achievedRate: number;
  /** Largest delay of the publisher behind its schedule, ms. */
  maxScheduleLagMs: number;
  pubackMs: number[];
  streams: {
    name: string;
    sensors: number;
    /** Per measured reading: first arrival of a stream message showing its sensor at its ts or later, minus publish time. */
    latencyMs: number[];
    messages: number;
    readings: number;
    /** Measured readings never reflected on the stream (within the drain time). */
    unreflected: number;
  }[];
  reconnects: number;
  errors: string[];
}

export type LoadResult = IngestLoadResult | LiveLoadResult;

const valueOf = (sensor: number, i: number) => 0.5 + ((sensor * 31 + i * 17) % 1000) / 1000;
const readingsOf = (p: ReadingPlan, sensor: number, from: number, count: number) =>
  Array.from({ length: count }, (_, k) => ({ ts: new Date(p.tsBase + (from + k) * p.stepMs).toISOString(), value: valueOf(sensor, from + k) }));
const topicOf = (id: string) => `cityops/sensors/${encodeURIComponent(id)}/readings`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function connectAll(url: string, token: string, n: number): Promise<MqttClient[]> {
  const tag = randomBytes(3).toString('hex');
  return Promise.all(
    Array.from({ length: n }, (_, c) =>
      mqtt.connectAsync(url, { clientId: `bench-${tag}-${c}`, username: 'bench', password: token, protocolVersion: 4, clean: true, reconnectPeriod: 500, connectTimeout: 10_000 }),
    ),
  );
}

async function mqttIngest(job: Extract<LoadJob, { kind: 'mqtt-ingest' }>): Promise<IngestLoadResult> {
  const url = new URL(job.mqttUrl);
  const tag = randomBytes(3).toString('hex');
  const clients = await Promise.all(
    Array.from({ length: job.clients }, (_, c) => connectRawPublisher(url.hostname, Number(url.port || 1883), `bench-${tag}-${c}`, 'bench', job.token)),
  );
  // The PUBLISH packets are encoded before the clock starts (bench/mqtt-raw-publisher.ts says why).
  // Client c publishes its sensors in time order: round r carries readings r*K … r*K+K-1 of each.
  const packetsOf = clients.map((_, c) => {
    const mine = job.sensors.map((id, j) => ({ id, j })).filter((x) => x.j % job.clients === c);
    const out: Buffer[] = [];
    for (let from = 0; from < job.perSensor; from += job.perMessage) {
      for (const s of mine) {
        const body = Buffer.from(JSON.stringify(readingsOf(job, s.j, from, Math.min(job.perMessage, job.perSensor - from))));
        out.push(publishPacket(topicOf(s.id), body, (out.length % 65535) + 1));
      }
    }
    return out;
  });
  const errors: string[] = [];
  const t0 = performance.now();
  await Promise.all(clients.map((client, c) => client.run(packetsOf[c]!, job.window).catch((e: unknown) => void errors.push(String(e)))));
  const ms = performance.now() - t0;
  for (const c of clients) c.close();
  const messages = packetsOf.reduce((n, p) => n + p.length, 0);
  return { kind: 'mqtt-ingest', ms, messages, readings: job.sensors.length * job.perSensor, retries: 0, errors };
}

async function httpIngest(job: Extract<LoadJob, { kind: 'http-ingest' }>): Promise<IngestLoadResult> {
  const rounds = Math.ceil(job.perSensor / job.perRequest);
  const total = rounds * job.sensors.length;
  const errors: string[] = [];
  let retries = 0;
  let next = 0;
  const headers = { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' };
  // Encoded before the clock starts, as for MQTT.
  const requests = Array.from({ length: total }, (_, n) => {
    const j = n % job.sensors.length;
    const from = Math.floor(n / job.sensors.length) * job.perRequest;
    return {
      url: `${job.base}/api/sensors/${encodeURIComponent(job.sensors[j]!)}/readings`,
      body: JSON.stringify(readingsOf(job, j, from, Math.min(job.perRequest, job.perSensor - from))),
    };
  });
  // node:http with keep-alive rather than fetch: undici's fetch cost the generator more CPU per
  // request than the server spent storing it, on a machine whose two cores both share.
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const post = (url: string, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const t0 = performance.now();
  const worker = async () => {
    while (next < total) {
      const { url, body } = requests[next++]!;
      for (;;) {
        const res = await post(url, body);
        const text = res.text;
        if (res.status === 200) break;
        if (res.status === 503) {
          // Bounded ingest buffer: back off and resend, as a device would.
          retries++;
          await sleep(20);
          continue;
        }
        if (errors.length < 5) errors.push(`${res.status} ${text.slice(0, 200)}`);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  agent.destroy();
  return { kind: 'http-ingest', ms: performance.now() - t0, messages: total, readings: job.sensors.length * job.perSensor, retries, errors };
}

interface StreamReading {
  sensorId: string;
  ts: string;
}

/** Reads the SSE stream; calls onReadings with the arrival time of the chunk that completed each event. */
async function openStream(base: string, token: string, signal: AbortSignal, onEvent: (event: string, data: string, at: number) => void): Promise<{ done: Promise<void> }> {
  const res = await fetch(`${base}/api/live/stream`, { headers: { authorization: `Bearer ${token}` }, signal });
  if (res.status !== 200 || !res.body) throw new Error(`live stream: ${res.status}`);
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  // Wrapped: an async function returning a bare promise would wait for the stream to end.
  const done = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      const at = performance.now();
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (ev && data) onEvent(ev, data, at);
      }
    }
  })();
  return { done };
}

async function liveLatency(job: Extract<LoadJob, { kind: 'live-latency' }>): Promise<LiveLoadResult> {
  const errors: string[] = [];
  const index = new Map(job.sensors.map((id, j) => [id, j]));
  const ctrl = new AbortController();
  const streams = await Promise.all(
    job.streams.map(async (def) => {
      const visible = new Set((def.sensors ?? job.sensors).map((id) => index.get(id)!));
      const st = {
        def, visible, hello: false, messages: 0, readings: 0, latencyMs: [] as number[],
        // Per sensor, the published readings not yet reflected on this stream, in ts order.
        waiting: job.sensors.map(() => [] as { ts: number; at: number; measured: boolean }[]),
        pump: Promise.resolve(),
      };
      st.pump = (await openStream(job.base, def.token, ctrl.signal, (event, data, at) => {
        if (event === 'hello') st.hello = true;
        if (event !== 'readings') return;
        st.messages++;
        const m = JSON.parse(data) as { readings: StreamReading[] };
        for (const r of m.readings) {
          const j = index.get(r.sensorId);
          if (j === undefined) continue;
          st.readings++;
          if (!st.visible.has(j)) {
            if (errors.length < 5) errors.push(`${def.name} stream showed ${r.sensorId}, which it may not see`);
            continue;
          }
          const ts = Date.parse(r.ts);
          const q = st.waiting[j]!;
          // This message shows the sensor at `ts`: every reading of it up to `ts` is now on screen.
          let k = 0;
          while (k < q.length && q[k]!.ts <= ts) {
            if (q[k]!.measured) st.latencyMs.push(at - q[k]!.at);
            k++;
          }
          if (k) q.splice(0, k);
        }
      })).done;
      return st;
    }),
  );
  const helloBy = Date.now() + 10_000;
  while (!streams.every((st) => st.hello)) {
    if (Date.now() > helloBy) throw new Error('no hello on the live stream');
    await sleep(10);
  }
  const clients = await connectAll(job.mqttUrl, job.token, job.clients);
  let reconnects = 0;
  for (const c of clients) c.on('reconnect', () => reconnects++);
  const pubackMs: number[] = [];
  const lastTs = new Array<number>(job.sensors.length).fill(0);
  let published = 0;
  let measured = 0;
  let maxLag = 0;
  const total = Math.round(job.rate * (job.warmupSeconds + job.seconds));
  const warmupCount = Math.round(job.rate * job.warmupSeconds);
  const t0 = performance.now();
  // Steady schedule: message m is due at t0 + m / rate; each tick publishes whatever is due.
  while (published < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - t0) / 1000) * job.rate) + 1);
    if (due > published) maxLag = Math.max(maxLag, now - (t0 + (published / job.rate) * 1000));
    while (published < due) {
      const m = published++;
      const j = m % job.sensors.length;
      // Distinct, increasing timestamps per sensor even when a late tick publishes a burst.
      const ts = Math.max(Date.now(), lastTs[j]! + 1);
      lastTs[j] = ts;
      const isMeasured = m >= warmupCount;
      if (isMeasured) measured++;
      const at = performance.now();
      for (const st of streams) if (st.visible.has(j)) st.waiting[j]!.push({ ts, at, measured: isMeasured });
      const client = clients[m % clients.length]!;
      client.publish(topicOf(job.sensors[j]!), JSON.stringify({ ts: new Date(ts).toISOString(), value: valueOf(j, m) }), { qos: 1 }, (err) => {
        if (err && errors.length < 5) errors.push(String(err));
        else if (isMeasured) pubackMs.push(performance.now() - at);
      });
    }
    await sleep(2);
  }
  const elapsed = (performance.now() - t0) / 1000;
  // Drain: wait until every measured reading was reflected on every stream (or 15 s).
  const drainBy = Date.now() + 15_000;
  const pending = (st: (typeof streams)[number]) => st.waiting.reduce((n, q) => n + q.filter((x) => x.measured).length, 0);
  while (streams.some((st) => pending(st) > 0) && Date.now() < drainBy) await sleep(50);
  while (pubackMs.length < measured && Date.now() < drainBy) await sleep(50);
  ctrl.abort();
  await Promise.all(streams.map((st) => st.pump));
  await Promise.all(clients.map((c) => c.endAsync()));
  return {
    kind: 'live-latency', published, measured, achievedRate: published / elapsed, maxScheduleLagMs: maxLag, pubackMs, reconnects, errors,
    streams: streams.map((st) => ({
      name: st.def.name, sensors: st.visible.size, latencyMs: st.latencyMs, messages: st.messages, readings: st.readings, unreflected: pending(st),
    })),
  };
}

const job = workerData as LoadJob | undefined;
if (job && parentPort) {
  const result = job.kind === 'mqtt-ingest' ? await mqttIngest(job) : job.kind === 'http-ingest' ? await httpIngest(job) : await liveLatency(job);
  parentPort.postMessage(result);
}
