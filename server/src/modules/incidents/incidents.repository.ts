// SQL of the incidents module: SOP templates, incidents, their checklist steps and timeline.
import { sql, type Kysely, type NotNull, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { IncidentSteps, Incidents, JsonObject, SopTemplates } from '../../platform/db/schema.ts';
import type { SopStep } from '../../../../shared/contracts/alerts.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** An SOP template as stored, its steps typed. */
export type SopRow = Omit<Selectable<SopTemplates>, 'steps'> & { steps: SopStep[] };

type GeoPoint = { type: 'Point'; coordinates: [number, number] };

/** An incident as stored, its point as GeoJSON, status and source typed, with its checklist progress. */
export type IncidentRow = Omit<Selectable<Incidents>, 'geom' | 'status' | 'source_kind'> & {
  status: 'open' | 'in_progress' | 'closed';
  source_kind: 'alert' | 'feedback' | 'record' | 'text';
  point: GeoPoint | null;
  steps_done: number;
  steps_total: number;
};

export type StepRow = Omit<Selectable<IncidentSteps>, 'incident_id'>;

const INCIDENT_COLUMN_NAMES = ['i.id', 'i.type', 'i.title', 'i.description', 'i.severity', 'i.status', 'i.area_code', 'i.area_name',
  'i.assigned_unit', 'i.source_kind', 'i.source_ref', 'i.alert_id', 'i.created_at', 'i.created_by', 'i.updated_at', 'i.closed_at',
  'i.closed_by', 'i.resolution', 'i.assignees', 'i.due_at'] as const;

/** Severities from the most to the least severe (the `severity` sort). */
const SEVERITY_RANK = sql<number>`array_position(array['Extreme','Severe','Moderate','Minor']::text[], i.severity)`;

export interface IncidentListQuery {
  status?: string[] | undefined;
  type?: string | undefined;
  severity?: string[] | undefined;
  /** Ward (area) codes asked for. */
  area?: string[] | undefined;
  /** A username among the assignees. */
  assignee?: string | undefined;
  unit?: string | undefined;
  /** Not closed and past its deadline at `now`. */
  overdue?: boolean | undefined;
  now: Date;
  sort?: 'updated' | 'created' | 'due' | 'severity' | undefined;
  order?: 'asc' | 'desc' | undefined;
  /** Visibility of an officer: their areas or their unit. */
  areaCodes?: string[] | undefined;
  unitCode?: string | null;
  limit: number;
  offset: number;
}
const STEP_COLUMNS = ['id', 'position', 'text_vi', 'text_en', 'done', 'done_at', 'done_by', 'note'] as const satisfies readonly (keyof IncidentSteps)[];

/** `= any($1::text[])`: one array parameter whatever its length (an empty array matches nothing). */
const anyText = (values: readonly string[]) => sql<string>`any(${values}::text[])`;

export function incidentsRepository(db: Db) {
  const sops = () => db.selectFrom('sop_templates')
    .select((eb) => ['incident_type', 'name_vi', 'name_en', eb.ref('steps').$castTo<SopStep[]>().as('steps'), 'built_in', 'updated_at', 'updated_by']);
  const incidents = () => db.selectFrom('incidents as i');
  const withIncidentColumns = <Q extends ReturnType<typeof incidents>>(q: Q) =>
    q.select((eb) => [
      ...INCIDENT_COLUMN_NAMES,
      // PostGIS: raw SQL, typed.
      sql<GeoPoint | null>`ST_AsGeoJSON(i.geom, 6)::json`.as('point'),
      eb.selectFrom('incident_steps as s').select((e) => e.cast<number>(e.fn.countAll(), 'integer').as('n'))
        .whereRef('s.incident_id', '=', 'i.id').where('s.done', '=', true).as('steps_done'),
      eb.selectFrom('incident_steps as s').select((e) => e.cast<number>(e.fn.countAll(), 'integer').as('n'))
        .whereRef('s.incident_id', '=', 'i.id').as('steps_total'),
    ]).$narrowType<{ status: IncidentRow['status']; source_kind: IncidentRow['source_kind']; steps_done: NotNull; steps_total: NotNull }>();
  return {
    async listSops(): Promise<SopRow[]> {
      return sops().orderBy('incident_type').execute();
    },
    async getSop(type: string): Promise<SopRow | undefined> {
      return sops().where('incident_type', '=', type).executeTakeFirst();
    },
    async seedSop(t: { incidentType: string; nameVi: string; nameEn: string; steps: SopStep[] }): Promise<boolean> {
      const r = await db.insertInto('sop_templates')
        .values({ incident_type: t.incidentType, name_vi: t.nameVi, name_en: t.nameEn, steps: JSON.stringify(t.steps), built_in: true, updated_by: 'system' })
        .onConflict((oc) => oc.column('incident_type').doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async saveSop(t: { incidentType: string; nameVi: string; nameEn: string; steps: SopStep[] }, actor: string): Promise<SopRow> {
      return db.insertInto('sop_templates')
        .values({ incident_type: t.incidentType, name_vi: t.nameVi, name_en: t.nameEn, steps: JSON.stringify(t.steps), built_in: false, updated_by: actor })
        .onConflict((oc) => oc.column('incident_type').doUpdateSet((eb) => ({
          name_vi: eb.ref('excluded.name_vi'), name_en: eb.ref('excluded.name_en'), steps: eb.ref('excluded.steps'),
          updated_at: sql<Date>`now()`, updated_by: eb.ref('excluded.updated_by'),
        })))
        .returning((eb) => ['incident_type', 'name_vi', 'name_en', eb.ref('steps').$castTo<SopStep[]>().as('steps'), 'built_in', 'updated_at', 'updated_by'])
        .executeTakeFirstOrThrow();
    },
    async list(q: IncidentListQuery) {
      let filtered = incidents();
      if (q.status?.length) filtered = filtered.where('i.status', '=', anyText(q.status));
      if (q.type) filtered = filtered.where('i.type', '=', q.type);
      if (q.severity?.length) filtered = filtered.where('i.severity', '=', anyText(q.severity));
      if (q.area?.length) filtered = filtered.where('i.area_code', '=', anyText(q.area));
      if (q.unit) filtered = filtered.where('i.assigned_unit', '=', q.unit);
      if (q.assignee) filtered = filtered.where(sql<boolean>`${q.assignee} = any(i.assignees)`);
      if (q.overdue !== undefined) {
        const late = sql<boolean>`(i.status <> 'closed' and i.due_at is not null and i.due_at < ${q.now})`;
        filtered = filtered.where(q.overdue ? late : sql<boolean>`not ${late}`);
      }
      const areaCodes = q.areaCodes;
      if (areaCodes) filtered = filtered.where((eb) => eb.or([eb('i.area_code', '=', anyText(areaCodes)), eb('i.assigned_unit', '=', q.unitCode ?? '')]));
      const dir = q.order ?? (q.sort === 'due' || q.sort === 'severity' ? 'asc' : 'desc');
      let ordered = withIncidentColumns(filtered).orderBy(sql`i.status = 'closed'`);
      if (q.sort === 'created') ordered = ordered.orderBy('i.created_at', dir);
      else if (q.sort === 'due') ordered = ordered.orderBy(sql`i.due_at ${sql.raw(dir)} nulls last`);
      else if (q.sort === 'severity') ordered = ordered.orderBy(SEVERITY_RANK, dir).orderBy('i.due_at', 'asc');
      else ordered = ordered.orderBy('i.updated_at', dir);
      const rows: IncidentRow[] = await ordered.orderBy('i.id', 'desc').limit(q.limit).offset(q.offset).execute();
      const total = (await filtered.select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n')).executeTakeFirstOrThrow()).n;
      return { rows, total };
    },
    async get(id: number, forUpdate = false): Promise<IncidentRow | undefined> {
      return withIncidentColumns(incidents().where('i.id', '=', id)).$if(forUpdate, (q) => q.forUpdate()).executeTakeFirst();
    },
    async insert(i: {
      type: string; title: string; description: string; severity: string; lon: number | null; lat: number | null;
      areaCode: string | null; areaName: string | null; assignedUnit: string | null; sourceKind: string; sourceRef: string | null;
      alertId: number | null; at: Date; actor: string; assignees: string[]; dueAt: Date | null;
    }): Promise<number> {
      return (await db.insertInto('incidents').values({
        type: i.type, title: i.title, description: i.description, severity: i.severity, status: 'open',
        geom: i.lon !== null && i.lat !== null ? sql<string>`ST_SetSRID(ST_MakePoint(${i.lon}, ${i.lat}), 4326)` : null,
        area_code: i.areaCode, area_name: i.areaName, assigned_unit: i.assignedUnit, source_kind: i.sourceKind, source_ref: i.sourceRef,
        alert_id: i.alertId, created_at: i.at, created_by: i.actor, updated_at: i.at, assignees: i.assignees, due_at: i.dueAt,
      }).returning('id').executeTakeFirstOrThrow()).id;
    },
    async update(id: number, f: {
      status?: string; severity?: string; assignedUnit?: string | null; closedBy?: string | null; resolution?: string | null;
      assignees?: string[]; dueAt?: Date | null;
    }, at: Date) {
      await db.updateTable('incidents').set({
        updated_at: at,
        ...(f.assignees !== undefined ? { assignees: f.assignees } : {}),
        ...(f.dueAt !== undefined ? { due_at: f.dueAt } : {}),
        ...(f.status !== undefined ? { status: f.status } : {}),
        ...(f.severity !== undefined ? { severity: f.severity } : {}),
        ...(f.assignedUnit !== undefined ? { assigned_unit: f.assignedUnit } : {}),
        ...(f.status === 'closed' ? { closed_at: at, closed_by: f.closedBy ?? null, resolution: f.resolution ?? null } : f.status !== undefined ? { closed_at: null, closed_by: null, resolution: null } : {}),
      }).where('id', '=', id).execute();
    },
    async touch(id: number, at: Date) {
      await db.updateTable('incidents').set({ updated_at: at }).where('id', '=', id).execute();
    },
    async insertSteps(incidentId: number, steps: SopStep[], startPosition = 1) {
      if (!steps.length) return;
      await db.insertInto('incident_steps')
        .values(steps.map((s, i) => ({ incident_id: incidentId, position: startPosition + i, text_vi: s.vi, text_en: s.en }))).execute();
    },
    async steps(incidentId: number): Promise<StepRow[]> {
      return db.selectFrom('incident_steps').select(STEP_COLUMNS).where('incident_id', '=', incidentId).orderBy('position').orderBy('id').execute();
    },
    async step(incidentId: number, stepId: number): Promise<StepRow | undefined> {
      return db.selectFrom('incident_steps').select(STEP_COLUMNS).where('incident_id', '=', incidentId).where('id', '=', stepId).executeTakeFirst();
    },
    async updateStep(stepId: number, f: { done?: boolean; note?: string | null; textVi?: string; textEn?: string }, actor: string, at: Date) {
      // `id = id` keeps the statement valid when nothing changes.
      await db.updateTable('incident_steps').set((eb) => ({
        id: eb.ref('id'),
        ...(f.done !== undefined ? { done: f.done, done_at: f.done ? at : null, done_by: f.done ? actor : null } : {}),
        ...(f.note !== undefined ? { note: f.note } : {}),
        ...(f.textVi !== undefined ? { text_vi: f.textVi } : {}),
        ...(f.textEn !== undefined ? { text_en: f.textEn } : {}),
      })).where('id', '=', stepId).execute();
    },
    async maxPosition(incidentId: number): Promise<number> {
      return (await db.selectFrom('incident_steps')
        .select((eb) => eb.cast<number>(eb.fn.coalesce(eb.fn.max('position'), eb.lit(0)), 'integer').as('m'))
        .where('incident_id', '=', incidentId).executeTakeFirstOrThrow()).m;
    },
    async addEvent(incidentId: number, e: { at: Date; actor: string; action: string; comment?: string | null; details?: Record<string, unknown> }) {
      await db.insertInto('incident_events').values({
        incident_id: incidentId, at: e.at, actor: e.actor, action: e.action, comment: e.comment ?? null, details: JSON.stringify(e.details ?? {}),
      }).execute();
    },
    async events(incidentId: number) {
      return db.selectFrom('incident_events').select(['id', 'at', 'actor', 'action', 'comment', 'details'])
        .where('incident_id', '=', incidentId).orderBy('at').orderBy('id').$narrowType<{ details: JsonObject }>().execute();
    },
    // ---- SLA (time allowed per severity)
    async slas(): Promise<{ severity: string; minutes: number }[]> {
      return db.selectFrom('incident_sla').select(['severity', 'minutes']).orderBy(sql`array_position(array['Extreme','Severe','Moderate','Minor']::text[], severity)`).execute();
    },
    async slaMinutes(severity: string): Promise<number | null> {
      return (await db.selectFrom('incident_sla').select('minutes').where('severity', '=', severity).executeTakeFirst())?.minutes ?? null;
    },
    async saveSla(severity: string, minutes: number, actor: string) {
      await db.insertInto('incident_sla').values({ severity, minutes, updated_by: actor })
        .onConflict((oc) => oc.column('severity').doUpdateSet({ minutes, updated_by: actor, updated_at: sql<Date>`now()` })).execute();
    },

    // ---- attachments
    async attachments(incidentId: number) {
      return db.selectFrom('incident_attachments').select(['id', 'filename', 'media_type', 'size_bytes', 'created_at', 'created_by'])
        .where('incident_id', '=', incidentId).orderBy('id').execute();
    },
    async attachment(incidentId: number, id: number) {
      return db.selectFrom('incident_attachments').select(['id', 'filename', 'media_type', 'size_bytes', 'content'])
        .where('incident_id', '=', incidentId).where('id', '=', id).executeTakeFirst();
    },
    async insertAttachment(a: { incidentId: number; filename: string; mediaType: string; content: Buffer; at: Date; actor: string }): Promise<number> {
      return Number((await db.insertInto('incident_attachments').values({
        incident_id: a.incidentId, filename: a.filename, media_type: a.mediaType, size_bytes: a.content.length, content: a.content,
        created_at: a.at, created_by: a.actor,
      }).returning('id').executeTakeFirstOrThrow()).id);
    },
    async deleteAttachment(incidentId: number, id: number): Promise<string | undefined> {
      return (await db.deleteFrom('incident_attachments').where('incident_id', '=', incidentId).where('id', '=', id).returning('filename').executeTakeFirst())?.filename;
    },

    /** Active staff accounts an incident can be assigned to, with their unit's code. */
    async people(usernames?: string[]) {
      let q = db.selectFrom('v_users as u').leftJoin('v_units as n', 'n.id', 'u.unit_id')
        .select(['u.username', 'u.display_name', 'u.role', 'n.code as unit_code'])
        .where('u.disabled', '=', false).where('u.role', '<>', 'device');
      if (usernames) q = q.where('u.username', '=', anyText(usernames));
      return q.orderBy('u.display_name').execute();
    },
    async unitExists(code: string): Promise<boolean> {
      return (await db.selectFrom('v_units').select('id').where('code', '=', code).execute()).length > 0;
    },
    /** PostGIS: raw SQL. */
    async recordPoint(recordId: number): Promise<{ lon: number; lat: number } | null | undefined> {
      const r = (await sql<{ lon: number | null; lat: number | null }>`select ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat
        from v_records where id = ${recordId}`.execute(db)).rows[0];
      if (!r) return undefined;
      return r.lon === null || r.lat === null ? null : { lon: r.lon, lat: r.lat };
    },
  };
}
