// Period arithmetic (Decree 09/2019 cut-off windows, working-day deadlines across Tết),
// validation rules, completeness rates and the schedule of consolidated reports.
import { describe, expect, it } from 'vitest';
import {
  closedPeriods, periodContaining, periodDeadline, periodLabelVi, periodLockAt, periodRange, periodWindow, previousPeriod, samePeriodLastYear,
} from './periods.ts';
import { evaluate, validateValues } from './rules.ts';
import { completenessRates } from './reporting.service.ts';
import { scheduledAt } from './reports.service.ts';
import type { ReportForm } from '../../../../shared/contracts/reporting.ts';

const TET_2026 = new Set(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
const local = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 16);

describe('cut-off windows (15th → 14th by default)', () => {
  it('month, quarter, six months, nine months and year as the decree sets them', () => {
    expect(periodWindow('202507')).toEqual({ start: '2025-06-15', end: '2025-07-14' });
    expect(periodWindow('202601')).toEqual({ start: '2025-12-15', end: '2026-01-14' });
    expect(periodWindow('2025Q3')).toEqual({ start: '2025-06-15', end: '2025-09-14' });
    expect(periodWindow('2025S1')).toEqual({ start: '2024-12-15', end: '2025-06-14' });
    expect(periodWindow('2025N9')).toEqual({ start: '2024-12-15', end: '2025-09-14' });
    expect(periodWindow('2025')).toEqual({ start: '2024-12-15', end: '2025-12-14' });
  });
  it('is configurable: cut-off day 1 gives calendar periods, 20 shifts the window', () => {
    expect(periodWindow('202602', 1)).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(periodWindow('2024Q1', 1)).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(periodWindow('202603', 20)).toEqual({ start: '2026-02-20', end: '2026-03-19' });
  });
  it('finds the period of a day, the previous one, last year\'s and ranges', () => {
    expect(periodContaining('month', '2026-12-07')).toBe('202612');
    expect(periodContaining('month', '2026-12-15')).toBe('202701');
    expect(periodContaining('quarter', '2026-12-14')).toBe('2026Q4');
    expect(periodContaining('year', '2026-12-20')).toBe('2027');
    expect(previousPeriod('202601')).toBe('202512');
    expect(previousPeriod('2026Q1')).toBe('2025Q4');
    expect(previousPeriod('2026S1')).toBe('2025S2');
    expect(samePeriodLastYear('2026Q2')).toBe('2025Q2');
    expect(periodRange('month', '202511', '202602')).toEqual(['202511', '202512', '202601', '202602']);
    expect(closedPeriods('month', '2026-12-07', 3)).toEqual(['202609', '202610', '202611']);
    expect(periodLabelVi('2026Q3')).toBe('quý III/2026');
  });
});

describe('working-day deadlines', () => {
  const opts = { cutoffDay: 15, deadlineWorkingDays: 2, holidays: TET_2026 };
  it('counts working days after the cut-off, skipping the weekend', () => {
    // 202603 closes Saturday 14/03/2026: Monday 16 and Tuesday 17 are the two working days.
    expect(local(periodDeadline('202603', opts))).toBe('2026-03-17T23:59');
  });
  it('skips Tết: February 2026 closes on Saturday 14/02, Tết is 16–20/02', () => {
    expect(local(periodDeadline('202602', opts))).toBe('2026-02-24T23:59');
    // Without the holidays the deadline would be Tuesday 17/02.
    expect(local(periodDeadline('202602', { ...opts, holidays: new Set() }))).toBe('2026-02-17T23:59');
  });
  it('locks a grace of calendar days after the deadline', () => {
    const d = periodDeadline('202602', opts);
    expect(local(periodLockAt(d, 5))).toBe('2026-03-01T23:59');
  });
});

const form = {
  elements: [
    { code: 'population', nameVi: 'Dân số', nameEn: 'Population', type: 'number', compulsory: true, min: 0 },
    { code: 'vaccinated', nameVi: 'Đã tiêm', nameEn: 'Vaccinated', type: 'number', compulsory: true, disaggregation: { code: 'sex', nameVi: 'Giới', nameEn: 'Sex', options: [{ code: 'm', nameVi: 'Nam', nameEn: 'M' }, { code: 'f', nameVi: 'Nữ', nameEn: 'F' }] } },
    { code: 'rate', nameVi: 'Tỷ lệ', nameEn: 'Rate', type: 'percent', compulsory: false },
    { code: 'hot', nameVi: 'Điểm nóng', nameEn: 'Hot spot', type: 'yesno', compulsory: false },
  ],
  rules: [
    { code: 'vax_le_pop', nameVi: '', nameEn: '', left: 'vaccinated', operator: '<=', right: 'population', importance: 'high', blocking: true },
    { code: 'half', nameVi: '', nameEn: '', left: 'vaccinated.f * 2', operator: '<=', right: '(population + 10) * 1', importance: 'low', blocking: false },
  ],
} as unknown as ReportForm;

describe('validation rules', () => {
  it('evaluates arithmetic and skips missing values', () => {
    expect(evaluate('a + b * 2 - (c - 1)', (c) => ({ a: 1, b: 2, c: 4 })[c])).toBe(2);
    expect(evaluate('a / b', (c) => ({ a: 1, b: 0 })[c])).toBeUndefined();
    expect(evaluate('a + x', (c) => ({ a: 1 })[c])).toBeUndefined();
    expect(() => evaluate('a +* b', () => 1)).toThrow();
  });
  it('vaccinated ≤ population blocks; a disaggregated element is the sum of its options', () => {
    const ok = validateValues(form, { population: 100, 'vaccinated.m': 40, 'vaccinated.f': 50 }, true);
    expect(ok).toEqual([]);
    const bad = validateValues(form, { population: 100, 'vaccinated.m': 60, 'vaccinated.f': 50 }, true);
    expect(bad).toEqual([
      { code: 'rule_failed', element: null, rule: 'vax_le_pop', blocking: true, left: 110, right: 100 },
    ]);
    const warn = validateValues(form, { population: 100, 'vaccinated.m': 0, 'vaccinated.f': 60 }, true);
    expect(warn.map((p) => [p.rule, p.blocking])).toEqual([['half', false]]);
  });
  it('types, ranges and compulsory values', () => {
    const p = validateValues(form, { population: -1, 'vaccinated.m': 'x', rate: 120, hot: 'yes', nope: 1 }, true);
    expect(p.map((x) => `${x.code}:${x.element}`).sort()).toEqual([
      'compulsory_missing:vaccinated', 'out_of_range:population', 'out_of_range:rate', 'unknown_element:nope', 'wrong_type:hot', 'wrong_type:vaccinated.m',
    ]);
    // Compulsory values are only required to submit, not to save a draft.
    expect(validateValues(form, { population: 5 }, false)).toEqual([]);
  });
});

describe('rates and schedules', () => {
  it('reporting rate = received ÷ expected, on-time = received by the deadline ÷ expected', () => {
    expect(completenessRates(8, 6, 3)).toEqual({ expected: 8, received: 6, onTime: 3, reportingRate: 75, onTimeRate: 37.5 });
    expect(completenessRates(0, 0, 0).reportingRate).toBeNull();
    expect(completenessRates(3, 2, 1).reportingRate).toBe(66.7);
  });
  it('a monthly report on the 16th at 08:00 falls after the cut-off', () => {
    expect(local(scheduledAt({ dayOfMonth: 16, hour: 8, minute: 0 }, '202611', 15))).toBe('2026-11-16T08:00');
    // The 10th is before the cut-off (14th): the next month's 10th.
    expect(local(scheduledAt({ dayOfMonth: 10, hour: 8, minute: 0 }, '202612', 15))).toBe('2027-01-10T08:00');
  });
});
