// Client of the KPI and dashboard API (server module kpis).
import type { Dashboard, KpiDetail, KpiDrilldown, KpiListItem, KpiValue } from '../../../../shared/contracts/kpis.ts';
import type { Alert } from '../../../../shared/contracts/alerts.ts';
import { api, apiUrl } from '../../app/api.ts';

/** Filters shared by every widget of a dashboard. */
export interface KpiFilters {
  area?: string | undefined;
  scheme?: 'vn2025' | 'vn2008' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  compare?: boolean | undefined;
}

export function filterQuery(f: KpiFilters): Record<string, string | undefined> {
  return { area: f.area || undefined, scheme: f.scheme, from: f.from || undefined, to: f.to || undefined, compare: f.compare ? 'previous' : undefined };
}

export const listKpis = (f: KpiFilters, ids?: string[]) =>
  api<{ kpis: KpiListItem[] }>('/kpis', { query: { ...filterQuery(f), ids: ids?.join(',') } }).then((r) => r.kpis);
export const getKpi = (id: string, f: KpiFilters, signal?: AbortSignal) => api<KpiDetail>(`/kpis/${id}`, { query: filterQuery(f), signal });
/** Answer of the batched detail request: a KPI that failed carries its error instead. */
export type KpiDetailOrError = KpiDetail | { id: string; error: string };
/** Every KPI of a dashboard in one request, so the first paint waits for one round trip, not one per widget. */
export const getKpiDetails = (which: { ids: string[] } | { dashboard: string }, f: KpiFilters, signal?: AbortSignal) =>
  api<{ details: KpiDetailOrError[] }>('/kpis/details', { query: { ...filterQuery(f), ...('ids' in which ? { ids: which.ids.join(',') } : which) }, signal }).then((r) => r.details);
export const drilldown = (id: string, f: KpiFilters, offset = 0, limit = 50) =>
  api<KpiDrilldown>(`/kpis/${id}/drilldown`, { query: { ...filterQuery(f), offset, limit } });
export const exportUrl = (id: string, f: KpiFilters, format: 'csv' | 'xlsx') => apiUrl(`/kpis/${id}/export`, { ...filterQuery(f), format });
export const listDashboards = () => api<{ dashboards: Dashboard[] }>('/dashboards').then((r) => r.dashboards);
export const getDashboard = (id: string) => api<Dashboard>(`/dashboards/${id}`);
export const saveDashboard = (d: Dashboard) => api<Dashboard>(`/dashboards/${d.id}`, { method: 'PUT', body: d });
export const streamUrl = (f: KpiFilters, ids: string[]) => apiUrl('/kpis/stream', { ...filterQuery(f), ids: ids.join(',') });

/** The parts of an alert the dashboards show (GET /api/alerts of the alerts module, contract Alert). */
export type AlertItem = Pick<Alert, 'id' | 'status' | 'severity' | 'category' | 'titleVi' | 'titleEn' | 'areaCode' | 'place' | 'openedAt' | 'resolvedAt'>;
export const listAlerts = (query: Record<string, string | number | undefined>) =>
  api<{ total: number; alerts: AlertItem[] }>('/alerts', { query });

/** The parts of a feedback report the dashboards show (GET /api/feedback/reports). */
export interface FeedbackItem {
  id: number;
  trackingCode: string;
  status: string;
  categoryCode: string;
  description: string;
  wardName: string | null;
  createdAt: string;
  overdue: boolean;
}
export const listFeedback = (limit: number) => api<{ total: number; reports: FeedbackItem[] }>('/feedback/reports', { query: { limit } });

export type { Dashboard, KpiDetail, KpiDrilldown, KpiListItem, KpiValue };
