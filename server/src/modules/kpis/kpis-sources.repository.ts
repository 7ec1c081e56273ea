// The SQL of the KPI sources (kpis.sources.ts says what each KPI computes; this file says how
// in SQL): one query template per source with the same shape for all of them — which rows
// count, their ward areas, their date, whether they are in the numerator, their category.
// Other modules' rows are read through their published views (v_*). Field names reaching this
// file are already checked against the dataset declaration; they and every value are bound as
// parameters, never spliced into the text.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/** The SQL parts of one compiled source (see CompiledSource in kpis.sources.ts). */
export interface SourceSql {
  from: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
  id: RawBuilder<unknown>;
  /** The row's key in its page address (text): the id, or a sensor's sensor_id. */
  key: RawBuilder<unknown>;
  label: RawBuilder<unknown>;
  /** int[] of ward-level area ids (any period) the row lies in. */
  areaIds: RawBuilder<unknown>;
  /** The row's day as text YYYY-MM-DD (Ho Chi Minh City time), or null without a time dimension. */
  time: RawBuilder<unknown> | null;
  numerator: RawBuilder<unknown> | null;
  category: RawBuilder<unknown> | null;
  lastChange: RawBuilder<unknown>;
}

/** A filter on a dataset field whose name was checked against the declaration. */
export interface CheckedFieldFilter {
  field: string;
  op: 'eq' | 'ne' | 'in';
  values: string[];
}

function filterSql(filters: CheckedFieldFilter[]): RawBuilder<unknown> {
  if (!filters.length) return sql`true`;
  const parts = filters.map((flt) => {
    const text = sql`(r.props ->> ${flt.field})`;
    switch (flt.op) {
      case 'eq':
        return sql`${text} = ${flt.values[0] ?? ''}`;
      case 'ne':
        return sql`${text} is distinct from ${flt.values[0] ?? ''}`;
      case 'in':
        return sql`${text} = any(${flt.values}::text[])`;
    }
  });
  return sql.join(parts, sql` and `);
}

/** Records of one dataset (fields already checked against its declaration). */
export function recordsSourceSql(p: {
  datasetId: string;
  filter: CheckedFieldFilter[];
  /** Null: no numerator (not a share). */
  numerator: CheckedFieldFilter[] | null;
  dateField: string | null;
  categoryField: string | null;
  labelField: string | undefined;
}): SourceSql {
  return {
    from: sql`v_records r`,
    where: sql`r.dataset_id = ${p.datasetId} and ${filterSql(p.filter)}`,
    id: sql`r.id`,
    key: sql`r.id::text`,
    label: p.labelField ? sql`coalesce(r.props ->> ${p.labelField}, r.natural_key, r.id::text)` : sql`coalesce(r.natural_key, r.id::text)`,
    areaIds: sql`r.area_ids`,
    time: p.dateField ? sql`case when (r.props ->> ${p.dateField}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then left(r.props ->> ${p.dateField}, 10) end` : null,
    numerator: p.numerator ? filterSql(p.numerator) : null,
    category: p.categoryField ? sql`coalesce(r.props ->> ${p.categoryField}, '—')` : null,
    lastChange: sql`(select max(updated_at) from v_records where dataset_id = ${p.datasetId})`,
  };
}

/** Ward-level areas (any period) containing a point geometry column. */
const wardsContaining = (geom: RawBuilder<unknown>) =>
  sql`array(select a.id from v_areas a where a.level = 'ward' and ST_Intersects(a.geom, ${geom}))`;

export interface TableTemplate {
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

/** Sensors are records of the `sensors` dataset (migration 0006); readings in the sensors module's v_sensor_latest. */
const SENSOR_ACTIVE = sql`coalesce(r.props ->> 'status', 'active') = 'active'`;
const SENSOR_QUERIES: Record<string, TableTemplate> = {
  active: { where: SENSOR_ACTIVE, time: null, flow: false, category: sql`r.props ->> 'type'` },
  reporting: {
    where: SENSOR_ACTIVE, time: null, flow: false, category: sql`r.props ->> 'type'`,
    numerator: sql`exists (select 1 from v_sensor_latest l where l.sensor_id = r.props ->> 'sensor_id' and l.ts > now() - interval '15 minutes')`,
  },
};

/**
 * Named queries over the tasks leaders assign (tasks module, migration 0019), top-level tasks
 * only, by the official bucket of v_tasks: tasks due = done + open overdue, by deadline day.
 */
const TASKS_DUE = sql`t.parent_id is null and t.bucket in ('done-on-time', 'done-late', 'open-overdue')`;
const TASK_UNIT = sql`(select u.name_vi from v_units u where u.id = t.lead_unit_id)`;
const TASK_QUERIES: Record<string, TableTemplate> = {
  'completion-rate': { where: TASKS_DUE, time: day(sql`t.due_at`), flow: true, numerator: sql`t.bucket in ('done-on-time', 'done-late')`, category: TASK_UNIT },
  'on-time-rate': { where: TASKS_DUE, time: day(sql`t.due_at`), flow: true, numerator: sql`t.bucket = 'done-on-time'`, category: TASK_UNIT },
  overdue: { where: sql`t.parent_id is null and t.bucket = 'open-overdue'`, time: null, flow: false, category: TASK_UNIT },
  open: { where: sql`t.parent_id is null and t.status not in ('done', 'cancelled')`, time: null, flow: false, category: TASK_UNIT },
};

/** Dossiers of administrative procedures (procedures module, migration 0020, view v_proc_dossiers). */
const PROC_OPEN = sql`pd.received_at is not null and pd.finished_at is null and pd.status not in (1, 3, 7, 8, 9, 10)`;
const PROCEDURE_QUERIES: Record<string, TableTemplate> = {
  received: { where: sql`pd.received_at is not null`, time: day(sql`pd.received_at`), flow: true, category: sql`pd.procedure_code` },
  online: { where: sql`pd.received_at is not null`, time: day(sql`pd.received_at`), flow: true, numerator: sql`pd.channel = 2`, category: sql`pd.procedure_code` },
  open: { where: PROC_OPEN, time: null, flow: false, category: sql`pd.procedure_code` },
  overdue: { where: sql`${PROC_OPEN} and pd.due_at < now()`, time: null, flow: false, category: sql`pd.procedure_code` },
  'due-soon': { where: sql`${PROC_OPEN} and pd.due_at >= now() and pd.due_at < now() + interval '3 days'`, time: null, flow: false, category: sql`pd.procedure_code` },
  'on-time': {
    where: sql`pd.finished_at is not null and pd.received_at is not null and pd.status in (8, 9, 10)`, time: day(sql`pd.finished_at`), flow: true, category: sql`pd.procedure_code`,
    // Decision 766: the citizen's time on one supplementary request is not counted; more than one is late.
    numerator: sql`pd.supplement_count <= 1 and (pd.due_at is null or pd.finished_at - coalesce(pd.citizen_pause, interval '0') <= pd.due_at)`,
  },
};

/** The named queries of each table source. */
export const TABLE_QUERIES = {
  feedback: FEEDBACK_QUERIES,
  alerts: ALERT_QUERIES,
  incidents: INCIDENT_QUERIES,
  sensors: SENSOR_QUERIES,
  tasks: TASK_QUERIES,
  procedures: PROCEDURE_QUERIES,
} as const;
export type TableSourceName = keyof typeof TABLE_QUERIES;

/**
 * Alerts and incidents share one shape: a position (else the 2025 ward code they carry), an
 * `updated_at` and a page per row. View, alias and columns are constants of this file, never input.
 */
function positionedSourceSql(t: TableTemplate, o: { view: 'v_alerts' | 'v_incidents'; alias: 'al' | 'i'; label: 'title_vi' | 'title' }): SourceSql {
  const col = (name: string) => sql.ref(`${o.alias}.${name}`);
  // Rows without a position count for the ward whose code they carry (2025 units).
  const areaIds = sql`case when ${col('geom')} is not null then ${wardsContaining(col('geom'))}
        else array(select a.id from v_areas a where a.level = 'ward' and a.code = ${col('area_code')} and a.valid_to is null) end`;
  return {
    from: sql`${sql.table(o.view)} ${sql.raw(o.alias)}`, where: t.where, id: col('id'), key: sql`${col('id')}::text`, label: col(o.label),
    areaIds, time: t.time, numerator: t.numerator ?? null, category: t.category ?? null,
    lastChange: sql`(select max(updated_at) from ${sql.table(o.view)})`,
  };
}

/** The SQL of one named query (a key of TABLE_QUERIES[source]) of a table source. */
export function tableSourceSql(source: TableSourceName, t: TableTemplate): SourceSql {
  switch (source) {
    case 'feedback':
      return {
        from: sql`v_feedback_reports f`, where: t.where, id: sql`f.id`, key: sql`f.id::text`,
        label: sql`f.tracking_code || ' · ' || left(f.description, 80)`,
        areaIds: wardsContaining(sql`f.geom`), time: t.time,
        numerator: t.numerator ?? null, category: t.category ?? null,
        lastChange: sql`(select max(at) from v_feedback_events)`,
      };
    case 'alerts':
      return positionedSourceSql(t, { view: 'v_alerts', alias: 'al', label: 'title_vi' });
    case 'incidents':
      return positionedSourceSql(t, { view: 'v_incidents', alias: 'i', label: 'title' });
    case 'tasks':
      return {
        from: sql`v_tasks t`, where: t.where, id: sql`t.id`, key: sql`t.id::text`, label: sql`t.title`,
        // A ward's tasks count for the ward (its unit is ubnd-<ward code>); other units' for none.
        areaIds: sql`array(select a.id from v_areas a join v_units u on u.code = 'ubnd-' || a.code where a.level = 'ward' and a.valid_to is null and u.id = t.lead_unit_id)`,
        time: t.time, numerator: t.numerator ?? null, category: t.category ?? null,
        lastChange: sql`(select max(updated_at) from v_tasks)`,
      };
    case 'sensors':
      return {
        from: sql`v_records r`, where: sql`r.dataset_id = 'sensors' and ${t.where}`, id: sql`r.id`,
        key: sql`coalesce(r.props ->> 'sensor_id', r.natural_key)`,
        label: sql`coalesce(r.props ->> 'name', r.natural_key)`, areaIds: sql`r.area_ids`,
        time: t.time, numerator: t.numerator ?? null, category: t.category ?? null,
        lastChange: sql`(select max(ts) from v_sensor_latest)`,
      };
    case 'procedures':
      return {
        from: sql`v_proc_dossiers pd`, where: t.where, id: sql`pd.id`, key: sql`pd.id::text`, label: sql`pd.code`,
        areaIds: sql`array(select a.id from v_areas a where a.level = 'ward' and a.code = pd.ward_code and a.valid_to is null)`,
        time: t.time, numerator: t.numerator ?? null, category: t.category ?? null,
        lastChange: sql`(select max(updated_at) from v_proc_dossiers)`,
      };
  }
}

export type StampKey = 'records' | 'feedback' | 'alerts' | 'incidents' | 'sensors' | 'tasks' | 'procedures';

/**
 * Change stamps: cheap queries (index-only max) whose answer moves when a source changes, and
 * the table whose presence tells the source is installed (its module may not be).
 */
const STAMPS: Record<StampKey, { table: string; query: RawBuilder<{ stamp: string }> }> = {
  records: { table: 'records', query: sql`select (select coalesce(max(id), 0) from v_records)::text || '/' || (select coalesce(max(id), 0) from v_record_history)::text as stamp` },
  feedback: { table: 'feedback_reports', query: sql`select (select coalesce(max(id), 0) from v_feedback_reports)::text || '/' || (select coalesce(max(id), 0) from v_feedback_events)::text as stamp` },
  alerts: { table: 'alerts', query: sql`select (select coalesce(max(id), 0) from v_alerts)::text || '/' || (select coalesce(max(id), 0) from v_alert_events)::text as stamp` },
  incidents: { table: 'incidents', query: sql`select (select coalesce(max(id), 0) from v_incidents)::text || '/' || (select coalesce(max(id), 0) from v_incident_events)::text as stamp` },
  // Tasks change by update (status, deadline) as much as by insert; the bucket moves with time too (hourly).
  tasks: { table: 'tasks', query: sql`select (select coalesce(max(id), 0) from v_tasks)::text || '/' || (select coalesce(max(id), 0) from v_task_events)::text || '/' || (select coalesce(max(updated_at)::text, '') from v_tasks) || '/' || to_char(now(), 'YYYYMMDDHH24') as stamp` },
  procedures: { table: 'proc_dossiers', query: sql`select coalesce((select max(updated_at) from v_proc_dossiers)::text, '') || '/' || (select count(*) from v_proc_dossiers)::text as stamp` },
  // Readings move every few seconds: the latest reading time, plus the records (sensors are records).
  sensors: { table: 'sensor_latest', query: sql`select coalesce((select max(ts) from v_sensor_latest)::text, '') || '/' || (select coalesce(max(id), 0) from v_records)::text || '/' || (select coalesce(max(id), 0) from v_record_history)::text as stamp` },
};

/** The table each source needs (checked in the catalogue, see kpisRepository.existingTables). */
export const STAMP_TABLES: Record<StampKey, string> = Object.fromEntries(
  Object.entries(STAMPS).map(([k, v]) => [k, v.table]),
) as Record<StampKey, string>;

export function kpiSourcesRepository(db: Kysely<DB>) {
  return {
    /** The current change stamp of a source. */
    async stamp(key: StampKey): Promise<string> {
      return (await STAMPS[key].query.execute(db)).rows[0]?.stamp ?? '';
    },
  };
}
