// SQL of the alerts module: rules, per-sensor rule state, alerts and their timeline.
import { sql, type Kysely, type NotNull, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { AlertEvents, AlertRules, Alerts, JsonObject } from '../../platform/db/schema.ts';
import type { RuleCondition } from '../../../../shared/contracts/alerts.ts';
import type { ConditionState } from './conditions.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** A rule as stored (the columns of alert_rules but created_at), its condition typed. */
export type RuleRow = Omit<Selectable<AlertRules>, 'created_at' | 'condition'> & { condition: RuleCondition };

export interface RuleWrite {
  key?: string | null;
  nameVi: string;
  nameEn: string;
  enabled: boolean;
  sensorType: string | null;
  sensorId: string | null;
  areaCode: string | null;
  condition: RuleCondition;
  severity: string;
  category: string;
  public: boolean;
  autoResolve: boolean;
  instructionVi: string | null;
  instructionEn: string | null;
}

export type GeoPoint = { type: 'Point'; coordinates: [number, number] };

/** An alert as stored, its geometry as a GeoJSON point and its source and status typed. */
export type AlertRow = Omit<Selectable<Alerts>, 'geom' | 'source' | 'status'> & {
  source: 'rule' | 'manual';
  status: 'open' | 'acknowledged' | 'resolved';
  point: GeoPoint | null;
};

export interface AlertInsert {
  ruleId: number | null;
  sensorId: string | null;
  sensorType: string | null;
  metric: string | null;
  source: 'rule' | 'manual';
  severity: string;
  category: string;
  titleVi: string;
  titleEn: string;
  descriptionVi: string;
  descriptionEn: string;
  instructionVi: string | null;
  instructionEn: string | null;
  areaCode: string | null;
  place: string | null;
  lon: number | null;
  lat: number | null;
  public: boolean;
  value: number | null;
  peak: number | null;
  at: Date;
  createdBy: string;
}

export type EventRow = Omit<Selectable<AlertEvents>, 'alert_id' | 'details'> & { details: Record<string, unknown> };

export interface AlertQuery {
  status?: string[] | undefined;
  severity?: string[] | undefined;
  areaCodes?: string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  publicOnly?: boolean;
  limit: number;
  offset: number;
}

const ALERT_COLUMN_NAMES = ['id', 'rule_id', 'sensor_id', 'sensor_type', 'metric', 'source', 'status', 'severity', 'category',
  'title_vi', 'title_en', 'description_vi', 'description_en', 'instruction_vi', 'instruction_en', 'area_code', 'place',
  'public', 'value', 'peak_value', 'update_count', 'opened_at', 'last_fired_at', 'cleared_at', 'acknowledged_at',
  'acknowledged_by', 'resolved_at', 'resolved_by', 'escalation_level', 'escalated_at', 'incident_id', 'created_by',
  'updated_at'] as const satisfies readonly (keyof Alerts)[];
/** The alert's point as GeoJSON (PostGIS: raw SQL, typed). */
const ALERT_POINT = sql<GeoPoint | null>`ST_AsGeoJSON(geom, 6)::json`.as('point');
const ALERT_COLUMNS = [...ALERT_COLUMN_NAMES, ALERT_POINT] as const;
/** The same columns for the raw UPDATE … FROM unnest(…) of refireActive (alias a). */
const ALERT_COLUMNS_SQL = sql.join([...ALERT_COLUMN_NAMES.map((c) => sql.ref(`a.${c}`)), sql`ST_AsGeoJSON(a.geom, 6)::json as point`]);

const RULE_COLUMNS = ['id', 'key', 'name_vi', 'name_en', 'enabled', 'sensor_type', 'sensor_id', 'area_code', 'condition', 'severity',
  'category', 'public', 'auto_resolve', 'instruction_vi', 'instruction_en', 'updated_at', 'updated_by'] as const satisfies readonly (keyof AlertRules)[];

/** `= any($1::text[])`: one array parameter whatever its length (an empty array matches nothing). */
const anyText = (values: readonly string[]) => sql<string>`any(${values}::text[])`;
const anyInt = (values: readonly number[]) => sql<number>`any(${values}::int[])`;

export function alertsRepository(db: Db) {
  const rules = () => db.selectFrom('alert_rules').select(RULE_COLUMNS).$narrowType<{ condition: RuleCondition }>();
  const alerts = () => db.selectFrom('alerts');
  const withAlertColumns = <Q extends ReturnType<typeof alerts>>(q: Q) =>
    q.select(ALERT_COLUMNS).$narrowType<{ source: AlertRow['source']; status: AlertRow['status'] }>();
  const ruleValues = (w: RuleWrite, actor: string) => ({
    name_vi: w.nameVi, name_en: w.nameEn, enabled: w.enabled, sensor_type: w.sensorType, sensor_id: w.sensorId, area_code: w.areaCode,
    condition: JSON.stringify(w.condition), severity: w.severity, category: w.category, public: w.public, auto_resolve: w.autoResolve,
    instruction_vi: w.instructionVi, instruction_en: w.instructionEn, updated_by: actor,
  });
  return {
    // ---- rules
    async listRules(): Promise<RuleRow[]> {
      return rules().orderBy('id').execute();
    },
    /** Unresolved alerts per rule (served by the partial index on unresolved rule alerts). */
    async unresolvedCountsByRule(): Promise<Map<number, number>> {
      const r = await db.selectFrom('alerts')
        .select((eb) => ['rule_id', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
        .where('rule_id', 'is not', null).where('status', '<>', 'resolved')
        .groupBy('rule_id').$narrowType<{ rule_id: NotNull }>().execute();
      return new Map(r.map((x) => [x.rule_id, x.n]));
    },
    async getRule(id: number): Promise<RuleRow | undefined> {
      return rules().where('id', '=', id).executeTakeFirst();
    },
    async insertRule(w: RuleWrite, actor: string): Promise<RuleRow> {
      const r = await db.insertInto('alert_rules').values({ key: w.key ?? null, ...ruleValues(w, actor) })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning(RULE_COLUMNS).$narrowType<{ condition: RuleCondition }>().executeTakeFirst();
      return r!;
    },
    async updateRule(id: number, w: RuleWrite, actor: string): Promise<RuleRow | undefined> {
      const r = await db.updateTable('alert_rules').set({ ...ruleValues(w, actor), updated_at: sql<Date>`now()` })
        .where('id', '=', id).returning(RULE_COLUMNS).$narrowType<{ condition: RuleCondition }>().executeTakeFirst();
      // A changed condition starts from a clean state.
      await db.deleteFrom('alert_rule_state').where('rule_id', '=', id).execute();
      return r;
    },
    async deleteRule(id: number): Promise<boolean> {
      const r = await db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    // ---- rule state
    async loadStates(ruleIds: number[], sensorIds: string[]) {
      if (!ruleIds.length || !sensorIds.length) return [];
      return db.selectFrom('alert_rule_state').select((eb) => ['rule_id', 'sensor_id', 'active', eb.ref('state').$castTo<ConditionState>().as('state')])
        .where('rule_id', '=', anyInt(ruleIds)).where('sensor_id', '=', anyText(sensorIds)).execute();
    },
    // Bulk writes (saveStates, saveEvaluation, markSeen) stay raw: one statement over unnest(…)
    // arrays whatever the number of rows, with a CTE to write both tables in one round trip.
    async saveStates(rows: { ruleId: number; sensorId: string; state: ConditionState }[], now: Date) {
      if (!rows.length) return;
      await sql`
        insert into alert_rule_state (rule_id, sensor_id, active, state, updated_at)
        select * from unnest(${rows.map((r) => r.ruleId)}::int[], ${rows.map((r) => r.sensorId)}::text[],
                             ${rows.map((r) => r.state.active)}::boolean[], ${rows.map((r) => JSON.stringify(r.state))}::jsonb[],
                             ${rows.map(() => now.toISOString())}::timestamptz[])
        on conflict (rule_id, sensor_id) do update set active = excluded.active, state = excluded.state, updated_at = excluded.updated_at`.execute(db);
    },
    /**
     * Writes what one evaluation learnt in a single statement (one round trip, one sync on the
     * embedded engine): the sensors' last reading time (for the no-data rule) and the rule states.
     */
    async saveEvaluation(seen: { sensorId: string; sensorType: string; areaCodes: string[]; ts: string }[], states: { ruleId: number; sensorId: string; state: ConditionState }[], at: Date) {
      if (!states.length) return this.markSeen(seen);
      if (!seen.length) return this.saveStates(states, at);
      const now = at.toISOString();
      await sql`
        with seen as (
          insert into alert_sensor_seen (sensor_id, sensor_type, area_codes, last_ts)
          select s, t, string_to_array(a, ','), ts from unnest(${seen.map((r) => r.sensorId)}::text[], ${seen.map((r) => r.sensorType)}::text[],
                 ${seen.map((r) => r.areaCodes.join(','))}::text[], ${seen.map((r) => r.ts)}::timestamptz[]) as u(s, t, a, ts)
          on conflict (sensor_id) do update set sensor_type = excluded.sensor_type, area_codes = excluded.area_codes,
            last_ts = greatest(alert_sensor_seen.last_ts, excluded.last_ts)
          returning 1
        )
        insert into alert_rule_state (rule_id, sensor_id, active, state, updated_at)
        select r, s, a, st, ${now}::timestamptz from unnest(${states.map((r) => r.ruleId)}::int[], ${states.map((r) => r.sensorId)}::text[],
                             ${states.map((r) => r.state.active)}::boolean[], ${states.map((r) => JSON.stringify(r.state))}::jsonb[]) as u(r, s, a, st)
        on conflict (rule_id, sensor_id) do update set active = excluded.active, state = excluded.state, updated_at = excluded.updated_at`.execute(db);
    },
    async markSeen(rows: { sensorId: string; sensorType: string; areaCodes: string[]; ts: string }[]) {
      if (!rows.length) return;
      await sql`
        insert into alert_sensor_seen (sensor_id, sensor_type, area_codes, last_ts)
        select s, t, string_to_array(a, ','), ts from unnest(${rows.map((r) => r.sensorId)}::text[], ${rows.map((r) => r.sensorType)}::text[],
               ${rows.map((r) => r.areaCodes.join(','))}::text[], ${rows.map((r) => r.ts)}::timestamptz[]) as u(s, t, a, ts)
        on conflict (sensor_id) do update set sensor_type = excluded.sensor_type, area_codes = excluded.area_codes,
          last_ts = greatest(alert_sensor_seen.last_ts, excluded.last_ts)`.execute(db);
    },
    /**
     * Last reading per sensor: what the engine saw, merged with the sensors module's
     * sensor_latest table when it exists (sensors that never reported since the rules began).
     */
    async lastSeen(): Promise<{ sensor_id: string; sensor_type: string; area_codes: string[]; last_ts: Date }[]> {
      const hasLatest = (await sql<{ t: string | null }>`select to_regclass('sensor_latest')::text as t`.execute(db)).rows[0]?.t;
      const seen = await db.selectFrom('alert_sensor_seen').select(['sensor_id', 'sensor_type', 'area_codes', 'last_ts']).execute();
      if (!hasLatest) return seen;
      // Raw: jsonb fields and an array subquery over other modules' views.
      const latest = (await sql<{ sensor_id: string; sensor_type: string | null; area_codes: string[] | null; last_ts: Date }>`
        select l.sensor_id, max(r.props->>'type') as sensor_type,
               max(array_to_string(coalesce((select array_agg(a.code) from v_areas a where a.id = any(r.area_ids)), '{}'), ',')) as area_codes,
               max(l.ts) as last_ts
        from v_sensor_latest l
        left join v_records r on r.dataset_id = 'sensors' and (r.natural_key = l.sensor_id or r.props->>'sensor_id' = l.sensor_id)
        group by l.sensor_id`.execute(db)).rows;
      const bySensor = new Map(seen.map((s) => [s.sensor_id, s]));
      for (const l of latest) {
        const s = bySensor.get(l.sensor_id);
        const codes = typeof l.area_codes === 'string' ? (l.area_codes as string).split(',').filter(Boolean) : (l.area_codes ?? []);
        if (!s) {
          if (l.sensor_type) bySensor.set(l.sensor_id, { sensor_id: l.sensor_id, sensor_type: l.sensor_type, area_codes: codes, last_ts: new Date(l.last_ts) });
        } else if (new Date(l.last_ts) > new Date(s.last_ts)) s.last_ts = new Date(l.last_ts);
      }
      return [...bySensor.values()];
    },

    /** Name, point and areas of sensors from the `sensors` dataset, when it is declared. */
    async sensorInfo(sensorIds: string[]): Promise<Map<string, { name: string | null; lon: number | null; lat: number | null }>> {
      const out = new Map<string, { name: string | null; lon: number | null; lat: number | null }>();
      if (!sensorIds.length) return out;
      const r = await sql<{ sensor_id: string; name: string | null; lon: number | null; lat: number | null }>`
        select coalesce(props->>'sensor_id', natural_key) as sensor_id, props->>'name' as name,
               ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat
        from v_records
        where dataset_id = 'sensors' and (natural_key = any(${sensorIds}::text[]) or props->>'sensor_id' = any(${sensorIds}::text[]))`.execute(db);
      for (const row of r.rows) out.set(row.sensor_id, { name: row.name, lon: row.lon, lat: row.lat });
      return out;
    },

    // ---- alerts
    async listAlerts(q: AlertQuery): Promise<{ rows: AlertRow[]; total: number }> {
      let filtered = alerts();
      if (q.status?.length) filtered = filtered.where('status', '=', anyText(q.status));
      if (q.severity?.length) filtered = filtered.where('severity', '=', anyText(q.severity));
      if (q.areaCodes) filtered = filtered.where('area_code', '=', anyText(q.areaCodes));
      if (q.from) filtered = filtered.where('updated_at', '>=', sql<Date>`${q.from}::timestamptz`);
      if (q.to) filtered = filtered.where('opened_at', '<', sql<Date>`${q.to}::timestamptz`);
      if (q.publicOnly) filtered = filtered.where('public', '=', true);
      const rows = await withAlertColumns(filtered)
        .orderBy(sql`status = 'resolved'`).orderBy('updated_at', 'desc').orderBy('id', 'desc')
        .limit(q.limit).offset(q.offset).execute();
      const total = (await filtered.select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n')).executeTakeFirstOrThrow()).n;
      return { rows, total };
    },
    async getAlert(id: number, forUpdate = false): Promise<AlertRow | undefined> {
      return withAlertColumns(alerts().where('id', '=', id)).$if(forUpdate, (q) => q.forUpdate()).executeTakeFirst();
    },
    async unresolvedFor(ruleId: number, sensorId: string): Promise<AlertRow | undefined> {
      return withAlertColumns(alerts().where('rule_id', '=', ruleId).where('sensor_id', '=', sensorId).where('status', '<>', 'resolved')).executeTakeFirst();
    },
    async insertAlert(a: AlertInsert): Promise<number> {
      const r = await db.insertInto('alerts').values({
        rule_id: a.ruleId, sensor_id: a.sensorId, sensor_type: a.sensorType, metric: a.metric, source: a.source, status: 'open',
        severity: a.severity, category: a.category, title_vi: a.titleVi, title_en: a.titleEn, description_vi: a.descriptionVi,
        description_en: a.descriptionEn, instruction_vi: a.instructionVi, instruction_en: a.instructionEn, area_code: a.areaCode,
        place: a.place,
        geom: a.lon !== null && a.lat !== null ? sql<string>`ST_SetSRID(ST_MakePoint(${a.lon}, ${a.lat}), 4326)` : null,
        public: a.public, value: a.value, peak_value: a.peak, opened_at: a.at, last_fired_at: a.at, created_by: a.createdBy, updated_at: a.at,
      }).returning('id').executeTakeFirstOrThrow();
      return r.id;
    },
    async refire(id: number, value: number | null, peak: number | null, descVi: string, descEn: string, at: Date, reopen: boolean) {
      await db.updateTable('alerts').set((eb) => ({
        value,
        peak_value: sql<number | null>`case when ${peak}::float8 is null then peak_value else greatest(coalesce(peak_value, ${peak}::float8), ${peak}::float8) end`,
        description_vi: descVi, description_en: descEn,
        update_count: eb('update_count', '+', 1), last_fired_at: at, updated_at: at,
        ...(reopen ? { cleared_at: null } : {}),
      })).where('id', '=', id).execute();
    },
    /**
     * Updates, in one statement, the open (not cleared) alerts of rules that stay active; returns
     * the updated rows. A pair without such an alert is not in the result (the caller opens one).
     */
    async refireActive(rows: { ruleId: number; sensorId: string; value: number | null; peak: number | null; descVi: string; descEn: string; at: Date }[]): Promise<AlertRow[]> {
      if (!rows.length) return [];
      // Raw: UPDATE … FROM unnest(…), every pair in one statement.
      const r = await sql<AlertRow>`
        update alerts a set value = u.value,
            peak_value = case when u.peak is null then a.peak_value else greatest(coalesce(a.peak_value, u.peak), u.peak) end,
            description_vi = u.desc_vi, description_en = u.desc_en,
            update_count = a.update_count + 1, last_fired_at = u.at, updated_at = u.at
        from unnest(${rows.map((x) => x.ruleId)}::int[], ${rows.map((x) => x.sensorId)}::text[], ${rows.map((x) => x.value)}::float8[],
                    ${rows.map((x) => x.peak)}::float8[], ${rows.map((x) => x.descVi)}::text[], ${rows.map((x) => x.descEn)}::text[],
                    ${rows.map((x) => x.at.toISOString())}::timestamptz[]) as u(rule_id, sensor_id, value, peak, desc_vi, desc_en, at)
        where a.rule_id = u.rule_id and a.sensor_id = u.sensor_id and a.status <> 'resolved' and a.cleared_at is null
        returning ${ALERT_COLUMNS_SQL}`.execute(db);
      return r.rows;
    },
    async setCleared(id: number, at: Date) {
      await db.updateTable('alerts').set({ cleared_at: at, updated_at: at }).where('id', '=', id).execute();
    },
    async setStatus(id: number, status: 'acknowledged' | 'resolved', actor: string, at: Date) {
      const change = status === 'acknowledged'
        ? { status, acknowledged_at: at, acknowledged_by: actor, updated_at: at }
        : { status, resolved_at: at, resolved_by: actor, updated_at: at };
      await db.updateTable('alerts').set(change).where('id', '=', id).execute();
    },
    /** Escalation moves the alert up the notification levels; it never changes its severity. */
    async setEscalated(id: number, level: number, at: Date) {
      await db.updateTable('alerts').set({ escalation_level: level, escalated_at: at, updated_at: at }).where('id', '=', id).execute();
    },
    /** The alerts linked to an incident (several may share one), oldest first. */
    async ofIncident(incidentId: number): Promise<AlertRow[]> {
      return withAlertColumns(alerts().where('incident_id', '=', incidentId)).orderBy('id').execute();
    },
    async setIncident(id: number, incidentId: number | null, at: Date) {
      await db.updateTable('alerts').set({ incident_id: incidentId, updated_at: at }).where('id', '=', id).execute();
    },
    async dueForEscalation(before: Date): Promise<number[]> {
      const r = await db.selectFrom('alerts').select('id')
        .where('status', '=', 'open').where((eb) => eb(eb.fn.coalesce('escalated_at', 'opened_at'), '<=', before)).orderBy('id').execute();
      return r.map((x) => x.id);
    },
    async addEvent(alertId: number, e: { at: Date; actor: string; action: string; comment?: string | null; details?: Record<string, unknown> }) {
      await db.insertInto('alert_events').values({
        alert_id: alertId, at: e.at, actor: e.actor, action: e.action, comment: e.comment ?? null, details: JSON.stringify(e.details ?? {}),
      }).execute();
    },
    async events(alertId: number): Promise<EventRow[]> {
      return db.selectFrom('alert_events').select(['id', 'at', 'actor', 'action', 'comment', 'details'])
        .where('alert_id', '=', alertId).orderBy('at').orderBy('id').$narrowType<{ details: JsonObject }>().execute();
    },
    /** Codes of the areas an officer acts for. */
    async userAreaCodes(userId: number): Promise<string[]> {
      const r = await db.selectFrom('v_user_areas as ua').innerJoin('v_areas as a', 'a.id', 'ua.area_id')
        .select('a.code').distinct().where('ua.user_id', '=', userId).execute();
      return r.map((x) => x.code);
    },
    async unitCode(unitId: number | null): Promise<string | null> {
      if (unitId === null) return null;
      return (await db.selectFrom('v_units').select('code').where('id', '=', unitId).executeTakeFirst())?.code ?? null;
    },
  };
}

export type AlertsRepository = ReturnType<typeof alertsRepository>;
