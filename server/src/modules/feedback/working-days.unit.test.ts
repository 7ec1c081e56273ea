import { describe, expect, test } from 'vitest';
import { VN_HOLIDAYS } from './holidays.ts';
import { addWorkingDays, isWorkingDay, localDate, workingDaysBetween } from './working-days.ts';

/** An instant given in Ho Chi Minh City local time. */
const local = (s: string) => new Date(`${s}+07:00`);

describe('working days (HCMC)', () => {
  test('weekends and holidays are not working days', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2025-04-30')).toBe(false);
    expect(isWorkingDay('2025-09-02')).toBe(false);
    expect(isWorkingDay('2026-02-17')).toBe(false); // Tết Bính Ngọ
  });

  test('the local date is the Ho Chi Minh City one', () => {
    expect(localDate(new Date('2026-11-23T18:30:00Z'))).toBe('2026-11-24');
  });

  test('three working days from a Thursday end on the Tuesday evening', () => {
    const d = addWorkingDays(local('2026-11-19T10:00:00'), 3);
    expect(d.toISOString()).toBe(local('2026-11-24T23:59:59.999').toISOString());
  });

  test('a report received on Saturday counts from Monday', () => {
    expect(localDate(addWorkingDays(local('2026-11-21T09:00:00'), 1))).toBe('2026-11-23');
  });

  test('Tết 2026 (14–22/2) is skipped', () => {
    // Friday 13/2 + 2 working days: 16–20/2 are Tết, so Monday 23 and Tuesday 24.
    expect(localDate(addWorkingDays(local('2026-02-13T15:00:00'), 2))).toBe('2026-02-24');
  });

  test('30/4 and 1/5 2025 (and the swapped 2/5) are skipped', () => {
    // Tuesday 29/4 + 1 working day: 30/4, 1/5, 2/5 off, 3–4/5 weekend → Monday 5/5.
    expect(localDate(addWorkingDays(local('2025-04-29T08:00:00'), 1))).toBe('2025-05-05');
  });

  test('National Day 2025 (1–2/9) is skipped', () => {
    expect(localDate(addWorkingDays(local('2025-08-29T08:00:00'), 1))).toBe('2025-09-03');
  });

  test('the Hung Kings day in lieu 2026 (Monday 27/4) is skipped', () => {
    expect(localDate(addWorkingDays(local('2026-04-24T08:00:00'), 1))).toBe('2026-04-28');
  });

  test('working days between two instants', () => {
    expect(workingDaysBetween(local('2026-11-20T10:00:00'), local('2026-11-24T10:00:00'))).toBe(2);
    expect(workingDaysBetween(local('2026-11-24T10:00:00'), local('2026-11-20T10:00:00'))).toBe(0);
    expect(workingDaysBetween(local('2026-02-13T10:00:00'), local('2026-02-23T10:00:00'))).toBe(1);
  });

  test('the holiday table covers 2025–2027 with no weekend dates and no duplicates', () => {
    for (const y of ['2025', '2026', '2027']) expect(VN_HOLIDAYS.filter((x) => x.date.startsWith(y)).length).toBeGreaterThanOrEqual(10);
    for (const x of VN_HOLIDAYS) expect([0, 6], x.date).not.toContain(new Date(`${x.date}T00:00:00Z`).getUTCDay());
    expect(new Set(VN_HOLIDAYS.map((x) => x.date)).size).toBe(VN_HOLIDAYS.length);
  });
});
