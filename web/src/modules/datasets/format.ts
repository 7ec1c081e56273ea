// Small display helpers shared by the datasets pages.
import type { FieldDecl } from './datasets-api.ts';
import { formatDate } from '../../i18n/format.ts';
import { localeOf } from '../../i18n/index.ts';
import { unitLabel } from '../../i18n/units.ts';
import { enumLabel } from './field-labels.ts';

export { booleanLabel, enumLabel } from './field-labels.ts';

export const scoreClass = (score: number) => (score >= 95 ? 'good' : score >= 80 ? 'fair' : 'poor');

export function fieldTitle(f: FieldDecl, lang: 'vi' | 'en'): string {
  return `${lang === 'vi' ? f.titleVi : f.titleEn}${f.unit ? ` (${unitLabel(f.unit, lang)})` : ''}`;
}

export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A field's value in the interface language: dates as dd/mm/yyyy, numbers with the locale's separators, enum values by their label. */
export function showField(f: Pick<FieldDecl, 'type' | 'values' | 'valuesEn'>, v: unknown, lang: 'vi' | 'en'): string {
  if (f.type === 'date' && typeof v === 'string') return formatDate(v, lang);
  if (f.type === 'enum' && typeof v === 'string') return enumLabel(f, v, lang);
  if ((f.type === 'number' || f.type === 'integer') && typeof v === 'number') return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 6 }).format(v);
  return showValue(v);
}
