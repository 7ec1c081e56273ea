// Load generator of the overload fault test (sensors-overload.int.test.ts), run in worker
// threads so that publishing does not share the test's event loop (ideas from
// bench/sensor-load.worker.ts). For `seconds` it offers reading arrays as fast as the channel
// lets it: MQTT QoS 1 clients keep a window of unacknowledged messages; HTTP posts arrays on a
// fixed schedule (open loop) whatever the answers (200 or 503). Then it stops offering,
// waits for the outstanding acknowledgements and reports what was offered and acknowledged.
import { parentPort, workerData } from 'node:worker_threads';
import mqtt, { type MqttClient } from 'mqtt';

export interface OverloadJob {
  kind: 'mqtt' | 'http';
  /** mqtt://… or http://… */
  url: string;
  token: string;
  /** One sensor (with a value inside its valid range) per slot, slot = client index. */
  slots: { sensorId: string; value: number; tsBase: number }[];
  perMessage: number;
  /** MQTT: unacknowledged messages per client. HTTP: most requests unanswered at a time. */
  window: number;
  /** HTTP: readings per second to offer (open loop). MQTT: ignored (as fast as the window allows). */
  ratePerSecond: number;
  seconds: number;
  /** After the load, how long to wait for outstanding acknowledgements. */
  drainSeconds: number;
}

/** Per slot: the first reading number of every acknowledged message (readings i … i+perMessage-1). */
export interface OverloadResult {
  kind: 'mqtt' | 'http';
  offeredReadings: number;
  /** Readings offered during the load period only, and how long it lasted (ms). */
  loadMs: number;
  acked: { sensorId: string; tsBase: number; starts: number[] }[];
  refused503: number;
  /** Retry-After present and numeric on every 503. */
  retryAfterOk: boolean;
  otherStatus: string[];
  unacknowledgedAtEnd: number;
  errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const body = (slot: OverloadJob['slots'][number], from: number, n: number) =>
  JSON.stringify(Array.from({ length: n }, (_, k) => ({ ts: new Date(slot.tsBase + from + k).toISOString(), value: slot.value })));

async function runMqtt(job: OverloadJob): Promise<OverloadResult> {
  const errors: string[] = [];
  const clients: MqttClient[] = await Promise.all(
    job.slots.map((_, c) => mqtt.connectAsync(job.url, { clientId: `overload-${process.pid}-${c}-${Date.now()}`, username: 'overload', password: job.token, protocolVersion: 4, reconnectPeriod: 500, connectTimeout: 10_000 })),
  );
  for (const c of clients) c.on('error', (e) => errors.length < 5 && errors.push(String(e)));
  let offered = 0;
  let stop = false;
  let outstanding = 0;
  const acked = job.slots.map((s) => ({ sensorId: s.sensorId, tsBase: s.tsBase, starts: [] as number[] }));
  const t0 = performance.now();
  clients.forEach((client, c) => {
    const slot = job.slots[c]!;
    let next = 0;
    let inflight = 0;
    const pump = () => {
      while (!stop && inflight < job.window) {
        const from = next;
        next += job.perMessage;
        inflight++;
        outstanding++;
        offered += job.perMessage;
        client.publish(`cityops/sensors/${encodeURIComponent(slot.sensorId)}/readings`, body(slot, from, job.perMessage), { qos: 1 }, (err) => {
          inflight--;
          outstanding--;
          if (err) {
            if (errors.length < 5) errors.push(String(err));
          } else acked[c]!.starts.push(from);
          pump();
        });
      }
    };
    pump();
  });
  await sleep(job.seconds * 1000);
  stop = true;
  const loadMs = performance.now() - t0;
  const offeredReadings = offered;
  const until = Date.now() + job.drainSeconds * 1000;
  while (outstanding > 0 && Date.now() < until) await sleep(50);
  const unacknowledgedAtEnd = outstanding;
  await Promise.all(clients.map((c) => c.endAsync(true)));
  return { kind: 'mqtt', offeredReadings, loadMs, acked, refused503: 0, retryAfterOk: true, otherStatus: [], unacknowledgedAtEnd, errors };
}

async function runHttp(job: OverloadJob): Promise<OverloadResult> {
  const errors: string[] = [];
  const otherStatus: string[] = [];
  const headers = { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' };
  let offered = 0;
  let refused503 = 0;
  let retryAfterOk = true;
  let outstanding = 0;
  const next = job.slots.map(() => 0);
  const acked = job.slots.map((s) => ({ sensorId: s.sensorId, tsBase: s.tsBase, starts: [] as number[] }));
  const send = async (c: number) => {
    const slot = job.slots[c]!;
    const from = next[c]!;
    next[c]! += job.perMessage;
    offered += job.perMessage;
    outstanding++;
    try {
      const res = await fetch(`${job.url}/api/sensors/${encodeURIComponent(slot.sensorId)}/readings`, { method: 'POST', headers, body: body(slot, from, job.perMessage) });
      const text = await res.text();
      if (res.status === 200) {
        const r = JSON.parse(text) as { stored: number; duplicates: number };
        if (r.stored + r.duplicates !== job.perMessage && otherStatus.length < 5) otherStatus.push(`200 with ${text.slice(0, 200)}`);
        acked[c]!.starts.push(from);
      } else if (res.status === 503) {
        refused503++;
        if (!/^\d+$/.test(res.headers.get('retry-after') ?? '')) retryAfterOk = false;
      } else if (otherStatus.length < 5) otherStatus.push(`${res.status} ${text.slice(0, 200)}`);
    } catch (e) {
      if (errors.length < 5) errors.push(String(e));
    } finally {
      outstanding--;
    }
  };
  // Open loop: requests go out on a fixed schedule whether or not earlier ones were answered
  // (devices that ignore Retry-After), at most job.window of them unanswered at a time.
  const t0 = performance.now();
  let sent = 0;
  let n = 0;
  const inFlight = new Set<Promise<void>>();
  while (performance.now() - t0 < job.seconds * 1000) {
    const due = Math.floor(((performance.now() - t0) / 1000) * (job.ratePerSecond / job.perMessage)) + 1;
    while (sent < due) {
      sent++;
      if (outstanding >= job.window) continue; // skipped, not offered: measured honestly below
      const p = send(n++ % job.slots.length);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await sleep(5);
  }
  const loadMs = performance.now() - t0;
  const offeredReadings = offered;
  await Promise.race([Promise.all(inFlight), sleep(job.drainSeconds * 1000)]);
  return { kind: 'http', offeredReadings, loadMs, acked, refused503, retryAfterOk, otherStatus, unacknowledgedAtEnd: outstanding, errors };
}

const job = workerData as OverloadJob | undefined;
if (job && parentPort) parentPort.postMessage(job.kind === 'mqtt' ? await runMqtt(job) : await runHttp(job));
