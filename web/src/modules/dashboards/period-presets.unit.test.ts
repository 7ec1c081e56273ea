import { describe, expect, test } from 'vitest';
import { PERIOD_PRESETS, presetOf, presetRange } from './period-presets.ts';

describe('dashboard time presets', () => {
  test('ranges for 7 Dec 2026', () => {
    const today = '2026-12-07';
    expect(presetRange('last-7-days', today)).toEqual({ from: '2026-12-01', to: today });
    expect(presetRange('last-30-days', today)).toEqual({ from: '2026-11-08', to: today });
    expect(presetRange('this-month', today)).toEqual({ from: '2026-12-01', to: today });
    expect(presetRange('last-month', today)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('this-quarter', today)).toEqual({ from: '2026-10-01', to: today });
    expect(presetRange('this-year', today)).toEqual({ from: '2026-01-01', to: today });
    expect(presetRange('last-year', today)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(presetRange('last-12-months', today)).toEqual({ from: '2026-01-01', to: today });
  });
  test('month and year boundaries', () => {
    expect(presetRange('last-month', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('last-month', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(presetRange('last-7-days', '2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03' });
  });
  test('a preset is recognised from its dates; others are custom', () => {
    for (const p of PERIOD_PRESETS) {
      const r = presetRange(p, '2026-06-15');
      const found = presetOf(r.from, r.to, '2026-06-15');
      expect(found === p || presetRange(found!, '2026-06-15').from === r.from).toBe(true);
    }
    expect(presetOf('2026-02-03', '2026-02-04', '2026-06-15')).toBeNull();
    expect(presetOf(undefined, undefined, '2026-06-15')).toBeNull();
  });
});
