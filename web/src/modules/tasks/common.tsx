// Small shared parts of the task pages: the unit name in the chosen language, dates, errors.
import type { TFunction } from 'i18next';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { localeOf, type Language } from '../../i18n/index.ts';
import { formatDateTime, formatInstantDate } from '../../i18n/format.ts';

export const unitName = (u: { nameVi: string; nameEn: string }, lang: Language) => (lang === 'en' ? u.nameEn : u.nameVi);
export const dateText = (iso: string | null, lang: Language) => (iso ? formatInstantDate(iso, lang) : '');
export const dateTimeText = (iso: string, lang: Language) => formatDateTime(iso, lang);
export const pct = (v: number | null, lang: Language) => (v === null ? '—' : `${v.toLocaleString(localeOf(lang), { maximumFractionDigits: 1 })} %`);

/** The module's own text for its error codes, else the app's. */
export function taskError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && t(`tasks.errors.${err.code}`, { defaultValue: '' })) return t(`tasks.errors.${err.code}`);
  return errorMessage(t, err);
}

/** Today in Ho Chi Minh City (YYYY-MM-DD). */
export const todayLocal = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
