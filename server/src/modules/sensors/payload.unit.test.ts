import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_PAYLOAD_MAX_BYTES, deadLetterPayload, parseReadings, storableText, type SensorSpec } from './payload.ts';
import { sensorState } from './sensors.service.ts';

const wl: SensorSpec = { sensorId: 'WL-01', type: 'water_level', metric: 'water_level', minValid: -1, maxValid: 5 };
const now = new Date('2026-11-23T08:00:00Z');

describe('parseReadings', () => {
  it('takes a single value, values and arrays; ts defaults to now', () => {
    const r = parseReadings(JSON.stringify([{ value: 1.2 }, { ts: '2026-11-23T07:59:00+07:00', values: { water_level: 1.3, temp: 29 } }]), wl, now, 300);
    expect(r.rejected).toEqual([]);
    expect(r.readings).toEqual([
      { metric: 'water_level', ts: now.toISOString(), value: 1.2 },
      { metric: 'water_level', ts: '2026-11-23T00:59:00.000Z', value: 1.3 },
      { metric: 'temp', ts: '2026-11-23T00:59:00.000Z', value: 29 },
    ]);
  });

  it('rejects with a reason each bad item, keeping the good ones', () => {
    const r = parseReadings(JSON.stringify([{ value: 9 }, { value: '1' }, { ts: '2026-11-23T09:00:00Z', value: 1 }, { ts: 'now', value: 1 }, {}, 3, { value: 2 }, { values: { 'Bad-Name': 1 } }]), wl, now, 300);
    expect(r.rejected.map((x) => [x.index, x.reason])).toEqual([
      [0, 'out_of_range'], [1, 'not_a_number'], [2, 'future_timestamp'], [3, 'bad_timestamp'], [4, 'bad_payload'], [5, 'bad_payload'], [7, 'unknown_metric'],
    ]);
    expect(r.readings).toEqual([{ metric: 'water_level', ts: now.toISOString(), value: 2 }]);
    expect(parseReadings('{"value":', wl, now, 300).rejected[0]).toMatchObject({ index: null, reason: 'bad_json', payload: '{"value":' });
    expect(parseReadings('[]', wl, now, 300).rejected[0]!.reason).toBe('bad_payload');
  });
});

describe('what PostgreSQL cannot store', () => {
  it('rejects a payload with NUL bytes as nul_byte, and a year 0000 as bad_timestamp', () => {
    expect(parseReadings('{"value":1}\u0000', wl, now, 300)).toEqual({ readings: [], rejected: [{ index: null, reason: 'nul_byte', message: expect.stringContaining('NUL'), payload: '{"value":1}\u0000' }] });
    expect(parseReadings('{"ts":"0000-06-01T00:00:00Z","value":1}', wl, now, 300).rejected.map((x) => x.reason)).toEqual(['bad_timestamp']);
    expect(parseReadings('{"ts":"0001-01-01T00:00:00Z","value":1}', wl, now, 300).readings).toHaveLength(1);
  });

  it('escapes NUL and bounds a dead letter\'s payload to 4 KB of UTF-8, cut between characters', () => {
    expect(storableText('a\u0000b\u0000')).toBe('a\\u0000b\\u0000');
    expect(deadLetterPayload('{"a":1}')).toBe('{"a":1}');
    const exact = 'x'.repeat(DEAD_LETTER_PAYLOAD_MAX_BYTES);
    expect(deadLetterPayload(exact)).toBe(exact);
    const long = `x${'€'.repeat(3000)}`; // 1 + 3 × 3000 bytes
    const kept = deadLetterPayload(long);
    expect(kept).toBe(`x${'€'.repeat(1365)}…[truncated: 9001 bytes in all]`);
    expect(Buffer.byteLength(kept.slice(0, kept.indexOf('…')))).toBeLessThanOrEqual(DEAD_LETTER_PAYLOAD_MAX_BYTES);
    expect(deadLetterPayload(`\u0000${'y'.repeat(5000)}`)).toMatch(/^\\u0000y+…\[truncated: 5001 bytes in all\]$/);
  });
});

describe('sensorState', () => {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  it('follows thresholds, the bad side of the type, and silence', () => {
    expect(sensorState('water_level', [{ metric: 'water_level', ts: at(1), value: 1.65 }], 1.5, 1.6, now, 15)).toBe('alarm');
    expect(sensorState('water_level', [{ metric: 'water_level', ts: at(1), value: 1.55 }], 1.5, 1.6, now, 15)).toBe('warn');
    expect(sensorState('water_level', [{ metric: 'water_level', ts: at(1), value: 1.2 }], 1.5, 1.6, now, 15)).toBe('ok');
    expect(sensorState('water_level', [{ metric: 'water_level', ts: at(20), value: 1.2 }], 1.5, 1.6, now, 15)).toBe('silent');
    expect(sensorState('camera_status', [{ metric: 'camera_status', ts: at(1), value: 0 }], null, 0, now, 15)).toBe('alarm');
    expect(sensorState('camera_status', [{ metric: 'camera_status', ts: at(1), value: 1 }], null, 0, now, 15)).toBe('ok');
    expect(sensorState('noise', [], 70, 80, now, 15)).toBe('unknown');
  });
});
