// Reads of the sensors module: the sensor list with latest values and state, one sensor's
// series (raw or aggregated), aggregation by area, and the ingest status.
import type { AppContext } from '../../platform/context.ts';
import { isConnectionError } from '../../platform/db/connection-errors.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import {
  SENSOR_TYPE_INFO,
  type IngestStatus,
  type LatestValue,
  type Sensor,
  type SensorAggregate,
  type SensorSeries,
  type SensorState,
  type SensorType,
  type SeriesInterval,
  type SeriesPoint,
} from '../../../../shared/contracts/sensors.ts';
import { IngestPipeline, IngestStats, SensorDirectory } from './ingest.ts';
import type { MqttIngest } from './mqtt.ts';
import { sensorsRepository, type SensorRow, type SensorsRepository } from './sensors.repository.ts';
import { readSensorSettings, type SensorSettings } from './sensors.settings.ts';
import type { Simulator } from './simulator.ts';

const MAX_POINTS = 20_000;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** State from the main metric's latest value and the thresholds; silent when nothing came lately. */
export function sensorState(type: string, latest: LatestValue[], warn: number | null, alarm: number | null, now: Date, silentMinutes: number): SensorState {
  const info = SENSOR_TYPE_INFO[type as SensorType];
  if (!latest.length) return 'unknown';
  const last = Math.max(...latest.map((l) => Date.parse(l.ts)));
  if (now.getTime() - last > silentMinutes * 60_000) return 'silent';
  const main = latest.find((l) => l.metric === (info?.metric ?? 'value'));
  if (!main) return 'ok';
  const bad = (threshold: number | null) => threshold !== null && (info?.worse === 'below' ? main.value <= threshold : main.value >= threshold);
  if (bad(alarm)) return 'alarm';
  if (bad(warn)) return 'warn';
  return 'ok';
}

export interface SensorsRuntime {
  settings: SensorSettings;
  repo: SensorsRepository;
  pipeline: IngestPipeline;
  mqtt: MqttIngest | null;
  simulator: Simulator | null;
}

/** The sensors runtime of an application: its settings, repository and the one ingest pipeline that HTTP and MQTT share. */
export function createSensorsRuntime(ctx: AppContext): SensorsRuntime {
  const settings = readSensorSettings(ctx.config);
  const repo = sensorsRepository(ctx.db.kysely);
  const directory = new SensorDirectory(repo, () => ctx.clock.now().toISOString().slice(0, 10));
  const pipeline = new IngestPipeline(ctx, repo, settings, directory, new IngestStats(ctx.clock.now()));
  return { settings, repo, pipeline, mqtt: null, simulator: null };
}

function parseTime(v: string | undefined, name: string, dflt: Date): Date {
  if (!v) return dflt;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw badRequest(`${name} must be an ISO-8601 date or date-time (got "${v}")`);
  return d;
}

export function createSensorsService(ctx: AppContext, rt: SensorsRuntime) {
  const today = () => ctx.clock.now().toISOString().slice(0, 10);
  type DeadLetterFigures = { dl: Awaited<ReturnType<SensorsRepository['deadLetterCounts']>>; recent: Awaited<ReturnType<SensorsRepository['recentDeadLetters']>> };
  let lastDeadLetters: DeadLetterFigures | undefined;

  function toSensor(r: SensorRow, latest: LatestValue[], now: Date): Sensor {
    const type = String(r.props.type ?? '');
    const warn = num(r.props.warn_threshold);
    const alarm = num(r.props.alarm_threshold);
    const lastSeen = latest.length ? new Date(Math.max(...latest.map((l) => Date.parse(l.ts)))).toISOString() : null;
    return {
      recordId: r.record_id,
      sensorId: r.sensor_id,
      name: String(r.props.name ?? r.sensor_id),
      type,
      unit: str(r.props.unit) ?? SENSOR_TYPE_INFO[type as SensorType]?.unit ?? null,
      status: str(r.props.status),
      minValid: num(r.props.min_valid),
      maxValid: num(r.props.max_valid),
      warnThreshold: warn,
      alarmThreshold: alarm,
      installedOn: str(r.props.installed_on),
      coordinates: r.lon !== null && r.lat !== null ? [r.lon, r.lat] : null,
      areaCodes: r.area_codes,
      wardCode: r.ward_code,
      wardName: r.ward_name,
      latest,
      lastSeen,
      state: sensorState(type, latest, warn, alarm, now, rt.settings.silentMinutes),
    };
  }

  async function listSensors(filter: { type?: string; area?: string; state?: string } = {}): Promise<Sensor[]> {
    const rows = await rt.repo.listSensors(today());
    const latest = await rt.repo.latest();
    const byId = new Map<string, LatestValue[]>();
    for (const l of latest) {
      const list = byId.get(l.sensor_id) ?? [];
      list.push({ metric: l.metric, ts: new Date(l.ts).toISOString(), value: l.value });
      byId.set(l.sensor_id, list);
    }
    const now = ctx.clock.now();
    return rows
      .map((r) => toSensor(r, byId.get(r.sensor_id) ?? [], now))
      .filter((s) => (!filter.type || s.type === filter.type) && (!filter.area || s.areaCodes.includes(filter.area)) && (!filter.state || s.state === filter.state));
  }

  async function getSensor(sensorId: string): Promise<Sensor> {
    const s = (await listSensors()).find((x) => x.sensorId === sensorId);
    if (!s) throw notFound(`sensor ${sensorId}`);
    return s;
  }

  function pickInterval(requested: SeriesInterval | undefined, from: Date, to: Date): SeriesInterval {
    if (requested) return requested;
    const span = to.getTime() - from.getTime();
    return span <= 86_400_000 ? 'raw' : span <= 3 * 86_400_000 ? '1m' : '1h';
  }

  return {
    silentMinutes: rt.settings.silentMinutes,
    listSensors,
    getSensor,

    async series(sensorId: string, q: { from?: string; to?: string; interval?: SeriesInterval; metric?: string }): Promise<SensorSeries> {
      const sensor = await getSensor(sensorId);
      const to = parseTime(q.to, 'to', ctx.clock.now());
      const from = parseTime(q.from, 'from', new Date(to.getTime() - 86_400_000));
      if (from >= to) throw badRequest('"from" must be before "to"');
      const metric = q.metric ?? SENSOR_TYPE_INFO[sensor.type as SensorType]?.metric ?? sensor.latest[0]?.metric ?? 'value';
      const interval = pickInterval(q.interval, from, to);
      let points: SeriesPoint[];
      if (interval === 'raw') {
        points = (await rt.repo.rawSeries(sensorId, metric, from, to, MAX_POINTS)).map((r) => ({ ts: new Date(r.ts).toISOString(), value: r.value }));
      } else {
        points = (await rt.repo.aggSeries([sensorId], metric, interval, from, to, MAX_POINTS)).map((r) => ({
          ts: new Date(r.bucket).toISOString(), value: r.avg, count: r.count, min: r.min, max: r.max,
        }));
      }
      return { sensorId, metric, interval, from: from.toISOString(), to: to.toISOString(), points };
    },

    async aggregate(q: { type?: string; area?: string; metric?: string; from?: string; to?: string; interval?: '1m' | '1h' }): Promise<SensorAggregate> {
      const to = parseTime(q.to, 'to', ctx.clock.now());
      const from = parseTime(q.from, 'from', new Date(to.getTime() - 86_400_000));
      if (from >= to) throw badRequest('"from" must be before "to"');
      const interval = q.interval ?? '1h';
      const metric = q.metric ?? (q.type ? SENSOR_TYPE_INFO[q.type as SensorType]?.metric : undefined);
      if (!metric) throw badRequest('give "type" (one of the sensor types) or "metric"');
      const sensors = (await listSensors({ ...(q.type ? { type: q.type } : {}), ...(q.area ? { area: q.area } : {}) })).filter(
        (s) => !q.type || s.type === q.type,
      );
      // One group per requested area, or per today's ward when no area is given.
      const groups = new Map<string, { name: string | null; ids: string[] }>();
      for (const s of sensors) {
        const code = q.area ?? s.wardCode;
        if (!code) continue;
        const g = groups.get(code) ?? { name: q.area ? (q.area === s.wardCode ? s.wardName : null) : s.wardName, ids: [] };
        g.ids.push(s.sensorId);
        groups.set(code, g);
      }
      if (q.area && !groups.size) groups.set(q.area, { name: null, ids: [] });
      const areas: SensorAggregate['areas'] = [];
      for (const [code, g] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
        const rows = g.ids.length ? await rt.repo.aggSeries(g.ids, metric, interval, from, to, MAX_POINTS) : [];
        areas.push({
          areaCode: code,
          areaName: g.name,
          sensors: g.ids.length,
          points: rows.map((r) => ({ ts: new Date(r.bucket).toISOString(), value: r.avg, count: r.count, min: r.min, max: r.max })),
        });
      }
      return { type: q.type ?? null, metric, interval, from: from.toISOString(), to: to.toISOString(), areas };
    },

    async ingestStatus(): Promise<IngestStatus> {
      const stats = rt.pipeline.stats;
      // The page must stay readable while the database is down (that is when it matters): the
      // queue is in memory; the dead-letter figures are the last ones read.
      let dl = lastDeadLetters?.dl;
      let recent = lastDeadLetters?.recent;
      try {
        dl = await rt.repo.deadLetterCounts(new Date(ctx.clock.now().getTime() - 3_600_000));
        recent = await rt.repo.recentDeadLetters(20);
        lastDeadLetters = { dl, recent };
      } catch (e) {
        if (!isConnectionError(e)) throw e;
        dl ??= { total: 0, last_hour: 0, by_reason: {} };
        recent ??= [];
      }
      const m = rt.mqtt;
      return {
        since: stats.since.toISOString(),
        total: stats.total,
        byChannel: stats.byChannel,
        lastMinute: stats.lastMinute(),
        lastHour: stats.lastHour(),
        deadLetters: { total: dl.total, lastHour: dl.last_hour, byReason: dl.by_reason },
        recentDeadLetters: recent.map((d) => ({
          id: Number(d.id), receivedAt: new Date(d.received_at).toISOString(), channel: d.channel, topic: d.topic, sensorId: d.sensor_id,
          payload: d.payload.length > 500 ? `${d.payload.slice(0, 500)}…` : d.payload, reason: d.reason,
        })),
        mqtt: m
          ? { mode: m.mode, port: m.port, url: m.url, connected: m.connected(), clients: m.clients() }
          : { mode: 'disabled', port: null, url: null, connected: false, clients: 0 },
        simulator: { running: !!rt.simulator?.running(), tickSeconds: rt.simulator?.tickSeconds ?? null },
        queue: rt.pipeline.queueState(),
      };
    },
  };
}

export type SensorsService = ReturnType<typeof createSensorsService>;
