// Number, date and status formatting shared by the dashboard, the wall and the phone view.
import type { KpiDefinition, KpiStatus } from '../../../../shared/contracts/kpis.ts';
import { localeOf, currentLanguage } from '../../i18n/index.ts';

export function formatValue(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined) return '—';
  const locale = localeOf(currentLanguage(lang));
  return new Intl.NumberFormat(locale, { maximumFractionDigits: Math.abs(value) < 100 && !Number.isInteger(value) ? 1 : 0 }).format(value);
}

export function formatTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  const locale = localeOf(currentLanguage(lang));
  return new Date(iso).toLocaleString(locale, { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' });
}

export const title = (d: { titleVi: string; titleEn: string }, lang: string) => (lang === 'en' ? d.titleEn : d.titleVi);

export const STATUS_COLOURS: Record<KpiStatus, string> = { green: '#16a34a', amber: '#d97706', red: '#dc2626', none: '#64748b' };

/** Change against the previous value as a signed percentage, or null. */
export function changePct(value: number | null, previous: number | null | undefined): number | null {
  if (value === null || previous === null || previous === undefined || previous === 0) return null;
  return Math.round(((value - previous) / Math.abs(previous)) * 1000) / 10;
}

/** Whether a change is good news for this KPI. */
export function changeIsGood(def: KpiDefinition, pct: number): boolean {
  return def.higherIsBetter ? pct >= 0 : pct <= 0;
}
