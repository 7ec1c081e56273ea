// Sensors, readings and ingest status, shared by the server (sensors module, and the alerts /
// live modules that consume readings) and the web client (sensor pages, ingest status).
// TypeBox schemas of the responses (the server's route schemas) with their static types.
import { Type, type Static } from 'typebox';
import { lit, Nullable } from './schema.ts';

/** Sensor types and their main metric and unit; a payload with a single `value` stores that metric. */
export const SENSOR_TYPES = ['water_level', 'rainfall', 'pm25', 'noise', 'traffic_count', 'fire_alarm', 'camera_status'] as const;
export type SensorType = (typeof SENSOR_TYPES)[number];

export interface SensorTypeInfo {
  /** Metric stored when the payload carries a single `value`. */
  metric: string;
  unit: string;
  titleVi: string;
  titleEn: string;
  /** Which side of the thresholds is bad: 'above' (value >= threshold) or 'below' (value <= threshold). */
  worse: 'above' | 'below';
}

export const SENSOR_TYPE_INFO: Record<SensorType, SensorTypeInfo> = {
  water_level: { metric: 'water_level', unit: 'm', titleVi: 'Mực nước / triều', titleEn: 'Water level / tide', worse: 'above' },
  rainfall: { metric: 'rainfall', unit: 'mm', titleVi: 'Lượng mưa', titleEn: 'Rainfall', worse: 'above' },
  pm25: { metric: 'pm25', unit: 'µg/m³', titleVi: 'Bụi mịn PM2.5', titleEn: 'PM2.5', worse: 'above' },
  noise: { metric: 'noise', unit: 'dBA', titleVi: 'Tiếng ồn', titleEn: 'Noise', worse: 'above' },
  traffic_count: { metric: 'traffic_count', unit: 'vehicles/5 min', titleVi: 'Lưu lượng xe', titleEn: 'Traffic count', worse: 'above' },
  fire_alarm: { metric: 'fire_alarm', unit: '0/1', titleVi: 'Báo cháy', titleEn: 'Fire alarm', worse: 'above' },
  camera_status: { metric: 'camera_status', unit: '1 online / 0 offline', titleVi: 'Trạng thái camera', titleEn: 'Camera status', worse: 'below' },
};

/** A sensor's state from its latest reading: over alarm / warn threshold, silent (no data lately), or ok. */
export const SENSOR_STATES = ['ok', 'warn', 'alarm', 'silent', 'unknown'] as const;
export type SensorState = (typeof SENSOR_STATES)[number];

/** One stored reading, as carried by the `sensor.readings` event (emitted after commit, new readings only). */
export interface SensorReadingEvent {
  sensorId: string;
  sensorType: string;
  metric: string;
  /** ISO-8601 timestamp of the measurement. */
  ts: string;
  value: number;
  /** Codes of the areas (today's units, any level) containing the sensor, e.g. ['79', '27475']. */
  areaCodes: string[];
}

/** Payload of the `sensor.readings` event on ctx.events. */
export interface SensorReadingsBatch {
  readings: SensorReadingEvent[];
}

/** What a device sends (MQTT topic cityops/sensors/{sensorId}/readings or POST /api/sensors/{sensorId}/readings). */
export type SensorReadingPayloadItem = { ts?: string; value: number } | { ts?: string; values: Record<string, number> };
export type SensorReadingPayload = SensorReadingPayloadItem | SensorReadingPayloadItem[];

export const LatestValueSchema = Type.Object({ metric: Type.String(), ts: Type.String(), value: Type.Number() });
export type LatestValue = Static<typeof LatestValueSchema>;

/** GET /api/sensors items. */
export const SensorSchema = Type.Object({
  /** Record id in the `sensors` dataset. */
  recordId: Type.Integer({ description: 'record id in the sensors dataset' }),
  sensorId: Type.String(),
  name: Type.String(),
  type: Type.String(),
  unit: Nullable(Type.String()),
  status: Nullable(Type.String()),
  minValid: Nullable(Type.Number()),
  maxValid: Nullable(Type.Number()),
  warnThreshold: Nullable(Type.Number()),
  alarmThreshold: Nullable(Type.Number()),
  installedOn: Nullable(Type.String()),
  /** [lon, lat] or null. */
  coordinates: Nullable(Type.Tuple([Type.Number(), Type.Number()])),
  /** Today's areas containing the sensor (codes, e.g. ['79', '27475']), and the ward's code and name. */
  areaCodes: Type.Array(Type.String()),
  wardCode: Nullable(Type.String()),
  wardName: Nullable(Type.String()),
  latest: Type.Array(LatestValueSchema),
  /** Latest reading time over all metrics. */
  lastSeen: Nullable(Type.String()),
  state: lit(SENSOR_STATES),
});
export type Sensor = Static<typeof SensorSchema>;

export const SensorListSchema = Type.Object({
  items: Type.Array(SensorSchema),
  /** Minutes without data after which a sensor is "silent". */
  silentAfterMinutes: Type.Number({ description: 'minutes without data after which a sensor is silent' }),
});
export type SensorList = Static<typeof SensorListSchema>;

export type SeriesInterval = 'raw' | '1m' | '1h';

export const SeriesPointSchema = Type.Object({
  ts: Type.String(),
  value: Type.Number(),
  /** Aggregated intervals only. */
  count: Type.Optional(Type.Number()),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
});
export type SeriesPoint = Static<typeof SeriesPointSchema>;

/** GET /api/sensors/{sensorId}/readings */
export const SensorSeriesSchema = Type.Object({
  sensorId: Type.String(),
  metric: Type.String(),
  interval: lit(['raw', '1m', '1h'] as const),
  from: Type.String(),
  to: Type.String(),
  points: Type.Array(SeriesPointSchema),
});
export type SensorSeries = Static<typeof SensorSeriesSchema>;

/** GET /api/sensors/aggregate: one series per area (value = average, plus min/max/count). */
export const SensorAggregateSchema = Type.Object({
  type: Nullable(Type.String()),
  metric: Type.String(),
  interval: lit(['1m', '1h'] as const),
  from: Type.String(),
  to: Type.String(),
  areas: Type.Array(Type.Object({ areaCode: Type.String(), areaName: Nullable(Type.String()), sensors: Type.Number(), points: Type.Array(SeriesPointSchema) })),
});
export type SensorAggregate = Static<typeof SensorAggregateSchema>;

export type IngestChannel = 'mqtt' | 'http';

export interface IngestCounters {
  received: number;
  stored: number;
  duplicates: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

/** GET /api/sensors/ingest-status */
export interface IngestStatus {
  /** Since this process started. */
  since: string;
  total: IngestCounters;
  byChannel: Record<IngestChannel, IngestCounters>;
  lastMinute: IngestCounters;
  lastHour: IngestCounters;
  /** Durable dead-letter counts from the database (all processes). */
  deadLetters: { total: number; lastHour: number; byReason: Record<string, number> };
  recentDeadLetters: DeadLetter[];
  mqtt: { mode: 'embedded' | 'external' | 'disabled'; port: number | null; url: string | null; connected: boolean; clients: number };
  simulator: { running: boolean; tickSeconds: number | null };
  queue: IngestQueue;
}

/** The bounded in-memory ingest buffer of this process (readings and dead letters waiting for their commit). */
export interface IngestQueue {
  /** Queued plus in the commits in flight; never above `max`. */
  depth: number;
  /** SENSOR_MAX_PENDING_READINGS */
  max: number;
  /** In the commits in flight (kept and retried while the database is unreachable). */
  inFlight: number;
  /** Commits in flight now, and the most at once since start (at most SENSOR_COMMITS_IN_FLIGHT). */
  commits: number;
  peakCommits: number;
  /** SENSOR_COMMITS_IN_FLIGHT */
  maxCommits: number;
  /** MQTT messages held without PUBACK until the buffer has room. */
  waiting: number;
  /** Highest depth since start. */
  peakDepth: number;
  /** database_down: commits fail with connection errors and are retried; full: new messages wait or get 503. */
  state: 'ok' | 'full' | 'database_down';
  databaseDownSince: string | null;
  lastDatabaseError: string | null;
  /** Commit attempts retried since start. */
  retries: number;
  /** HTTP requests answered 503 and MQTT messages refused because the buffer was full, since start. */
  refusedFull: number;
  /** Most readings in one commit (SENSOR_BATCH_MAX_READINGS). */
  batchMaxReadings: number;
}

export interface DeadLetter {
  id: number;
  receivedAt: string;
  channel: IngestChannel;
  topic: string;
  sensorId: string | null;
  payload: string;
  reason: string;
}

/** Rejection reasons (dead letters). */
export const DEAD_LETTER_REASONS = ['unknown_sensor', 'bad_json', 'bad_payload', 'not_a_number', 'out_of_range', 'future_timestamp', 'bad_timestamp', 'unknown_metric', 'nul_byte', 'refused_by_database', 'not_bound'] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];
