// The live hub: one SSE connection per screen. Readings are batched per client (latest value
// per sensor and metric): sent at once when the last send is at least the interval old (leading
// edge, so a quiet city sees no added delay), otherwise at the end of the interval (trailing edge,
// so a busy one still gets one message per interval). Alert and incident changes are pushed at
// once. Officers only receive what lies in their areas or concerns their unit.
import type { ServerResponse } from 'node:http';
import type { LiveMessage, LiveReading } from '../../../../shared/contracts/alerts.ts';
import type { AppContext } from '../../platform/context.ts';
import { SseHub, type SseStream } from '../../platform/sse.ts';
import { readModuleSettings } from '../../config.ts';
import { canSeeArea, type Visibility } from '../alerts/index.ts';
import { canSeeIncident } from '../incidents/index.ts';
// The typed `sensor.readings` event is declared by the sensors module.
import '../sensors/index.ts';

export interface LiveSettings {
  readingsIntervalMs: number;
  heartbeatSeconds: number;
}

export function readLiveSettings(ctx: AppContext): LiveSettings {
  return readModuleSettings(ctx.config, (env) => ({
    readingsIntervalMs: env.int('LIVE_READINGS_INTERVAL_MS', 250, 50, 60_000),
    heartbeatSeconds: env.int('LIVE_HEARTBEAT_SECONDS', 15, 1, 300),
  }));
}

interface Client {
  stream: SseStream;
  user: string;
  visibility: Visibility;
  pending: Map<string, LiveReading>;
}

export function createLiveHub(ctx: AppContext) {
  const settings = readLiveSettings(ctx);
  const clients = new Set<Client>();
  const sse = new SseHub({ heartbeatMs: settings.heartbeatSeconds * 1000, now: () => ctx.clock.now() });
  let flushTimer: NodeJS.Timeout | null = null;
  /** performance.now() of the last send: the interval is elapsed time, not the time of day. */
  let lastFlush = Number.NEGATIVE_INFINITY;

  function send(c: Client, m: LiveMessage) {
    c.stream.send({ event: m.type, data: m });
  }

  function flush() {
    flushTimer = null;
    lastFlush = performance.now();
    for (const c of clients) {
      if (!c.pending.size) continue;
      const readings = [...c.pending.values()];
      c.pending.clear();
      send(c, { type: 'readings', readings });
    }
  }

  /** Schedules the next send: right away (next tick) if the interval has passed, else when it has. */
  function scheduleFlush() {
    if (flushTimer) return;
    flushTimer = setTimeout(flush, Math.max(0, lastFlush + settings.readingsIntervalMs - performance.now()));
  }

  function ensureTimers() {
    if (!clients.size && flushTimer) {
      clearTimeout(flushTimer);
      flushTimer = null;
    }
  }

  const offs = [
    ctx.events.on('sensor.readings', ({ readings }) => {
      if (!clients.size) return;
      let queued = false;
      for (const c of clients) {
        for (const r of readings) {
          if (!c.visibility.all && !r.areaCodes.some((a) => c.visibility.areaCodes.includes(a))) continue;
          const k = `${r.sensorId}|${r.metric}`;
          const prev = c.pending.get(k);
          if (!prev || prev.ts <= r.ts) c.pending.set(k, r);
          queued = true;
        }
      }
      if (queued) scheduleFlush();
    }),
    ctx.events.on('alert.changed', ({ change, alert }) => {
      for (const c of clients) if (canSeeArea(c.visibility, alert.areaCode)) send(c, { type: 'alert', change, alert });
    }),
    ctx.events.on('incident.changed', ({ change, incident }) => {
      for (const c of clients) if (canSeeIncident(c.visibility, incident)) send(c, { type: 'incident', change, incident });
    }),
  ];

  return {
    /** Starts streaming to an HTTP response that the caller handed over (hijacked). */
    attach(res: ServerResponse, user: string, visibility: Visibility) {
      const stream = sse.open(res, { retryMs: 3000 });
      if (stream.closed) return;
      const c: Client = { stream, user, visibility, pending: new Map() };
      clients.add(c);
      send(c, { type: 'hello', at: ctx.clock.now().toISOString(), user });
      stream.onClose(() => {
        clients.delete(c);
        ensureTimers();
      });
    },
    clientCount: () => clients.size,
    close() {
      for (const off of offs) off();
      sse.close();
      clients.clear();
      ensureTimers();
    },
  };
}
export type LiveHub = ReturnType<typeof createLiveHub>;
