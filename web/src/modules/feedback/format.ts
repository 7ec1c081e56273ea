import type { FeedbackCategory } from '../../../../shared/contracts/feedback.ts';

export const STATUS_COLORS: Record<string, string> = {
  received: '#1971c2',
  verified: '#1098ad',
  assigned: '#7048e8',
  in_progress: '#f08c00',
  resolved: '#2f9e44',
  closed: '#495057',
  rejected: '#c92a2a',
};

export function categoryName(cats: FeedbackCategory[], code: string, lang: string): string {
  const c = cats.find((x) => x.code === code);
  return c ? (lang === 'en' ? c.nameEn : c.nameVi) : code;
}

/** A unit's (or ward's) name in the interface language. */
export const localName = (x: { nameVi: string; nameEn: string }, lang: string): string => (lang === 'en' ? x.nameEn : x.nameVi);

export { formatDateTime } from '../../i18n/format.ts';
