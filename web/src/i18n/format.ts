import type { Language } from './index.ts';
import { localeOf } from './locale.ts';

/** Formats a calendar date (YYYY-MM-DD) for display, without time-zone shifts. */
export function formatDate(isoDate: string, lang: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(localeOf(lang), {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);
}

/**
 * An instant as date and time in Ho Chi Minh City, day first in both languages (08/12/2026, 13:05);
 * with seconds where the order of events matters (the audit log).
 */
export function formatDateTime(iso: string | null, lang: string, withSeconds = false): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'short', timeStyle: withSeconds ? 'medium' : 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));
}

/** An instant's calendar day in Ho Chi Minh City, day first in both languages (08/12/2026). */
export function formatInstantDate(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));
}

/** The day before a calendar date (YYYY-MM-DD). */
export function previousDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

export function formatNumber(value: number, lang: Language, fractionDigits = 2): string {
  return new Intl.NumberFormat(localeOf(lang), {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** Ho Chi Minh City's offset from UTC: +07:00 all year (no daylight saving since 1975). */
const HCMC_OFFSET_MS = 7 * 3_600_000;

/**
 * Today's date in Ho Chi Minh City (YYYY-MM-DD), whatever the browser's time zone. Computed from
 * the fixed offset rather than with Intl: the map page asks for it before its first draw, and
 * the first Intl formatter with a time zone costs the browser 20–60 ms to load its zone data.
 */
export function todayInHcmc(now: Date = new Date()): string {
  return new Date(now.getTime() + HCMC_OFFSET_MS).toISOString().slice(0, 10);
}
