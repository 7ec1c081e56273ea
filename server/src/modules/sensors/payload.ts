// Parses and checks what a device sent: pure functions, so the rules are the same for MQTT
// and HTTP and are tested without a broker.
import type { DeadLetterReason } from '../../../../shared/contracts/sensors.ts';

export interface SensorSpec {
  sensorId: string;
  type: string;
  /** Main metric of the type (a single `value` is stored under it). */
  metric: string;
  minValid: number | null;
  maxValid: number | null;
  /** The device account bound to the sensor (only its token may send readings for it), or null. */
  deviceAccount?: string | null;
}

export interface ParsedReading {
  metric: string;
  ts: string;
  value: number;
}

export interface RejectedItem {
  /** Position in the payload array (0 for a single object), or null when the whole payload was bad. */
  index: number | null;
  reason: DeadLetterReason;
  message: string;
  /** The part of the payload that was rejected, as JSON text. */
  payload: string;
}

export interface ParseResult {
  readings: ParsedReading[];
  rejected: RejectedItem[];
}

export const TOPIC = /^cityops\/sensors\/([^/]+)\/readings$/;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}T/;
/** The form toISOString() gives: such a ts is already normalised, and parsing it once is enough. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const METRIC_NAME = /^[a-z][a-z0-9_]{0,62}$/;
/** Year 0000 parses in JavaScript but PostgreSQL has no year 0 (22008): refused here, not by the commit. */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00Z');

/** Most UTF-8 bytes of a raw payload kept in a dead letter; longer ones are cut (see deadLetterPayload). */
export const DEAD_LETTER_PAYLOAD_MAX_BYTES = 4096;

/**
 * Text PostgreSQL can store: each U+0000 (refused in text and jsonb, SQLSTATE 22021 / 22P05)
 * becomes the six characters `\u0000`, as JSON writes it.
 */
export function storableText(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '\\u0000') : s;
}

/**
 * A raw payload as a dead letter keeps it: NUL escaped (storableText), then at most the first
 * DEAD_LETTER_PAYLOAD_MAX_BYTES bytes of UTF-8 (cut at a character boundary) followed by
 * `…[truncated: N bytes in all]`, N being the size of what was received.
 */
export function deadLetterPayload(raw: string): string {
  const s = storableText(raw);
  // Up to 3 bytes per UTF-16 unit: short texts fit without counting.
  if (s.length * 3 <= DEAD_LETTER_PAYLOAD_MAX_BYTES) return s;
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= DEAD_LETTER_PAYLOAD_MAX_BYTES) return s;
  let end = DEAD_LETTER_PAYLOAD_MAX_BYTES;
  // Back to the first byte of the character that would be split.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString('utf8')}…[truncated: ${Buffer.byteLength(raw, 'utf8')} bytes in all]`;
}

function rejectItem(out: ParseResult, index: number, item: unknown, reason: DeadLetterReason, message: string): void {
  out.rejected.push({ index, reason, message, payload: JSON.stringify(item) ?? String(item) });
}

function rejectValue(out: ParseResult, index: number, ts: string, metric: string, value: unknown, reason: DeadLetterReason, message: string): void {
  out.rejected.push({ index, reason, message, payload: JSON.stringify({ ts, values: { [metric]: value } }) });
}

/** Checks one metric's value; pushes the reading or the reason it is rejected. */
function takeValue(out: ParseResult, sensor: SensorSpec, index: number, ts: string, metric: string, value: unknown): void {
  if (!METRIC_NAME.test(metric)) return rejectValue(out, index, ts, metric, value, 'unknown_metric', `metric name "${metric}" must be lower-case letters, digits and _`);
  if (typeof value !== 'number' || !Number.isFinite(value)) return rejectValue(out, index, ts, metric, value, 'not_a_number', `${metric}: ${JSON.stringify(value)} is not a number`);
  // The valid range applies to the sensor's main metric (the one its thresholds are about).
  if (metric === sensor.metric && ((sensor.minValid !== null && value < sensor.minValid) || (sensor.maxValid !== null && value > sensor.maxValid))) {
    return rejectValue(out, index, ts, metric, value, 'out_of_range', `${metric}: ${value} is outside the valid range [${sensor.minValid ?? '-∞'}, ${sensor.maxValid ?? '∞'}] of ${sensor.sensorId}`);
  }
  out.readings.push({ metric, ts, value });
}

/**
 * Splits a JSON text into stored readings and rejected items, each with its reason.
 * Written without per-item closures: it runs for every message at tens of thousands of readings/s.
 */
export function parseReadings(text: string, sensor: SensorSpec, now: Date, maxFutureSeconds: number): ParseResult {
  // A raw NUL is never valid JSON, and PostgreSQL refuses it: its own reason, decided here, so
  // the message is a dead letter (stored escaped) and never reaches the shared commit as is.
  if (text.includes('\u0000')) {
    return { readings: [], rejected: [{ index: null, reason: 'nul_byte', message: 'the payload contains NUL bytes (U+0000), which are not allowed', payload: text }] };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return { readings: [], rejected: [{ index: null, reason: 'bad_json', message: `not valid JSON: ${(e as Error).message}`, payload: text }] };
  }
  const items: unknown[] = Array.isArray(body) ? body : [body];
  const out: ParseResult = { readings: [], rejected: [] };
  if (!items.length) {
    out.rejected.push({ index: null, reason: 'bad_payload', message: 'an empty array carries no reading', payload: text });
    return out;
  }
  const latestMs = now.getTime() + maxFutureSeconds * 1000;
  let nowIso: string | null = null;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (!isObject(item)) {
      rejectItem(out, index, item, 'bad_payload', 'each reading must be an object with "value" or "values"');
      continue;
    }
    let ts: string;
    const raw = item.ts;
    if (raw === undefined || raw === null) ts = nowIso ??= now.toISOString();
    else {
      const ms = typeof raw === 'string' && ISO_PREFIX.test(raw) ? Date.parse(raw) : NaN;
      if (Number.isNaN(ms) || ms < EARLIEST_MS) {
        rejectItem(out, index, item, 'bad_timestamp', `"ts" must be an ISO-8601 date-time (got ${JSON.stringify(raw)})`);
        continue;
      }
      if (ms > latestMs) {
        rejectItem(out, index, item, 'future_timestamp', `"ts" ${String(raw)} is more than ${maxFutureSeconds} s in the future`);
        continue;
      }
      ts = CANONICAL_UTC.test(raw as string) ? (raw as string) : new Date(ms).toISOString();
    }
    if ('values' in item) {
      const values = item.values;
      if (!isObject(values) || !Object.keys(values).length) {
        rejectItem(out, index, item, 'bad_payload', '"values" must be an object of metric: number');
        continue;
      }
      for (const metric in values) takeValue(out, sensor, index, ts, metric, values[metric]);
    } else if ('value' in item) takeValue(out, sensor, index, ts, sensor.metric, item.value);
    else rejectItem(out, index, item, 'bad_payload', 'a reading needs "value" or "values"');
  }
  return out;
}
