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

/** Today's date in Ho Chi Minh City (YYYY-MM-DD), whatever the browser's time zone. */
export function todayInHcmc(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
