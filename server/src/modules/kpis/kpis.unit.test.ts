import { describe, expect, it } from 'vitest';
import { previousPeriod, statusOf } from './kpis.service.ts';
import { BUILT_IN_KPIS } from './builtin-kpis.ts';
import { KPI_DOMAINS } from '../../../../shared/contracts/kpis.ts';

describe('previousPeriod', () => {
  it('shifts whole years and months by calendar, other spans by their length', () => {
    expect(previousPeriod('2024-01-01', '2024-12-31')).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(previousPeriod('2025-03-01', '2025-03-31')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(previousPeriod('2025-01-01', '2025-06-30')).toEqual({ from: '2024-07-01', to: '2024-12-31' });
    expect(previousPeriod('2026-11-01', '2026-11-10')).toEqual({ from: '2026-10-22', to: '2026-10-31' });
  });
});

describe('statusOf', () => {
  const share = BUILT_IN_KPIS.find((k) => k.id === 'cameras-online')!;
  const overdue = BUILT_IN_KPIS.find((k) => k.id === 'feedback-overdue')!;
  it('colours by thresholds in the KPI direction', () => {
    expect(statusOf(share, 96)).toBe('green');
    expect(statusOf(share, 92)).toBe('amber');
    expect(statusOf(share, 80)).toBe('red');
    expect(statusOf(overdue, 0)).toBe('green');
    expect(statusOf(overdue, 4)).toBe('amber');
    expect(statusOf(overdue, 9)).toBe('red');
    expect(statusOf(share, null)).toBe('none');
  });
  it('ships KPIs of every domain of the facts file', () => {
    // Ten domains of the facts file, plus direction (tasks, issue 16).
    expect(new Set(BUILT_IN_KPIS.map((k) => k.domain)).size).toBe(KPI_DOMAINS.length);
  });
});
