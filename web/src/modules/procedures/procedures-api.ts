// Calls of the procedures pages: the 766 index and its drill-down, the watch list, the
// officials' ranking (staff), and the public lookup, rating, procedure list and scorecards.
import { api, apiUrl } from '../../app/api.ts';
import type { Dossier, DossierList, DrillAnswer, IndexAnswer, OfficialRanking, Procedure, PublicDossier, RatingBody, WatchAnswer } from '../../../../shared/contracts/procedures.ts';
import { localeOf, currentLanguage } from '../../i18n/index.ts';

export type By = 'none' | 'unit' | 'area';

export const procKeys = {
  index: (period: string, by: By) => ['procedures', 'index', period, by] as const,
  drill: (period: string, key: string | null, by: By, indicator: string) => ['procedures', 'drill', period, key, by, indicator] as const,
  watch: ['procedures', 'watch'] as const,
  officials: (period: string) => ['procedures', 'officials', period] as const,
  dossier: (code: string) => ['procedures', 'public-dossier', code] as const,
  catalogue: ['procedures', 'public-catalogue'] as const,
  scorecards: (period: string) => ['procedures', 'scorecards', period] as const,
};

const scopeOf = (by: By, key: string | null) => (key === null ? {} : by === 'unit' ? { unit: key } : by === 'area' ? { area: key } : {});

export const fetchIndex = (period: string, by: By, signal?: AbortSignal) => api<IndexAnswer>('/procedures/index', { query: { period, by }, signal });
export const fetchDrill = (period: string, by: By, key: string | null, indicator: string, signal?: AbortSignal) =>
  api<DrillAnswer>('/procedures/index/drill', { query: { period, indicator, ...scopeOf(by, key) }, signal });
export const exportUrl = (period: string, by: By, format: 'csv' | 'xlsx') => apiUrl('/procedures/index/export', { period, by, format });
export const fetchWatch = (signal?: AbortSignal) => api<WatchAnswer>('/procedures/watch', { signal });
export const fetchOfficials = (period: string, signal?: AbortSignal) => api<OfficialRanking>('/procedures/officials', { query: { period: period || undefined }, signal });
export const fetchPublicDossier = (code: string, signal?: AbortSignal) => api<PublicDossier>(`/procedures/public/dossiers/${encodeURIComponent(code)}`, { signal });
export const rateDossier = (code: string, body: RatingBody) => api<PublicDossier>(`/procedures/public/dossiers/${encodeURIComponent(code)}/rating`, { method: 'POST', body });
export const fetchPublicCatalogue = (signal?: AbortSignal) => api<Procedure[]>('/procedures/public/catalogue', { signal });
export const fetchScorecards = (period: string, signal?: AbortSignal) => api<IndexAnswer>('/procedures/public/scorecards', { query: { period }, signal });

/** The previous full month in Ho Chi Minh City (YYYY-MM). */
export function lastMonth(now = new Date()): string {
  const local = new Date(now.getTime() + 7 * 3600_000);
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

export const indicatorKey = (id: string) => `i${id.replace('.', '')}`;

export { formatDateTime } from '../../i18n/format.ts';

export function formatNum(v: number | null, lang: string, digits = 2): string {
  if (v === null) return '—';
  return new Intl.NumberFormat(localeOf(currentLanguage(lang)), { maximumFractionDigits: digits }).format(v);
}

export const localName = (x: { nameVi: string | null; nameEn: string | null; key: string | null }, lang: string, fallback: string): string =>
  (lang === 'en' ? x.nameEn ?? x.nameVi : x.nameVi ?? x.nameEn) ?? x.key ?? fallback;

export const fetchDossiers = (open: boolean, offset: number, signal?: AbortSignal) => api<DossierList>('/procedures/dossiers', { query: { open: open || undefined, limit: 50, offset }, signal });
export const fetchDossier = (id: number, signal?: AbortSignal) => api<Dossier>(`/procedures/dossiers/${id}`, { signal });
