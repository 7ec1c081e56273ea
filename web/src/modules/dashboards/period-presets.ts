// Time presets of the dashboard filters (as in Grafana's time picker): a named period → the
// from/to dates (inclusive, YYYY-MM-DD, in Ho Chi Minh City's calendar).
export const PERIOD_PRESETS = ['last-7-days', 'last-30-days', 'this-month', 'last-month', 'this-quarter', 'this-year', 'last-year', 'last-12-months'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** The dates of a preset, for `today` (YYYY-MM-DD). */
export function presetRange(preset: PeriodPreset, today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const mi = m - 1;
  switch (preset) {
    case 'last-7-days':
      return { from: iso(y, mi, d - 6), to: today };
    case 'last-30-days':
      return { from: iso(y, mi, d - 29), to: today };
    case 'this-month':
      return { from: iso(y, mi, 1), to: today };
    case 'last-month':
      return { from: iso(y, mi - 1, 1), to: iso(y, mi, 0) };
    case 'this-quarter':
      return { from: iso(y, mi - (mi % 3), 1), to: today };
    case 'this-year':
      return { from: iso(y, 0, 1), to: today };
    case 'last-year':
      return { from: iso(y - 1, 0, 1), to: iso(y - 1, 11, 31) };
    case 'last-12-months':
      return { from: iso(y, mi - 11, 1), to: today };
  }
}

/** The preset whose dates these are, if any (so the picker shows it). */
export function presetOf(from: string | undefined, to: string | undefined, today: string): PeriodPreset | null {
  if (!from || !to) return null;
  return PERIOD_PRESETS.find((p) => {
    const r = presetRange(p, today);
    return r.from === from && r.to === to;
  }) ?? null;
}
