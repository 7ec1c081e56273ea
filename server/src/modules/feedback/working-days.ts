// Working-day arithmetic in Ho Chi Minh City time (UTC+7, no daylight saving): deadlines of
// reports count working days, skipping Saturdays, Sundays and public holidays.
import { HOLIDAY_DATES } from './holidays.ts';

const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

/** The local (HCMC) calendar date of an instant, as YYYY-MM-DD. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, holidays: ReadonlySet<string> = HOLIDAY_DATES): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.has(date);
}

/**
 * The deadline of something received at `from` with `days` working days to answer: the end
 * (23:59:59.999 local) of the `days`-th working day after the day of receipt. A report
 * received on a weekend or holiday is treated as received on the last day before.
 */
export function addWorkingDays(from: Date, days: number, holidays: ReadonlySet<string> = HOLIDAY_DATES): Date {
  let date = localDate(from);
  let left = days;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date, holidays)) left--;
  }
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - OFFSET_MS);
}

/** Working days strictly after the day of `from` up to and including the day of `to` (0 when `to` is not later). */
export function workingDaysBetween(from: Date, to: Date, holidays: ReadonlySet<string> = HOLIDAY_DATES): number {
  let date = localDate(from);
  const end = localDate(to);
  let n = 0;
  while (date < end) {
    date = addDays(date, 1);
    if (isWorkingDay(date, holidays)) n++;
  }
  return n;
}
