// The whitelist of KPI sources: each turns a KPI computation (parameters only, never SQL
// from a user) into one query template over a table, with the same shape for all of them:
// which rows count, their ward areas, their date, whether they are in the numerator, and
// how to link a row to its page. Field names are checked against the dataset declaration
// and bound as parameters; values are always parameters.
import { sql, type RawBuilder } from 'kysely';
import type { KpiComputation, KpiFieldFilter, RecordsComputation, TableComputation } from '../../../../shared/contracts/kpis.ts';
import type { DatasetDecl } from '../datasets/index.ts';
import { badRequest } from '../../platform/http/errors.ts';

export interface CompiledSource {
  /** Source table(s) this KPI reads; its cache is refreshed when their change stamp moves. */
  stampKey: 'records' | 'feedback' | 'alerts' | 'incidents' | 'sensors';
  /** Table needed for the source to exist (the module may not be installed). */
  requiresTable: string;
  from: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
  id: RawBuilder<unknown>;
  label: RawBuilder<unknown>;
  /** int[] of ward-level area ids (any period) the row lies in. */
  areaIds: RawBuilder<unknown>;
  /** The row's day as text YYYY-MM-DD (Ho Chi Minh City time), or null without a time dimension. */
  time: RawBuilder<unknown> | null;
  /** Rows with a date in the period (flow) rather than rows dated before its end (stock). */
  flow: boolean;
  numerator: RawBuilder<unknown> | null;
  category: RawBuilder<unknown> | null;
  lastChange: RawBuilder<unknown>;
  /** UI link of one row and of the whole list. */
  link(id: number): string;
  listLink(q: { area?: string | undefined; date?: string | undefined }): string | null;
}

const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;

/** A declared field, checked so that only real fields of the dataset are ever read. */
function field(decl: DatasetDecl, name: string, types?: string[]): string {
  const f = decl.fields.find((x) => x.name === name);
  if (!f || !FIELD_NAME.test(name)) throw badRequest(`dataset ${decl.id} has no field "${name}"`);
  if (types && !types.includes(f.type)) throw badRequest(`field "${name}" of ${decl.id} must be of type ${types.join(' or ')}`);
  return name;
}

function filterSql(decl: DatasetDecl, filters: KpiFieldFilter[] | undefined): RawBuilder<unknown> {
  if (!filters?.length) return sql`true`;
  const parts = filters.map((flt) => {
    const name = field(decl, flt.field);
    const values = (Array.isArray(flt.value) ? flt.value : [flt.value]).map(String);
    const text = sql`(r.props ->> ${name})`;
    switch (flt.op) {
      case 'eq':
        return sql`${text} = ${values[0] ?? ''}`;
      case 'ne':
        return sql`${text} is distinct from ${values[0] ?? ''}`;
      case 'in':
        return sql`${text} = any(${values}::text[])`;
      default:
        throw badRequest(`unknown filter operator ${String((flt as { op: unknown }).op)}`);
    }
  });
  return sql.join(parts, sql` and `);
}

function recordsSource(c: RecordsComputation, decl: DatasetDecl): CompiledSource {
  const dateField = c.dateField ? field(decl, c.dateField, ['date']) : null;
  const categoryField = c.categoryField ? field(decl, c.categoryField, ['enum', 'text', 'boolean', 'integer']) : null;
  if (c.agg === 'share' && !c.numerator?.length) throw badRequest('a share KPI needs a numerator filter');
  const labelField = decl.fields.find((f) => f.name === 'name')?.name ?? decl.fields.find((f) => f.type === 'text' && !f.personal)?.name;
  return {
    stampKey: 'records',
    requiresTable: 'records',
    from: sql`records r`,
    where: sql`r.dataset_id = ${decl.id} and ${filterSql(decl, c.filter)}`,
    id: sql`r.id`,
    label: labelField ? sql`coalesce(r.props ->> ${labelField}, r.natural_key, r.id::text)` : sql`coalesce(r.natural_key, r.id::text)`,
    areaIds: sql`r.area_ids`,
    time: dateField ? sql`case when (r.props ->> ${dateField}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then left(r.props ->> ${dateField}, 10) end` : null,
    flow: !!(dateField && c.flow),
    numerator: c.agg === 'share' ? filterSql(decl, c.numerator) : null,
    category: categoryField ? sql`coalesce(r.props ->> ${categoryField}, '—')` : null,
    lastChange: sql`(select max(updated_at) from records where dataset_id = ${decl.id})`,
    link: (id) => `/data/${decl.id}/${id}`,
    listLink: (q) => {
      const p = new URLSearchParams();
      for (const flt of c.filter ?? []) if (flt.op === 'eq') p.set(`f.${flt.field}`, String(flt.value));
      if (q.area) p.set('area', q.area);
      if (q.date) p.set('date', q.date);
      const s = p.toString();
      return `/data/${decl.id}${s ? `?${s}` : ''}`;
    },
  };
}

/** Ward-level areas (any period) containing a point geometry column. */
const wardsContaining = (geom: RawBuilder<unknown>) =>
  sql`array(select a.id from areas a where a.level = 'ward' and ST_Intersects(a.geom, ${geom}))`;

interface TableTemplate {
  where: RawBuilder<unknown>;
  time: RawBuilder<unknown> | null;
  flow: boolean;
  numerator?: RawBuilder<unknown>;
  category?: RawBuilder<unknown>;
}

/** Day of a timestamp in Ho Chi Minh City, as YYYY-MM-DD text (comparable as text). */
const day = (t: RawBuilder<unknown>) => sql`to_char(${t} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`;

const FEEDBACK_OPEN = sql`f.status in ('received', 'verified', 'assigned', 'in_progress')`;
const FEEDBACK_DONE = sql`f.status in ('resolved', 'closed')`;

/** Named queries over citizen feedback (migration 0008). */
const FEEDBACK_QUERIES: Record<string, TableTemplate> = {
  received: { where: sql`f.merged_into_id is null`, time: day(sql`f.created_at`), flow: true, category: sql`f.category_code` },
  open: { where: sql`f.merged_into_id is null and ${FEEDBACK_OPEN}`, time: null, flow: false, category: sql`f.category_code` },
  overdue: { where: sql`f.merged_into_id is null and ${FEEDBACK_OPEN} and f.deadline_at < now()`, time: null, flow: false, category: sql`f.category_code` },
  'resolved-on-time': {
    where: sql`f.merged_into_id is null and ${FEEDBACK_DONE} and f.resolved_at is not null`,
    time: day(sql`f.resolved_at`), flow: true,
    numerator: sql`f.resolved_at <= f.deadline_at`, category: sql`f.category_code`,
  },
  satisfied: {
    where: sql`f.merged_into_id is null and f.rating is not null`, time: day(sql`f.rated_at`), flow: true,
    numerator: sql`f.rating >= 4`, category: sql`f.category_code`,
  },
};

const ALERT_UNRESOLVED = sql`al.status <> 'resolved'`;
/** Named queries over alerts (migration 0007). */
const ALERT_QUERIES: Record<string, TableTemplate> = {
  open: { where: ALERT_UNRESOLVED, time: null, flow: false, category: sql`al.category` },
  'open-severe': { where: sql`${ALERT_UNRESOLVED} and al.severity in ('Extreme', 'Severe')`, time: null, flow: false, category: sql`al.category` },
  raised: { where: sql`true`, time: day(sql`al.opened_at`), flow: true, category: sql`al.category` },
  'acknowledged-in-15-min': {
    where: sql`al.acknowledged_at is not null`, time: day(sql`al.opened_at`), flow: true,
    numerator: sql`al.acknowledged_at <= al.opened_at + interval '15 minutes'`, category: sql`al.category`,
  },
};
const INCIDENT_QUERIES: Record<string, TableTemplate> = {
  open: { where: sql`i.status <> 'closed'`, time: null, flow: false, category: sql`i.type` },
  opened: { where: sql`true`, time: day(sql`i.created_at`), flow: true, category: sql`i.type` },
};

/** Sensors are records of the `sensors` dataset (migration 0006); readings in sensor_latest. */
const SENSOR_ACTIVE = sql`coalesce(r.props ->> 'status', 'active') = 'active'`;
const SENSOR_QUERIES: Record<string, TableTemplate> = {
  active: { where: SENSOR_ACTIVE, time: null, flow: false, category: sql`r.props ->> 'type'` },
  reporting: {
    where: SENSOR_ACTIVE, time: null, flow: false, category: sql`r.props ->> 'type'`,
    numerator: sql`exists (select 1 from sensor_latest l where l.sensor_id = r.props ->> 'sensor_id' and l.ts > now() - interval '15 minutes')`,
  },
};

/**
 * Alerts and incidents share one shape: a position (else the 2025 ward code they carry), an
 * `updated_at` and a page per row. Table, alias and columns are constants of this file, never input.
 */
function positionedSource(
  t: TableTemplate,
  o: { table: 'alerts' | 'incidents'; alias: 'al' | 'i'; label: 'title_vi' | 'title'; page: string },
): CompiledSource {
  const col = (name: string) => sql.ref(`${o.alias}.${name}`);
  // Rows without a position count for the ward whose code they carry (2025 units).
  const areaIds = sql`case when ${col('geom')} is not null then ${wardsContaining(col('geom'))}
        else array(select a.id from areas a where a.level = 'ward' and a.code = ${col('area_code')} and a.valid_to is null) end`;
  return {
    stampKey: o.table, requiresTable: o.table,
    from: sql`${sql.table(o.table)} ${sql.raw(o.alias)}`, where: t.where, id: col('id'), label: col(o.label),
    areaIds, time: t.time, flow: t.flow, numerator: t.numerator ?? null, category: t.category ?? null,
    lastChange: sql`(select max(updated_at) from ${sql.table(o.table)})`,
    link: (id) => `${o.page}/${id}`, listLink: () => o.page,
  };
}

function tableSource(c: TableComputation): CompiledSource {
  const pick = (queries: Record<string, TableTemplate>) => {
    const t = queries[c.query];
    if (!t) throw badRequest(`source ${c.source} has no query "${c.query}" (known: ${Object.keys(queries).join(', ')})`);
    return t;
  };
  switch (c.source) {
    case 'feedback': {
      const t = pick(FEEDBACK_QUERIES);
      return {
        stampKey: 'feedback', requiresTable: 'feedback_reports',
        from: sql`feedback_reports f`, where: t.where, id: sql`f.id`,
        label: sql`f.tracking_code || ' · ' || left(f.description, 80)`,
        areaIds: wardsContaining(sql`f.geom`), time: t.time, flow: t.flow,
        numerator: t.numerator ?? null, category: t.category ?? null,
        lastChange: sql`(select max(at) from feedback_events)`,
        link: (id) => `/feedback/${id}`, listLink: () => '/feedback',
      };
    }
    case 'alerts':
      return positionedSource(pick(ALERT_QUERIES), { table: 'alerts', alias: 'al', label: 'title_vi', page: '/alerts' });
    case 'incidents':
      return positionedSource(pick(INCIDENT_QUERIES), { table: 'incidents', alias: 'i', label: 'title', page: '/incidents' });
    case 'sensors': {
      const t = pick(SENSOR_QUERIES);
      return {
        stampKey: 'sensors', requiresTable: 'sensor_latest',
        from: sql`records r`, where: sql`r.dataset_id = 'sensors' and ${t.where}`, id: sql`r.id`,
        label: sql`coalesce(r.props ->> 'name', r.natural_key)`, areaIds: sql`r.area_ids`,
        time: t.time, flow: t.flow, numerator: t.numerator ?? null, category: t.category ?? null,
        lastChange: sql`(select max(ts) from sensor_latest)`,
        link: (id) => `/data/sensors/${id}`, listLink: () => '/data/sensors',
      };
    }
    default:
      throw badRequest(`source ${String((c as { source: unknown }).source)} is not available`);
  }
}

/** Change stamps: cheap queries (index-only max) whose answer moves when a source changes. */
export const STAMP_QUERIES: Record<CompiledSource['stampKey'], { table: string; query: RawBuilder<{ stamp: string }> }> = {
  records: { table: 'records', query: sql`select (select coalesce(max(id), 0) from records)::text || '/' || (select coalesce(max(id), 0) from record_history)::text as stamp` },
  feedback: { table: 'feedback_reports', query: sql`select (select coalesce(max(id), 0) from feedback_reports)::text || '/' || (select coalesce(max(id), 0) from feedback_events)::text as stamp` },
  alerts: { table: 'alerts', query: sql`select (select coalesce(max(id), 0) from alerts)::text || '/' || (select coalesce(max(id), 0) from alert_events)::text as stamp` },
  incidents: { table: 'incidents', query: sql`select (select coalesce(max(id), 0) from incidents)::text || '/' || (select coalesce(max(id), 0) from incident_events)::text as stamp` },
  // Readings move every few seconds: the latest reading time, plus the records (sensors are records).
  sensors: { table: 'sensor_latest', query: sql`select coalesce((select max(ts) from sensor_latest)::text, '') || '/' || (select coalesce(max(id), 0) from records)::text || '/' || (select coalesce(max(id), 0) from record_history)::text as stamp` },
};

export function compileSource(c: KpiComputation, datasetDecl: (id: string) => DatasetDecl | undefined): CompiledSource {
  if (c.source === 'records') {
    const decl = datasetDecl(c.dataset);
    if (!decl) throw badRequest(`no dataset "${c.dataset}"`);
    return recordsSource(c, decl);
  }
  return tableSource(c);
}

export const SOURCE_QUERIES = {
  sensors: Object.keys(SENSOR_QUERIES),
  feedback: Object.keys(FEEDBACK_QUERIES),
  alerts: Object.keys(ALERT_QUERIES),
  incidents: Object.keys(INCIDENT_QUERIES),
};
