// Small display helpers shared by the datasets pages.
import type { FieldDecl } from './datasets-api.ts';
import { unitLabel } from '../../i18n/units.ts';

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
