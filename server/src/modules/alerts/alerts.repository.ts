// SQL of the alerts module: rules, per-sensor rule state, alerts and their timeline.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { RuleCondition } from '../../../../shared/contracts/alerts.ts';
import type { ConditionState } from './conditions.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface RuleRow {
  id: number;
  key: string | null;
  name_vi: string;
  name_en: string;
  enabled: boolean;
  sensor_type: string | null;
  sensor_id: string | null;
  area_code: string | null;
  condition: RuleCondition;
  severity: string;
  category: string;
  public: boolean;
  auto_resolve: boolean;
  instruction_vi: string | null;
  instruction_en: string | null;
  updated_at: Date;
  updated_by: string;
}

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

export interface AlertRow {
  id: number;
  rule_id: number | null;
  sensor_id: string | null;
  sensor_type: string | null;
  metric: string | null;
  source: 'rule' | 'manual';
  status: 'open' | 'acknowledged' | 'resolved';
  severity: string;
  category: string;
  title_vi: string;
  title_en: string;
  description_vi: string;
  description_en: string;
  instruction_vi: string | null;
  instruction_en: string | null;
  area_code: string | null;
  place: string | null;
  point: { type: 'Point'; coordinates: [number, number] } | null;
  public: boolean;
  value: number | null;
  peak_value: number | null;
  update_count: number;
  opened_at: Date;
  last_fired_at: Date;
  cleared_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  escalation_level: number;
  escalated_at: Date | null;
  incident_id: number | null;
  created_by: string;
  updated_at: Date;
}

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

export interface EventRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  comment: string | null;
  details: Record<string, unknown>;
}

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

const ALERT_COLUMNS = sql`a.id, a.rule_id, a.sensor_id, a.sensor_type, a.metric, a.source, a.status, a.severity, a.category,
  a.title_vi, a.title_en, a.description_vi, a.description_en, a.instruction_vi, a.instruction_en, a.area_code, a.place,
  ST_AsGeoJSON(a.geom, 6)::json as point, a.public, a.value, a.peak_value, a.update_count, a.opened_at, a.last_fired_at,
  a.cleared_at, a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.resolved_by, a.escalation_level, a.escalated_at,
  a.incident_id, a.created_by, a.updated_at`;

const RULE_COLUMNS = sql`id, key, name_vi, name_en, enabled, sensor_type, sensor_id, area_code, condition, severity, category,
  public, auto_resolve, instruction_vi, instruction_en, updated_at, updated_by`;

export function alertsRepository(db: Db) {
  return {
    // ---- rules
    async listRules(): Promise<RuleRow[]> {
      return (await sql<RuleRow>`select ${RULE_COLUMNS} from alert_rules order by id`.execute(db)).rows;
    },
    /** Unresolved alerts per rule (served by the partial index on unresolved rule alerts). */
    async unresolvedCountsByRule(): Promise<Map<number, number>> {
      const r = await sql<{ rule_id: number; n: number }>`
        select rule_id, count(*)::int as n from alerts where rule_id is not null and status <> 'resolved' group by rule_id`.execute(db);
      return new Map(r.rows.map((x) => [x.rule_id, x.n]));
    },
    async getRule(id: number): Promise<RuleRow | undefined> {
      return (await sql<RuleRow>`select ${RULE_COLUMNS} from alert_rules where id = ${id}`.execute(db)).rows[0];
    },
    async insertRule(w: RuleWrite, actor: string): Promise<RuleRow> {
      const r = await sql<RuleRow>`
        insert into alert_rules (key, name_vi, name_en, enabled, sensor_type, sensor_id, area_code, condition, severity, category,
                                 public, auto_resolve, instruction_vi, instruction_en, updated_by)
        values (${w.key ?? null}, ${w.nameVi}, ${w.nameEn}, ${w.enabled}, ${w.sensorType}, ${w.sensorId}, ${w.areaCode},
                ${JSON.stringify(w.condition)}::jsonb, ${w.severity}, ${w.category}, ${w.public}, ${w.autoResolve},
                ${w.instructionVi}, ${w.instructionEn}, ${actor})
        on conflict (key) do nothing
        returning ${RULE_COLUMNS}`.execute(db);
      return r.rows[0]!;
    },
    async updateRule(id: number, w: RuleWrite, actor: string): Promise<RuleRow | undefined> {
      const r = await sql<RuleRow>`
        update alert_rules set name_vi = ${w.nameVi}, name_en = ${w.nameEn}, enabled = ${w.enabled}, sensor_type = ${w.sensorType},
          sensor_id = ${w.sensorId}, area_code = ${w.areaCode}, condition = ${JSON.stringify(w.condition)}::jsonb,
          severity = ${w.severity}, category = ${w.category}, public = ${w.public}, auto_resolve = ${w.autoResolve},
          instruction_vi = ${w.instructionVi}, instruction_en = ${w.instructionEn}, updated_at = now(), updated_by = ${actor}
        where id = ${id} returning ${RULE_COLUMNS}`.execute(db);
      // A changed condition starts from a clean state.
      await sql`delete from alert_rule_state where rule_id = ${id}`.execute(db);
      return r.rows[0];
    },
    async deleteRule(id: number): Promise<boolean> {
      const r = await sql`delete from alert_rules where id = ${id}`.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },

    // ---- rule state
    async loadStates(ruleIds: number[], sensorIds: string[]) {
      if (!ruleIds.length || !sensorIds.length) return [];
      const r = await sql<{ rule_id: number; sensor_id: string; active: boolean; state: ConditionState }>`
        select rule_id, sensor_id, active, state from alert_rule_state
        where rule_id = any(${ruleIds}::int[]) and sensor_id = any(${sensorIds}::text[])`.execute(db);
      return r.rows;
    },
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
      const seen = (await sql<{ sensor_id: string; sensor_type: string; area_codes: string[]; last_ts: Date }>`
        select sensor_id, sensor_type, area_codes, last_ts from alert_sensor_seen`.execute(db)).rows;
      if (!hasLatest) return seen;
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
      const where = sql`where true
        ${q.status?.length ? sql`and a.status = any(${q.status}::text[])` : sql``}
        ${q.severity?.length ? sql`and a.severity = any(${q.severity}::text[])` : sql``}
        ${q.areaCodes ? sql`and a.area_code = any(${q.areaCodes}::text[])` : sql``}
        ${q.from ? sql`and a.updated_at >= ${q.from}::timestamptz` : sql``}
        ${q.to ? sql`and a.opened_at < ${q.to}::timestamptz` : sql``}
        ${q.publicOnly ? sql`and a.public` : sql``}`;
      const rows = (await sql<AlertRow>`select ${ALERT_COLUMNS} from alerts a ${where}
        order by (a.status = 'resolved'), a.updated_at desc, a.id desc limit ${q.limit} offset ${q.offset}`.execute(db)).rows;
      const total = (await sql<{ n: number }>`select count(*)::int as n from alerts a ${where}`.execute(db)).rows[0]!.n;
      return { rows, total };
    },
    async getAlert(id: number, forUpdate = false): Promise<AlertRow | undefined> {
      return (await sql<AlertRow>`select ${ALERT_COLUMNS} from alerts a where a.id = ${id} ${forUpdate ? sql`for update` : sql``}`.execute(db)).rows[0];
    },
    async unresolvedFor(ruleId: number, sensorId: string): Promise<AlertRow | undefined> {
      return (await sql<AlertRow>`select ${ALERT_COLUMNS} from alerts a
        where a.rule_id = ${ruleId} and a.sensor_id = ${sensorId} and a.status <> 'resolved'`.execute(db)).rows[0];
    },
    async insertAlert(a: AlertInsert): Promise<number> {
      const r = await sql<{ id: number }>`
        insert into alerts (rule_id, sensor_id, sensor_type, metric, source, status, severity, category, title_vi, title_en,
          description_vi, description_en, instruction_vi, instruction_en, area_code, place, geom, public, value, peak_value,
          opened_at, last_fired_at, created_by, updated_at)
        values (${a.ruleId}, ${a.sensorId}, ${a.sensorType}, ${a.metric}, ${a.source}, 'open', ${a.severity}, ${a.category},
          ${a.titleVi}, ${a.titleEn}, ${a.descriptionVi}, ${a.descriptionEn}, ${a.instructionVi}, ${a.instructionEn},
          ${a.areaCode}, ${a.place},
          ${a.lon !== null && a.lat !== null ? sql`ST_SetSRID(ST_MakePoint(${a.lon}, ${a.lat}), 4326)` : sql`null`},
          ${a.public}, ${a.value}, ${a.peak}, ${a.at}, ${a.at}, ${a.createdBy}, ${a.at})
        returning id`.execute(db);
      return r.rows[0]!.id;
    },
    async refire(id: number, value: number | null, peak: number | null, descVi: string, descEn: string, at: Date, reopen: boolean) {
      await sql`update alerts set value = ${value},
          peak_value = case when ${peak}::float8 is null then peak_value else greatest(coalesce(peak_value, ${peak}::float8), ${peak}::float8) end,
          description_vi = ${descVi}, description_en = ${descEn},
          update_count = update_count + 1, last_fired_at = ${at}, updated_at = ${at}
          ${reopen ? sql`, cleared_at = null` : sql``}
        where id = ${id}`.execute(db);
    },
    /**
     * Updates, in one statement, the open (not cleared) alerts of rules that stay active; returns
     * the updated rows. A pair without such an alert is not in the result (the caller opens one).
     */
    async refireActive(rows: { ruleId: number; sensorId: string; value: number | null; peak: number | null; descVi: string; descEn: string; at: Date }[]): Promise<AlertRow[]> {
      if (!rows.length) return [];
      const r = await sql<AlertRow>`
        update alerts a set value = u.value,
            peak_value = case when u.peak is null then a.peak_value else greatest(coalesce(a.peak_value, u.peak), u.peak) end,
            description_vi = u.desc_vi, description_en = u.desc_en,
            update_count = a.update_count + 1, last_fired_at = u.at, updated_at = u.at
        from unnest(${rows.map((x) => x.ruleId)}::int[], ${rows.map((x) => x.sensorId)}::text[], ${rows.map((x) => x.value)}::float8[],
                    ${rows.map((x) => x.peak)}::float8[], ${rows.map((x) => x.descVi)}::text[], ${rows.map((x) => x.descEn)}::text[],
                    ${rows.map((x) => x.at.toISOString())}::timestamptz[]) as u(rule_id, sensor_id, value, peak, desc_vi, desc_en, at)
        where a.rule_id = u.rule_id and a.sensor_id = u.sensor_id and a.status <> 'resolved' and a.cleared_at is null
        returning ${ALERT_COLUMNS}`.execute(db);
      return r.rows;
    },
    async setCleared(id: number, at: Date) {
      await sql`update alerts set cleared_at = ${at}, updated_at = ${at} where id = ${id}`.execute(db);
    },
    async setStatus(id: number, status: 'acknowledged' | 'resolved', actor: string, at: Date) {
      if (status === 'acknowledged') {
        await sql`update alerts set status = 'acknowledged', acknowledged_at = ${at}, acknowledged_by = ${actor}, updated_at = ${at} where id = ${id}`.execute(db);
      } else {
        await sql`update alerts set status = 'resolved', resolved_at = ${at}, resolved_by = ${actor}, updated_at = ${at} where id = ${id}`.execute(db);
      }
    },
    async setEscalated(id: number, severity: string, level: number, at: Date) {
      await sql`update alerts set severity = ${severity}, escalation_level = ${level}, escalated_at = ${at}, updated_at = ${at} where id = ${id}`.execute(db);
    },
    async setIncident(id: number, incidentId: number, at: Date) {
      await sql`update alerts set incident_id = ${incidentId}, updated_at = ${at} where id = ${id}`.execute(db);
    },
    async dueForEscalation(before: Date): Promise<number[]> {
      const r = await sql<{ id: number }>`select id from alerts
        where status = 'open' and coalesce(escalated_at, opened_at) <= ${before} order by id`.execute(db);
      return r.rows.map((x) => x.id);
    },
    async addEvent(alertId: number, e: { at: Date; actor: string; action: string; comment?: string | null; details?: Record<string, unknown> }) {
      await sql`insert into alert_events (alert_id, at, actor, action, comment, details)
        values (${alertId}, ${e.at}, ${e.actor}, ${e.action}, ${e.comment ?? null}, ${JSON.stringify(e.details ?? {})}::jsonb)`.execute(db);
    },
    async events(alertId: number): Promise<EventRow[]> {
      return (await sql<EventRow>`select id, at, actor, action, comment, details from alert_events where alert_id = ${alertId} order by at, id`.execute(db)).rows;
    },
    /** Codes of the areas an officer acts for. */
    async userAreaCodes(userId: number): Promise<string[]> {
      const r = await sql<{ code: string }>`select distinct a.code from v_user_areas ua join v_areas a on a.id = ua.area_id where ua.user_id = ${userId}`.execute(db);
      return r.rows.map((x) => x.code);
    },
    async unitCode(unitId: number | null): Promise<string | null> {
      if (unitId === null) return null;
      return (await sql<{ code: string }>`select code from v_units where id = ${unitId}`.execute(db)).rows[0]?.code ?? null;
    },
  };
}

export type AlertsRepository = ReturnType<typeof alertsRepository>;
