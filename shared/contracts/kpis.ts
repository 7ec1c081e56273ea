// KPIs and dashboards: definitions stored as data, computed values with trend, previous
// period, status colour and per-area breakdown, drill-down to the records behind a value,
// dashboards made of widgets, per-user notification preferences.

import { Type, type Static } from 'typebox';
import { lit, Nullable } from './schema.ts';

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
  'direction',
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
  source: 'feedback' | 'alerts' | 'incidents' | 'sensors' | 'tasks' | 'procedures';
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

/** A computation in a response: one of the shapes of `KpiComputation`. */
export const KpiComputationSchema = Type.Unsafe<KpiComputation>({
  type: 'object',
  description: 'a whitelisted source with parameters; see docs/modules/kpis.md',
  properties: { source: { type: 'string', enum: ['records', 'feedback', 'alerts', 'incidents', 'sensors', 'tasks', 'procedures'] } },
  required: ['source'],
  additionalProperties: true,
});

export const KpiDefinitionSchema = Type.Object({
  id: Type.String(),
  titleVi: Type.String(),
  titleEn: Type.String(),
  descriptionVi: Type.Optional(Type.String()),
  descriptionEn: Type.Optional(Type.String()),
  domain: lit(KPI_DOMAINS),
  /** e.g. 'hộ', '%', 'per km²', 'phản ánh'. */
  unit: Type.String({ description: "e.g. 'hộ', '%', 'per km²', 'phản ánh'" }),
  computation: KpiComputationSchema,
  dimensions: Type.Array(lit(['area', 'time', 'category'] as const)),
  target: Type.Optional(Nullable(Type.Number())),
  thresholds: Type.Optional(Nullable(Type.Object({
    /** Green at or beyond this value (above when higher is better, below otherwise). */
    green: Type.Number(),
    /** Amber at or beyond this value; red past it. */
    amber: Type.Number(),
  }))),
  higherIsBetter: Type.Boolean(),
  /** Code of the unit (units.code) that answers for the figure. */
  ownerUnit: Type.String({ description: 'code of the unit that answers for the figure' }),
  /** How often the source data changes. */
  updateFrequency: lit(['realtime', 'hourly', 'daily', 'monthly', 'yearly'] as const),
  /** Time buckets of the trend series. */
  granularity: Type.Optional(lit(['day', 'month', 'year'] as const)),
  /** Period used when the caller gives none (KPIs with a time dimension). */
  defaultPeriod: Type.Optional(lit(['last-full-year', 'last-12-months', 'last-30-days', 'last-7-days'] as const)),
});
export type KpiDefinition = Static<typeof KpiDefinitionSchema>;

export const KPI_STATUSES = ['green', 'amber', 'red', 'none'] as const;
export type KpiStatus = (typeof KPI_STATUSES)[number];

export const KpiPointSchema = Type.Object({
  /** Start of the bucket (YYYY-MM-DD or an ISO timestamp for hours). */
  t: Type.String({ description: 'start of the bucket (YYYY-MM-DD or an ISO timestamp for hours)' }),
  value: Type.Number(),
});
export type KpiPoint = Static<typeof KpiPointSchema>;

export const KpiAreaValueSchema = Type.Object({
  areaId: Type.Integer(),
  code: Type.String(),
  nameVi: Type.String(),
  scheme: Type.String(),
  value: Type.Number(),
  count: Type.Number(),
});
export type KpiAreaValue = Static<typeof KpiAreaValueSchema>;

const KpiPeriodSchema = Type.Object({ from: Nullable(Type.String()), to: Nullable(Type.String()) });

const kpiValueProperties = {
  id: Type.String(),
  value: Nullable(Type.Number()),
  /** Number of records behind the value (the drill-down total). */
  count: Type.Number({ description: 'number of records behind the value (the drill-down total)' }),
  status: lit(KPI_STATUSES),
  period: KpiPeriodSchema,
  /** When the source data last changed, as far as the server can tell (ISO). */
  asOf: Type.String({ description: 'when the source data last changed, as far as the server can tell (ISO)' }),
  computedAt: Type.String(),
};
export const KpiValueSchema = Type.Object(kpiValueProperties);
export type KpiValue = Static<typeof KpiValueSchema>;

export const KpiDetailSchema = Type.Object({
  ...kpiValueProperties,
  definition: KpiDefinitionSchema,
  previous: Nullable(Type.Object({ value: Nullable(Type.Number()), count: Type.Number(), period: KpiPeriodSchema })),
  trend: Type.Array(KpiPointSchema),
  byArea: Type.Array(KpiAreaValueSchema),
  byCategory: Type.Array(
    Type.Object({
      category: Type.String(),
      count: Type.Number(),
      labelVi: Type.Optional(Type.String({ description: "the category's Vietnamese label, when its field declares one (valuesVi: values that are codes)" })),
      labelEn: Type.Optional(Type.String({ description: "the category's English label, when its field declares one (valuesEn)" })),
    }),
  ),
  area: Nullable(Type.Object({ id: Type.Integer(), code: Type.String(), nameVi: Type.String(), scheme: Type.String(), level: Type.String() })),
  scheme: lit(['vn2025', 'vn2008'] as const),
  /** For an officer: the codes of their wards the figures are limited to; null for other roles. */
  scopedTo: Nullable(Type.Array(Type.String(), { description: 'for an officer: the codes of their wards the figures are limited to; null for other roles' })),
});
export type KpiDetail = Static<typeof KpiDetailSchema>;

/** GET /api/kpis/details: each KPI in detail, or its error. */
export const KpiDetailsSchema = Type.Object({
  details: Type.Array(Type.Union([KpiDetailSchema, Type.Object({ id: Type.String(), error: Type.String() })])),
});

export const KpiListItemSchema = Type.Object({
  definition: KpiDefinitionSchema,
  builtIn: Type.Boolean(),
  /** False when the source module is not installed: no value is given then. */
  available: Type.Boolean({ description: 'false when the source module is not installed: no value is given then' }),
  current: Nullable(KpiValueSchema),
});
export type KpiListItem = Static<typeof KpiListItemSchema>;
export const KpiListSchema = Type.Object({ kpis: Type.Array(KpiListItemSchema) });

export const KpiDrilldownSchema = Type.Object({
  kpiId: Type.String(),
  total: Type.Integer(),
  /** The value shown on the tile, for comparison (equals total for count KPIs). */
  value: Nullable(Type.Number()),
  definition: KpiDefinitionSchema,
  items: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String(), areaCodes: Type.Array(Type.String()), link: Type.String() })),
  /** Where the full list lives in the UI (the datasets list with the same filters). */
  listLink: Nullable(Type.String()),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type KpiDrilldown = Static<typeof KpiDrilldownSchema>;

export const WIDGET_KINDS = ['kpi', 'timeseries', 'bar', 'pie', 'table', 'map', 'alerts', 'feedback'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

/** Screens a dashboard can be made for besides the dashboards pages. */
export const DASHBOARD_SCREENS = ['wall', 'phone'] as const;
export type DashboardScreen = (typeof DASHBOARD_SCREENS)[number];

export const DashboardWidgetSchema = Type.Object({
  id: Type.String(),
  kind: lit(WIDGET_KINDS),
  /** The KPI shown (not needed for alert and feedback lists). */
  kpiId: Type.Optional(Type.String()),
  /** Grid columns (1–12) and rows (1–6) the widget spans. */
  w: Type.Integer(),
  h: Type.Integer(),
  titleVi: Type.Optional(Type.String()),
  titleEn: Type.Optional(Type.String()),
});
export type DashboardWidget = Static<typeof DashboardWidgetSchema>;

export const DashboardSchema = Type.Object({
  id: Type.String(),
  titleVi: Type.String(),
  titleEn: Type.String(),
  domain: lit([...KPI_DOMAINS, 'overview'] as const),
  widgets: Type.Array(DashboardWidgetSchema),
  /**
   * Where the dashboard is shown: omitted = the dashboards pages; 'wall' = a page of the wall
   * screen (/wall, in id order; its KPI tiles first, then its widgets on a 6 × 4 grid, w and h
   * in cells); 'phone' = the key KPIs of the leader's phone (/m).
   */
  screen: Type.Optional(lit(DASHBOARD_SCREENS)),
  builtIn: Type.Optional(Type.Boolean()),
  updatedAt: Type.Optional(Type.String()),
  updatedBy: Type.Optional(Type.String()),
});
export type Dashboard = Static<typeof DashboardSchema>;
export const DashboardListSchema = Type.Object({ dashboards: Type.Array(DashboardSchema) });

export interface NotificationPreferences {
  /** Alert types that reach me; empty = all. */
  alertTypes: string[];
  /** Lowest severity that reaches me. */
  minSeverity: 'info' | 'warning' | 'critical';
  channels: { inApp: boolean; email: boolean; webhook: boolean };
  email: string | null;
  webhookUrl: string | null;
  /** Language of the e-mails sent to me (default Vietnamese). */
  language?: 'vi' | 'en';
}
