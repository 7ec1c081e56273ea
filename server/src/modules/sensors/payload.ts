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

/** Splits a JSON text into stored readings and rejected items, each with its reason. */
export function parseReadings(text: string, sensor: SensorSpec, now: Date, maxFutureSeconds: number): ParseResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return { readings: [], rejected: [{ index: null, reason: 'bad_json', message: `not valid JSON: ${(e as Error).message}`, payload: text }] };
  }
  const items = Array.isArray(body) ? body : [body];
  const out: ParseResult = { readings: [], rejected: [] };
  if (!items.length) {
    out.rejected.push({ index: null, reason: 'bad_payload', message: 'an empty array carries no reading', payload: text });
    return out;
  }
  const nowMs = now.getTime();
  items.forEach((item, index) => {
    const reject = (reason: DeadLetterReason, message: string) => out.rejected.push({ index, reason, message, payload: JSON.stringify(item) ?? String(item) });
    if (!isObject(item)) return reject('bad_payload', 'each reading must be an object with "value" or "values"');
    let ts: string;
    if (item.ts === undefined || item.ts === null) ts = now.toISOString();
    else {
      const d = typeof item.ts === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(item.ts) ? new Date(item.ts) : new Date(NaN);
      if (Number.isNaN(d.getTime())) return reject('bad_timestamp', `"ts" must be an ISO-8601 date-time (got ${JSON.stringify(item.ts)})`);
      if (d.getTime() > nowMs + maxFutureSeconds * 1000) return reject('future_timestamp', `"ts" ${item.ts} is more than ${maxFutureSeconds} s in the future`);
      ts = d.toISOString();
    }
    let pairs: [string, unknown][];
    if ('values' in item) {
      if (!isObject(item.values) || !Object.keys(item.values).length) return reject('bad_payload', '"values" must be an object of metric: number');
      pairs = Object.entries(item.values);
    } else if ('value' in item) pairs = [[sensor.metric, item.value]];
    else return reject('bad_payload', 'a reading needs "value" or "values"');
    for (const [metric, value] of pairs) {
      const single = (reason: DeadLetterReason, message: string) =>
        out.rejected.push({ index, reason, message, payload: JSON.stringify({ ts, values: { [metric]: value } }) });
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(metric)) {
        single('unknown_metric', `metric name "${metric}" must be lower-case letters, digits and _`);
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        single('not_a_number', `${metric}: ${JSON.stringify(value)} is not a number`);
        continue;
      }
      // The valid range applies to the sensor's main metric (the one its thresholds are about).
      if (metric === sensor.metric) {
        if ((sensor.minValid !== null && value < sensor.minValid) || (sensor.maxValid !== null && value > sensor.maxValid)) {
          single('out_of_range', `${metric}: ${value} is outside the valid range [${sensor.minValid ?? '-∞'}, ${sensor.maxValid ?? '∞'}] of ${sensor.sensorId}`);
          continue;
        }
      }
      out.readings.push({ metric, ts, value });
    }
  });
  return out;
}
