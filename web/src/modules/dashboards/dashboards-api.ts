// Client of the KPI and dashboard API (server module kpis), and the query keys its pages cache under.
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

/**
 * TanStack Query keys of the dashboards. Everything under `live` is what the KPI stream
 * refreshes when a value changes (useKpiStream invalidates it).
 */
export const dashboardKeys = {
  all: ['dashboards'] as const,
  list: ['dashboards', 'list'] as const,
  kpis: (f: KpiFilters, ids?: string[]) => ['dashboards', 'kpis', filterQuery(f), ids ?? null] as const,
  details: (dashboard: string, f: KpiFilters) => ['dashboards', 'details', dashboard, filterQuery(f)] as const,
  drill: (id: string, f: KpiFilters, limit: number) => ['dashboards', 'drill', id, filterQuery(f), limit] as const,
  areas: (scheme: string) => ['dashboards', 'areas', scheme] as const,
  boundaries: (scheme: string, codes: string) => ['dashboards', 'areas', scheme, 'geojson', codes] as const,
  live: ['dashboards', 'live'] as const,
  kpi: (id: string, f: KpiFilters) => ['dashboards', 'live', 'kpi', id, filterQuery(f)] as const,
  alerts: (query: Record<string, string | number | undefined>) => ['dashboards', 'live', 'alerts', query] as const,
  feedback: (limit: number) => ['dashboards', 'live', 'feedback', limit] as const,
};

export const listKpis = (f: KpiFilters, ids?: string[], signal?: AbortSignal) =>
  api<{ kpis: KpiListItem[] }>('/kpis', { query: { ...filterQuery(f), ids: ids?.join(',') }, signal }).then((r) => r.kpis);
export const getKpi = (id: string, f: KpiFilters, signal?: AbortSignal) => api<KpiDetail>(`/kpis/${id}`, { query: filterQuery(f), signal });
/** Answer of the batched detail request: a KPI that failed carries its error instead. */
export type KpiDetailOrError = KpiDetail | { id: string; error: string };
/** Every KPI of a dashboard in one request, so the first paint waits for one round trip, not one per widget. */
export const getKpiDetails = (which: { ids: string[] } | { dashboard: string }, f: KpiFilters, signal?: AbortSignal) =>
  api<{ details: KpiDetailOrError[] }>('/kpis/details', { query: { ...filterQuery(f), ...('ids' in which ? { ids: which.ids.join(',') } : which) }, signal }).then((r) => r.details);
export const drilldown = (id: string, f: KpiFilters, offset = 0, limit = 50, signal?: AbortSignal) =>
  api<KpiDrilldown>(`/kpis/${id}/drilldown`, { query: { ...filterQuery(f), offset, limit }, signal });
export const exportUrl = (id: string, f: KpiFilters, format: 'csv' | 'xlsx') => apiUrl(`/kpis/${id}/export`, { ...filterQuery(f), format });
export const listDashboards = (signal?: AbortSignal) => api<{ dashboards: Dashboard[] }>('/dashboards', { signal }).then((r) => r.dashboards);
export const getDashboard = (id: string) => api<Dashboard>(`/dashboards/${id}`);
export const saveDashboard = (d: Dashboard) => api<Dashboard>(`/dashboards/${d.id}`, { method: 'PUT', body: d });
export const streamUrl = (f: KpiFilters, ids: string[]) => apiUrl('/kpis/stream', { ...filterQuery(f), ids: ids.join(',') });

/** The parts of an alert the dashboards show (GET /api/alerts of the alerts module, contract Alert). */
export type AlertItem = Pick<Alert, 'id' | 'status' | 'severity' | 'category' | 'titleVi' | 'titleEn' | 'areaCode' | 'place' | 'openedAt' | 'resolvedAt'>;
export const listAlerts = (query: Record<string, string | number | undefined>, signal?: AbortSignal) =>
  api<{ total: number; alerts: AlertItem[] }>('/alerts', { query, signal });

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
export const listFeedback = (limit: number, signal?: AbortSignal) => api<{ total: number; reports: FeedbackItem[] }>('/feedback/reports', { query: { limit }, signal });

export type { Dashboard, KpiDetail, KpiDrilldown, KpiListItem, KpiValue };
