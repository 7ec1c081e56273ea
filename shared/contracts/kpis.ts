// KPIs and dashboards: definitions stored as data, computed values with trend, previous
// period, status colour and per-area breakdown, drill-down to the records behind a value,
// dashboards made of widgets, per-user notification preferences.

export const KPI_DOMAINS = [
  'economy',
  'urban',
  'environment',
  'health',
  'public-order-traffic',
  'education',
  'tourism',
  'public-services',
  'citizen-feedback',
  'live-operations',
] as const;
export type KpiDomain = (typeof KPI_DOMAINS)[number];

/** A condition on a declared field of a dataset (values are always bound parameters). */
export interface KpiFieldFilter {
  field: string;
  op: 'eq' | 'in' | 'ne';
  value: string | number | boolean | (string | number | boolean)[];
}

/**
 * How a KPI is computed: a named source from a whitelist, with parameters. Users never
 * submit SQL; each source is one query template on the server.
 *  - records: records of a dataset of the data hub.
 *    agg count: how many; share: % of them matching `numerator`; per_km2: how many per km².
 *    dateField (a declared date field) gives the KPI a time dimension: with `flow` the value
 *    counts records whose date falls in the period; otherwise records dated before its end.
 */
export interface RecordsComputation {
  source: 'records';
  dataset: string;
  agg: 'count' | 'share' | 'per_km2';
  filter?: KpiFieldFilter[];
  numerator?: KpiFieldFilter[];
  dateField?: string;
  flow?: boolean;
  /** Field whose values form the category dimension (bar / pie). */
  categoryField?: string;
}

/** Rows of a table of another module (live operations, citizen feedback), by a named query. */
export interface TableComputation {
  source: 'feedback' | 'alerts' | 'incidents' | 'sensors';
  /** Name of the query template of that source (see docs/modules/kpis.md). */
  query: string;
  params?: Record<string, string | number | boolean>;
}

export type KpiComputation = RecordsComputation | TableComputation;

export interface KpiThresholds {
  /** Green at or beyond this value (above when higher is better, below otherwise). */
  green: number;
  /** Amber at or beyond this value; red past it. */
  amber: number;
}

export interface KpiDefinition {
  id: string;
  titleVi: string;
  titleEn: string;
  descriptionVi?: string;
  descriptionEn?: string;
  domain: KpiDomain;
  /** e.g. 'hộ', '%', 'per km²', 'phản ánh'. */
  unit: string;
  computation: KpiComputation;
  dimensions: ('area' | 'time' | 'category')[];
  target?: number | null;
  thresholds?: KpiThresholds | null;
  higherIsBetter: boolean;
  /** Code of the unit (units.code) that answers for the figure. */
  ownerUnit: string;
  /** How often the source data changes: 'realtime', 'hourly', 'daily', 'monthly', 'yearly'. */
  updateFrequency: 'realtime' | 'hourly' | 'daily' | 'monthly' | 'yearly';
  /** Time buckets of the trend series. */
  granularity?: 'day' | 'month' | 'year';
  /** Period used when the caller gives none (KPIs with a time dimension). */
  defaultPeriod?: 'last-full-year' | 'last-12-months' | 'last-30-days' | 'last-7-days';
}

export type KpiStatus = 'green' | 'amber' | 'red' | 'none';

export interface KpiPoint {
  /** Start of the bucket (YYYY-MM-DD or an ISO timestamp for hours). */
  t: string;
  value: number;
}

export interface KpiAreaValue {
  areaId: number;
  code: string;
  nameVi: string;
  scheme: string;
  value: number;
  count: number;
}

export interface KpiValue {
  id: string;
  value: number | null;
  /** Number of records behind the value (the drill-down total). */
  count: number;
  status: KpiStatus;
  period: { from: string | null; to: string | null };
  /** When the source data last changed, as far as the server can tell (ISO). */
  asOf: string;
  computedAt: string;
}

export interface KpiDetail extends KpiValue {
  definition: KpiDefinition;
  previous: { value: number | null; count: number; period: { from: string | null; to: string | null } } | null;
  trend: KpiPoint[];
  byArea: KpiAreaValue[];
  byCategory: { category: string; count: number }[];
  area: { id: number; code: string; nameVi: string; scheme: string; level: string } | null;
  scheme: 'vn2025' | 'vn2008';
  /** For an officer: the codes of their wards the figures are limited to; null for other roles. */
  scopedTo: string[] | null;
}

export interface KpiListItem {
  definition: KpiDefinition;
  builtIn: boolean;
  /** False when the source module is not installed: no value is given then. */
  available: boolean;
  current: KpiValue | null;
}

export interface KpiDrilldown {
  kpiId: string;
  total: number;
  /** The value shown on the tile, for comparison (equals total for count KPIs). */
  value: number | null;
  definition: KpiDefinition;
  items: { id: number; label: string; areaCodes: string[]; link: string }[];
  /** Where the full list lives in the UI (the datasets list with the same filters). */
  listLink: string | null;
  limit: number;
  offset: number;
}

export const WIDGET_KINDS = ['kpi', 'timeseries', 'bar', 'pie', 'table', 'map', 'alerts', 'feedback'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

export interface DashboardWidget {
  id: string;
  kind: WidgetKind;
  /** The KPI shown (not needed for alert and feedback lists). */
  kpiId?: string;
  /** Grid columns (1–12) and rows (1–6) the widget spans. */
  w: number;
  h: number;
  titleVi?: string;
  titleEn?: string;
}

export interface Dashboard {
  id: string;
  titleVi: string;
  titleEn: string;
  domain: KpiDomain | 'overview';
  widgets: DashboardWidget[];
  builtIn?: boolean;
  updatedAt?: string;
  updatedBy?: string;
}

export interface NotificationPreferences {
  /** Alert types that reach me; empty = all. */
  alertTypes: string[];
  /** Lowest severity that reaches me. */
  minSeverity: 'info' | 'warning' | 'critical';
  channels: { inApp: boolean; email: boolean; webhook: boolean };
  email: string | null;
  webhookUrl: string | null;
}
