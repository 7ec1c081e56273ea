// SQL of the incidents module: SOP templates, incidents, their checklist steps and timeline.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { SopStep } from '../../../../shared/contracts/alerts.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface SopRow {
  incident_type: string;
  name_vi: string;
  name_en: string;
  steps: SopStep[];
  built_in: boolean;
  updated_at: Date;
  updated_by: string;
}

export interface IncidentRow {
  id: number;
  type: string;
  title: string;
  description: string;
  severity: string;
  status: 'open' | 'in_progress' | 'closed';
  point: { type: 'Point'; coordinates: [number, number] } | null;
  area_code: string | null;
  area_name: string | null;
  assigned_unit: string | null;
  source_kind: 'alert' | 'feedback' | 'record' | 'text';
  source_ref: string | null;
  alert_id: number | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  steps_done: number;
  steps_total: number;
}

export interface StepRow {
  id: number;
  position: number;
  text_vi: string;
  text_en: string;
  done: boolean;
  done_at: Date | null;
  done_by: string | null;
  note: string | null;
}

const COLUMNS = sql`i.id, i.type, i.title, i.description, i.severity, i.status, ST_AsGeoJSON(i.geom, 6)::json as point,
  i.area_code, i.area_name, i.assigned_unit, i.source_kind, i.source_ref, i.alert_id, i.created_at, i.created_by,
  i.updated_at, i.closed_at, i.closed_by,
  (select count(*)::int from incident_steps s where s.incident_id = i.id and s.done) as steps_done,
  (select count(*)::int from incident_steps s where s.incident_id = i.id) as steps_total`;

export function incidentsRepository(db: Db) {
  return {
    async listSops(): Promise<SopRow[]> {
      return (await sql<SopRow>`select * from sop_templates order by incident_type`.execute(db)).rows;
    },
    async getSop(type: string): Promise<SopRow | undefined> {
      return (await sql<SopRow>`select * from sop_templates where incident_type = ${type}`.execute(db)).rows[0];
    },
    async seedSop(t: { incidentType: string; nameVi: string; nameEn: string; steps: SopStep[] }): Promise<boolean> {
      const r = await sql`insert into sop_templates (incident_type, name_vi, name_en, steps, built_in, updated_by)
        values (${t.incidentType}, ${t.nameVi}, ${t.nameEn}, ${JSON.stringify(t.steps)}::jsonb, true, 'system')
        on conflict (incident_type) do nothing`.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },
    async saveSop(t: { incidentType: string; nameVi: string; nameEn: string; steps: SopStep[] }, actor: string): Promise<SopRow> {
      return (await sql<SopRow>`insert into sop_templates (incident_type, name_vi, name_en, steps, built_in, updated_by)
        values (${t.incidentType}, ${t.nameVi}, ${t.nameEn}, ${JSON.stringify(t.steps)}::jsonb, false, ${actor})
        on conflict (incident_type) do update set name_vi = excluded.name_vi, name_en = excluded.name_en, steps = excluded.steps,
          updated_at = now(), updated_by = excluded.updated_by
        returning *`.execute(db)).rows[0]!;
    },
    async list(q: { status?: string[] | undefined; type?: string | undefined; areaCodes?: string[] | undefined; unitCode?: string | null; limit: number; offset: number }) {
      const where = sql`where true
        ${q.status?.length ? sql`and i.status = any(${q.status}::text[])` : sql``}
        ${q.type ? sql`and i.type = ${q.type}` : sql``}
        ${q.areaCodes ? sql`and (i.area_code = any(${q.areaCodes}::text[]) or i.assigned_unit = ${q.unitCode ?? ''})` : sql``}`;
      const rows = (await sql<IncidentRow>`select ${COLUMNS} from incidents i ${where}
        order by (i.status = 'closed'), i.updated_at desc, i.id desc limit ${q.limit} offset ${q.offset}`.execute(db)).rows;
      const total = (await sql<{ n: number }>`select count(*)::int as n from incidents i ${where}`.execute(db)).rows[0]!.n;
      return { rows, total };
    },
    async get(id: number, forUpdate = false): Promise<IncidentRow | undefined> {
      return (await sql<IncidentRow>`select ${COLUMNS} from incidents i where i.id = ${id} ${forUpdate ? sql`for update` : sql``}`.execute(db)).rows[0];
    },
    async insert(i: {
      type: string; title: string; description: string; severity: string; lon: number | null; lat: number | null;
      areaCode: string | null; areaName: string | null; assignedUnit: string | null; sourceKind: string; sourceRef: string | null;
      alertId: number | null; at: Date; actor: string;
    }): Promise<number> {
      return (await sql<{ id: number }>`insert into incidents (type, title, description, severity, status, geom, area_code, area_name,
          assigned_unit, source_kind, source_ref, alert_id, created_at, created_by, updated_at)
        values (${i.type}, ${i.title}, ${i.description}, ${i.severity}, 'open',
          ${i.lon !== null && i.lat !== null ? sql`ST_SetSRID(ST_MakePoint(${i.lon}, ${i.lat}), 4326)` : sql`null`},
          ${i.areaCode}, ${i.areaName}, ${i.assignedUnit}, ${i.sourceKind}, ${i.sourceRef}, ${i.alertId}, ${i.at}, ${i.actor}, ${i.at})
        returning id`.execute(db)).rows[0]!.id;
    },
    async update(id: number, f: { status?: string; severity?: string; assignedUnit?: string | null; closedBy?: string | null }, at: Date) {
      await sql`update incidents set updated_at = ${at}
        ${f.status !== undefined ? sql`, status = ${f.status}` : sql``}
        ${f.severity !== undefined ? sql`, severity = ${f.severity}` : sql``}
        ${f.assignedUnit !== undefined ? sql`, assigned_unit = ${f.assignedUnit}` : sql``}
        ${f.status === 'closed' ? sql`, closed_at = ${at}, closed_by = ${f.closedBy ?? null}` : f.status !== undefined ? sql`, closed_at = null, closed_by = null` : sql``}
        where id = ${id}`.execute(db);
    },
    async touch(id: number, at: Date) {
      await sql`update incidents set updated_at = ${at} where id = ${id}`.execute(db);
    },
    async insertSteps(incidentId: number, steps: SopStep[], startPosition = 1) {
      if (!steps.length) return;
      await sql`insert into incident_steps (incident_id, position, text_vi, text_en)
        select ${incidentId}, p, v, e from unnest(${steps.map((_, i) => startPosition + i)}::int[], ${steps.map((s) => s.vi)}::text[], ${steps.map((s) => s.en)}::text[]) as u(p, v, e)`.execute(db);
    },
    async steps(incidentId: number): Promise<StepRow[]> {
      return (await sql<StepRow>`select id, position, text_vi, text_en, done, done_at, done_by, note from incident_steps
        where incident_id = ${incidentId} order by position, id`.execute(db)).rows;
    },
    async step(incidentId: number, stepId: number): Promise<StepRow | undefined> {
      return (await sql<StepRow>`select id, position, text_vi, text_en, done, done_at, done_by, note from incident_steps
        where incident_id = ${incidentId} and id = ${stepId}`.execute(db)).rows[0];
    },
    async updateStep(stepId: number, f: { done?: boolean; note?: string | null; textVi?: string; textEn?: string }, actor: string, at: Date) {
      await sql`update incident_steps set id = id
        ${f.done !== undefined ? sql`, done = ${f.done}, done_at = ${f.done ? at : null}, done_by = ${f.done ? actor : null}` : sql``}
        ${f.note !== undefined ? sql`, note = ${f.note}` : sql``}
        ${f.textVi !== undefined ? sql`, text_vi = ${f.textVi}` : sql``}
        ${f.textEn !== undefined ? sql`, text_en = ${f.textEn}` : sql``}
        where id = ${stepId}`.execute(db);
    },
    async maxPosition(incidentId: number): Promise<number> {
      return (await sql<{ m: number }>`select coalesce(max(position), 0)::int as m from incident_steps where incident_id = ${incidentId}`.execute(db)).rows[0]!.m;
    },
    async addEvent(incidentId: number, e: { at: Date; actor: string; action: string; comment?: string | null; details?: Record<string, unknown> }) {
      await sql`insert into incident_events (incident_id, at, actor, action, comment, details)
        values (${incidentId}, ${e.at}, ${e.actor}, ${e.action}, ${e.comment ?? null}, ${JSON.stringify(e.details ?? {})}::jsonb)`.execute(db);
    },
    async events(incidentId: number) {
      return (await sql<{ id: number; at: Date; actor: string; action: string; comment: string | null; details: Record<string, unknown> }>`
        select id, at, actor, action, comment, details from incident_events where incident_id = ${incidentId} order by at, id`.execute(db)).rows;
    },
    async unitExists(code: string): Promise<boolean> {
      return (await sql`select 1 from v_units where code = ${code}`.execute(db)).rows.length > 0;
    },
    async recordPoint(recordId: number): Promise<{ lon: number; lat: number } | null | undefined> {
      const r = (await sql<{ lon: number | null; lat: number | null }>`select ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat
        from v_records where id = ${recordId}`.execute(db)).rows[0];
      if (!r) return undefined;
      return r.lon === null || r.lat === null ? null : { lon: r.lon, lat: r.lat };
    },
  };
}
