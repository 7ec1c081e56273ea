// Environment variables of the sensors module (documented in .env.example).
import { readModuleSettings, type Config } from '../../config.ts';

export interface SensorSettings {
  /** `strict`: devices send only for sensors bound to them; `open`: also for unbound sensors. */
  deviceBinding: 'strict' | 'open';
  /** Embedded broker port; 0 disables it. Ignored when mqttUrl is set. */
  mqttPort: number;
  mqttHost: string;
  /** External broker (mqtt://, mqtts://); cityops subscribes with a shared subscription. */
  mqttUrl: string | undefined;
  mqttUsername: string | undefined;
  mqttPassword: string | undefined;
  mqttClientId: string | undefined;
  /** Shared-subscription group name ($share/<group>/...). */
  mqttShareGroup: string;
  /** Connections to the external broker sharing the subscription (each handles one message at a time). */
  mqttConnections: number;
  /** Clean session on the external broker (false: a persistent session keeps unacknowledged readings across restarts). */
  mqttCleanSession: boolean;
  simulator: boolean;
  simulatorTickSeconds: number;
  rawRetentionDays: number;
  minuteRetentionDays: number;
  hourRetentionDays: number;
  deadLetterRetentionDays: number;
  /** Readings whose ts is further than this in the future are rejected. */
  maxFutureSeconds: number;
  /** A sensor without data for this long is "silent". */
  silentMinutes: number;
  /** An idle pipeline commits at once when this many readings are queued (else after batchMaxWaitMs). */
  batchStartReadings: number;
  /** Most readings in one commit: while a commit is in flight the next batch grows up to this. */
  batchMaxReadings: number;
  batchMaxWaitMs: number;
  /**
   * Commits in flight at once. On PostgreSQL a second commit overlaps the first (the server
   * prepares and acknowledges one batch while the database writes the other); the embedded
   * engine runs one statement at a time in this process, so there it stays 1.
   */
  commitsInFlight: number;
  /**
   * Bound of the in-memory buffer (readings queued plus the commit in flight). When full, HTTP
   * gets 503 + Retry-After and MQTT messages are held without PUBACK until there is room.
   */
  maxPendingReadings: number;
  /** MQTT messages held waiting for room beyond which further ones are refused (connection dropped, no PUBACK). */
  maxWaitingMessages: number;
}

function deviceBinding(v: string, problem: (m: string) => void): 'strict' | 'open' {
  if (v === 'strict' || v === 'open') return v;
  problem(`SENSOR_DEVICE_BINDING must be strict or open (got "${v}")`);
  return 'strict';
}

export function readSensorSettings(config: Config): SensorSettings {
  return readModuleSettings(config, (env) => ({
    mqttPort: env.int('MQTT_PORT', 1883, 0, 65535),
    mqttHost: env.str('MQTT_HOST', '127.0.0.1'),
    mqttUrl: env.optional('MQTT_URL'),
    mqttUsername: env.optional('MQTT_USERNAME'),
    mqttPassword: env.optional('MQTT_PASSWORD'),
    mqttClientId: env.optional('MQTT_CLIENT_ID'),
    mqttShareGroup: env.str('MQTT_SHARE_GROUP', 'cityops'),
    mqttConnections: env.int('MQTT_CONNECTIONS', 4, 1, 64),
    mqttCleanSession: env.bool('MQTT_CLEAN_SESSION', false),
    // The simulator is part of the demo start, but tests ask for it explicitly.
    simulator: env.bool('SENSOR_SIMULATOR', config.demo && !process.env.VITEST),
    deviceBinding: deviceBinding(env.str('SENSOR_DEVICE_BINDING', config.demo ? 'open' : 'strict'), env.problem),
    simulatorTickSeconds: env.int('SENSOR_SIMULATOR_TICK_SECONDS', 5, 1, 3600),
    rawRetentionDays: env.int('SENSOR_RAW_RETENTION_DAYS', 30, 1, 3650),
    minuteRetentionDays: env.int('SENSOR_1M_RETENTION_DAYS', 180, 1, 3650),
    hourRetentionDays: env.int('SENSOR_1H_RETENTION_DAYS', 1826, 1, 36500),
    deadLetterRetentionDays: env.int('SENSOR_DEAD_LETTER_RETENTION_DAYS', 90, 1, 3650),
    maxFutureSeconds: env.int('SENSOR_MAX_FUTURE_SECONDS', 300, 0, 86400),
    silentMinutes: env.int('SENSOR_SILENT_MINUTES', 15, 1, 10080),
    batchStartReadings: env.int('SENSOR_BATCH_START_READINGS', 2000, 1, 100000),
    batchMaxReadings: env.int('SENSOR_BATCH_MAX_READINGS', 20000, 1, 200000),
    batchMaxWaitMs: env.int('SENSOR_BATCH_MAX_WAIT_MS', 20, 0, 5000),
    commitsInFlight: env.int('SENSOR_COMMITS_IN_FLIGHT', config.databaseUrl ? 2 : 1, 1, 8),
    maxPendingReadings: env.int('SENSOR_MAX_PENDING_READINGS', 50000, 100, 10000000),
    maxWaitingMessages: env.int('SENSOR_MAX_WAITING_MESSAGES', 20000, 1, 10000000),
  }));
}
