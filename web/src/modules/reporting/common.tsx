// Shared parts of the reporting pages: the sub-navigation, names in the chosen language,
// numbers and periods as the language writes them, errors.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { localeOf, type Language } from '../../i18n/index.ts';
import { formatDateTime, formatInstantDate } from '../../i18n/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';

export const nameOf = (x: { nameVi: string; nameEn: string }, lang: Language) => (lang === 'en' ? x.nameEn : x.nameVi);
export const titleOf = (x: { titleVi: string; titleEn: string }, lang: Language) => (lang === 'en' ? x.titleEn : x.titleVi);
export const num = (v: number | null | undefined, lang: Language, digits = 2) => (v === null || v === undefined ? '—' : v.toLocaleString(localeOf(lang), { maximumFractionDigits: digits }));
export const pct = (v: number | null, lang: Language) => (v === null ? '—' : `${num(v, lang, 1)} %`);
export const dateText = (iso: string | null, lang: Language) => (iso ? formatInstantDate(iso, lang) : '—');
export const dateTimeText = (iso: string | null, lang: Language) => formatDateTime(iso, lang);

/** A period identifier (202607, 2026Q3, 2026S1, 2026N9, 2026) as words. */
export function periodText(id: string, t: TFunction): string {
  let m = /^(\d{4})(\d{2})$/.exec(id);
  if (m) return t('reporting.period.month', { month: Number(m[2]), year: m[1] });
  m = /^(\d{4})Q(\d)$/.exec(id);
  if (m) return t('reporting.period.quarter', { quarter: m[2], year: m[1] });
  m = /^(\d{4})S(\d)$/.exec(id);
  if (m) return t(`reporting.period.half${m[2]}`, { year: m[1] });
  m = /^(\d{4})N9$/.exec(id);
  if (m) return t('reporting.period.nine', { year: m[1] });
  return t('reporting.period.year', { year: id });
}

/** The module's own text for its error codes, else the app's. */
export function reportingError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && t(`reporting.errors.${err.code}`, { defaultValue: '' })) return t(`reporting.errors.${err.code}`);
  return errorMessage(t, err);
}

export function ReportingNav() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const reviewer = user?.role === 'leader' || user?.role === 'admin';
  const links: [string, string, boolean][] = [
    ['/reporting', 'reporting.nav.forms', true],
    ['/reporting/approvals', 'reporting.nav.approvals', reviewer],
    ['/reporting/completeness', 'reporting.nav.completeness', true],
    ['/reporting/reports', 'reporting.nav.reports', true],
    ['/reporting/analysis', 'reporting.nav.analysis', true],
  ];
  return (
    <nav className="rep-subnav" aria-label={t('reporting.title')}>
      {links.filter(([, , show]) => show).map(([to, key]) => <NavLink key={to} to={to} end={to === '/reporting'}>{t(key)}</NavLink>)}
    </nav>
  );
}
