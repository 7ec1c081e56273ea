// SQL of the feedback module. Plain SQL that runs unchanged on PGlite and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { FeedbackReports } from '../../platform/db/schema.generated.ts';

export type Db = Kysely<DB> | Transaction<DB>;

export interface ReportRow {
  id: number;
  tracking_code: string;
  category_code: string;
  description: string;
  channel: string;
  status: string;
  lon: number;
  lat: number;
  address: string | null;
  location_source: string;
  ward_area_id: number | null;
  ward_code: string | null;
  ward_name: string | null;
  ward_unit_id: number | null;
  department_unit_id: number | null;
  assigned_unit_id: number | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_email: string | null;
  created_at: Date;
  updated_at: Date;
  deadline_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  escalated_at: Date | null;
  reject_reason: string | null;
  answer: string | null;
  rating: number | null;
  rating_comment: string | null;
  merged_into_id: number | null;
}

export interface NewReport {
  trackingCode: string;
  categoryCode: string;
  description: string;
  channel: string;
  lon: number;
  lat: number;
  address: string | null;
  locationSource: string;
  wardAreaId: number | null;
  wardCode: string | null;
  wardUnitId: number | null;
  departmentUnitId: number | null;
  assignedUnitId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  reporterEmail: string | null;
  sourceIp: string | null;
  open311KeyId: number | null;
  createdAt: Date;
  deadlineAt: Date;
}

export interface NewEvent {
  reportId: number;
  at: Date;
  kind: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  actor: string;
  actorId?: number | null;
  unitId?: number | null;
  note?: string | null;
  public?: boolean;
}

const REPORT_COLUMNS = sql`r.id, r.tracking_code, r.category_code, r.description, r.channel, r.status, r.lon, r.lat, r.address,
  r.location_source, r.ward_area_id, r.ward_code, a.name_vi as ward_name, r.ward_unit_id, r.department_unit_id, r.assigned_unit_id,
  r.reporter_name, r.reporter_phone, r.reporter_email, r.created_at, r.updated_at, r.deadline_at, r.resolved_at, r.closed_at,
  r.escalated_at, r.reject_reason, r.answer, r.rating, r.rating_comment, r.merged_into_id`;

/** Which reports a caller may see: all of them (null), or an officer's unit and areas. */
export type ReportScope = { unitId: number; areaIds: readonly number[] } | null;

/** Columns a workflow step changes on a report. */
export type ReportPatch = Updateable<FeedbackReports>;

function scopeCondition(scope: ReportScope): RawBuilder<boolean> {
  if (!scope) return sql<boolean>`true`;
  const u = scope.unitId;
  return sql<boolean>`(r.assigned_unit_id = ${u} or r.ward_unit_id = ${u} or r.department_unit_id = ${u} or r.ward_area_id = any(${[...scope.areaIds]}::int[]))`;
}

export interface ListFilter {
  scope: ReportScope;
  status?: string[] | undefined;
  category?: string | undefined;
  wardCode?: string | undefined;
  unitId?: number | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  now: Date;
  limit: number;
  offset: number;
}

export function feedbackRepository(db: Db) {
  return {
    async categories() {
      const r = await sql<{ code: string; name_vi: string; name_en: string; description_vi: string; deadline_days: number }>`
        select code, name_vi, name_en, description_vi, deadline_days from feedback_categories where active order by sort_order, code`.execute(db);
      return r.rows;
    },

    async upsertCategory(c: { code: string; nameVi: string; nameEn: string; descriptionVi: string; deadlineDays: number; sortOrder: number }) {
      await sql`insert into feedback_categories (code, name_vi, name_en, description_vi, deadline_days, sort_order)
        values (${c.code}, ${c.nameVi}, ${c.nameEn}, ${c.descriptionVi}, ${c.deadlineDays}, ${c.sortOrder})
        on conflict (code) do nothing`.execute(db);
    },

    async unitByCode(code: string) {
      const r = await sql<{ id: number; code: string; name_vi: string; name_en: string }>`select id, code, name_vi, name_en from v_units where code = ${code}`.execute(db);
      return r.rows[0];
    },

    async units(ids: number[]) {
      if (!ids.length) return [];
      const r = await sql<{ id: number; code: string; name_vi: string; name_en: string }>`select id, code, name_vi, name_en from v_units where id = any(${ids}::int[])`.execute(db);
      return r.rows;
    },

    async insertDefaultRule(categoryCode: string, unitId: number) {
      await sql`insert into feedback_routing_rules (category_code, ward_code, unit_id, updated_by)
        values (${categoryCode}, null, ${unitId}, 'system') on conflict on constraint feedback_routing_rules_key do nothing`.execute(db);
    },

    async rules() {
      const r = await sql<{ id: number; category_code: string; ward_code: string | null; unit_code: string; updated_at: Date; updated_by: string }>`
        select f.id, f.category_code, f.ward_code, u.code as unit_code, f.updated_at, f.updated_by
        from feedback_routing_rules f join v_units u on u.id = f.unit_id order by f.category_code, f.ward_code nulls first`.execute(db);
      return r.rows;
    },

    async upsertRule(categoryCode: string, wardCode: string | null, unitId: number, by: string, now: Date) {
      await sql`insert into feedback_routing_rules (category_code, ward_code, unit_id, updated_by, updated_at)
        values (${categoryCode}, ${wardCode}, ${unitId}, ${by}, ${now})
        on conflict on constraint feedback_routing_rules_key do update set unit_id = excluded.unit_id, updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(db);
    },

    /** Deletes a ward-specific rule (a category's default rule stays: every category needs one). */
    async deleteWardRule(id: number): Promise<{ category_code: string; ward_code: string } | undefined> {
      const r = await sql<{ category_code: string; ward_code: string }>`
        delete from feedback_routing_rules where id = ${id} and ward_code is not null returning category_code, ward_code`.execute(db);
      return r.rows[0];
    },

    /** The responsible department: the ward-specific rule first, else the category's rule. */
    async routeDepartment(categoryCode: string, wardCode: string | null): Promise<number | null> {
      const r = await sql<{ unit_id: number }>`
        select unit_id from feedback_routing_rules
        where category_code = ${categoryCode} and (ward_code is null or ward_code = ${wardCode})
        order by ward_code nulls last limit 1`.execute(db);
      return r.rows[0]?.unit_id ?? null;
    },

    /** Wards valid today, for matching an address string to a place when no coordinates are sent. */
    async wardPoints(date: string) {
      const r = await sql<{ code: string; name_vi: string; name_short: string; lon: number; lat: number }>`
        select a.code, a.name_vi, coalesce(a.properties ->> 'name_short', a.name_vi) as name_short,
               ST_X(ST_PointOnSurface(a.geom)) as lon, ST_Y(ST_PointOnSurface(a.geom)) as lat
        from v_areas a where a.level = 'ward' and a.valid_from <= ${date}::date and (a.valid_to is null or a.valid_to > ${date}::date)`.execute(db);
      return r.rows;
    },

    async countSince(column: 'source_ip' | 'reporter_phone', value: string, since: Date): Promise<number> {
      const col = sql.ref(column);
      const r = await sql<{ n: number }>`select count(*)::int as n from feedback_reports where ${col} = ${value} and created_at > ${since}`.execute(db);
      return r.rows[0]?.n ?? 0;
    },

    async insertReport(n: NewReport): Promise<number> {
      const r = await sql<{ id: number }>`
        insert into feedback_reports (tracking_code, category_code, description, channel, status, lon, lat, geom, address, location_source,
          ward_area_id, ward_code, ward_unit_id, department_unit_id, assigned_unit_id, reporter_name, reporter_phone, reporter_email,
          source_ip, open311_key_id, created_at, updated_at, deadline_at)
        values (${n.trackingCode}, ${n.categoryCode}, ${n.description}, ${n.channel}, 'received', ${n.lon}, ${n.lat},
          ST_SetSRID(ST_MakePoint(${n.lon}, ${n.lat}), 4326), ${n.address}, ${n.locationSource}, ${n.wardAreaId}, ${n.wardCode},
          ${n.wardUnitId}, ${n.departmentUnitId}, ${n.assignedUnitId}, ${n.reporterName}, ${n.reporterPhone}, ${n.reporterEmail},
          ${n.sourceIp}, ${n.open311KeyId}, ${n.createdAt}, ${n.createdAt}, ${n.deadlineAt})
        returning id`.execute(db);
      return r.rows[0]!.id;
    },

    async insertEvent(e: NewEvent) {
      await sql`insert into feedback_events (report_id, at, kind, from_status, to_status, actor, actor_id, unit_id, note, public)
        values (${e.reportId}, ${e.at}, ${e.kind}, ${e.fromStatus ?? null}, ${e.toStatus ?? null}, ${e.actor}, ${e.actorId ?? null},
          ${e.unitId ?? null}, ${e.note ?? null}, ${e.public ?? true})`.execute(db);
    },

    /** Stores a photo under an unguessable token (128 random bits): the only key it is served by. */
    async insertPhoto(reportId: number, kind: 'report' | 'answer', p: { data: Buffer; mime: string; width: number; height: number }, at: Date): Promise<string> {
      const token = randomBytes(16).toString('hex');
      await sql`insert into feedback_photos (report_id, kind, mime, width, height, bytes, data, created_at, token)
        values (${reportId}, ${kind}, ${p.mime}, ${p.width}, ${p.height}, ${p.data.length}, decode(${p.data.toString('base64')}, 'base64'), ${at}, ${token})`.execute(db);
      return token;
    },

    /** A photo by its token, with what decides who may see it (the report's status and scope). */
    async photoByToken(token: string) {
      const r = await sql<{ mime: string; b64: string; report_id: number; status: string }>`
        select p.mime, encode(p.data, 'base64') as b64, p.report_id, r.status
        from feedback_photos p join feedback_reports r on r.id = p.report_id where p.token = ${token}`.execute(db);
      return r.rows[0];
    },

    async photoRefs(reportIds: number[]) {
      if (!reportIds.length) return [];
      const r = await sql<{ token: string; report_id: number; kind: string }>`
        select token, report_id, kind from feedback_photos where report_id = any(${reportIds}::int[]) order by id`.execute(db);
      return r.rows;
    },

    async byId(id: number): Promise<ReportRow | undefined> {
      const r = await sql<ReportRow>`select ${REPORT_COLUMNS} from feedback_reports r left join v_areas a on a.id = r.ward_area_id where r.id = ${id}`.execute(db);
      return r.rows[0];
    },

    async byCode(code: string): Promise<ReportRow | undefined> {
      const r = await sql<ReportRow>`select ${REPORT_COLUMNS} from feedback_reports r left join v_areas a on a.id = r.ward_area_id where r.tracking_code = ${code}`.execute(db);
      return r.rows[0];
    },

    async forUpdate(id: number): Promise<ReportRow | undefined> {
      const r = await sql<ReportRow>`select ${REPORT_COLUMNS} from feedback_reports r left join v_areas a on a.id = r.ward_area_id where r.id = ${id} for update of r`.execute(db);
      return r.rows[0];
    },

    async list(f: ListFilter) {
      const where: RawBuilder<unknown>[] = [scopeCondition(f.scope)];
      if (f.status?.length) where.push(sql`r.status = any(${f.status}::text[])`);
      if (f.category) where.push(sql`r.category_code = ${f.category}`);
      if (f.wardCode) where.push(sql`r.ward_code = ${f.wardCode}`);
      if (f.unitId) where.push(sql`r.assigned_unit_id = ${f.unitId}`);
      if (f.overdue) where.push(sql`r.status in ('received','verified','assigned','in_progress') and r.deadline_at < ${f.now}`);
      if (f.q) where.push(sql`(r.description ilike ${'%' + f.q + '%'} or r.tracking_code = ${f.q.toUpperCase()})`);
      const cond = sql.join(where, sql` and `);
      const rows = await sql<ReportRow>`select ${REPORT_COLUMNS} from feedback_reports r left join v_areas a on a.id = r.ward_area_id
        where ${cond} order by r.created_at desc, r.id desc limit ${f.limit} offset ${f.offset}`.execute(db);
      const total = await sql<{ n: number }>`select count(*)::int as n from feedback_reports r where ${cond}`.execute(db);
      return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
    },

    async events(reportId: number) {
      const r = await sql<{ at: Date; kind: string; from_status: string | null; to_status: string | null; actor: string; unit_code: string | null; note: string | null; public: boolean }>`
        select e.at, e.kind, e.from_status, e.to_status, e.actor, u.code as unit_code, e.note, e.public
        from feedback_events e left join v_units u on u.id = e.unit_id where e.report_id = ${reportId} order by e.at, e.id`.execute(db);
      return r.rows;
    },

    /** Open reports of the same category within `meters` and `days` of a report (not merged ones). */
    async duplicatesOf(id: number, meters: number, days: number) {
      const r = await sql<{ id: number; tracking_code: string; status: string; distance_m: number; created_at: Date }>`
        select o.id, o.tracking_code, o.status, ST_Distance(o.geom::geography, r.geom::geography) as distance_m, o.created_at
        from feedback_reports r join feedback_reports o
          on o.id <> r.id and o.category_code = r.category_code and o.merged_into_id is null
         and o.status not in ('rejected', 'closed')
         and ST_DWithin(o.geom::geography, r.geom::geography, ${meters})
         and o.created_at between r.created_at - make_interval(days => ${days}) and r.created_at + make_interval(days => ${days})
        where r.id = ${id}
        order by distance_m limit 20`.execute(db);
      return r.rows;
    },

    async mergedInto(id: number) {
      const r = await sql<{ id: number; tracking_code: string }>`select id, tracking_code from feedback_reports where merged_into_id = ${id} order by id`.execute(db);
      return r.rows;
    },

    /** Applies a change to a report and every report merged into it; returns the ids changed. */
    async updateGroup(id: number, patch: ReportPatch): Promise<number[]> {
      const rows = await db
        .updateTable('feedback_reports')
        .set(patch)
        .where((eb) => eb.or([eb('id', '=', id), eb('merged_into_id', '=', id)]))
        .returning('id')
        .execute();
      return rows.map((x) => x.id);
    },

    async update(id: number, patch: ReportPatch) {
      await db.updateTable('feedback_reports').set(patch).where('id', '=', id).execute();
    },

    /** Reports merged into `fromId` follow `intoId` (merging a report that others were merged into). */
    async moveMerged(fromId: number, intoId: number, status: string) {
      await db.updateTable('feedback_reports').set({ merged_into_id: intoId, status }).where('merged_into_id', '=', fromId).execute();
    },

    /** Leaders' table: counts, on-time share, average handling time and rating per key, with a total row. */
    async stats(scope: ReportScope, by: 'category' | 'unit' | 'ward' | 'month', from: string, to: string, now: Date) {
      const key = {
        category: sql`r.category_code`,
        unit: sql`coalesce(u.code, '-')`,
        ward: sql`coalesce(r.ward_code, '-')`,
        month: sql`to_char(r.created_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM')`,
      }[by];
      const label = {
        category: sql`max(c.name_vi)`,
        unit: sql`coalesce(max(u.name_vi), '-')`,
        ward: sql`coalesce(max(a.name_vi), '-')`,
        month: sql`to_char(max(r.created_at) at time zone 'Asia/Ho_Chi_Minh', 'MM/YYYY')`,
      }[by];
      const r = await sql<{ key: string | null; label: string | null; received: number; resolved: number; on_time: number; overdue: number; avg_hours: number | null; avg_rating: number | null; ratings: number }>`
        select ${key} as key, ${label} as label,
          count(*)::int as received,
          count(r.resolved_at)::int as resolved,
          count(*) filter (where r.resolved_at is not null and r.resolved_at <= r.deadline_at)::int as on_time,
          count(*) filter (where r.status in ('received','verified','assigned','in_progress') and r.deadline_at < ${now})::int as overdue,
          avg(extract(epoch from (r.resolved_at - r.created_at)) / 3600.0)::float8 as avg_hours,
          avg(r.rating)::float8 as avg_rating,
          count(r.rating)::int as ratings
        from feedback_reports r
        left join feedback_categories c on c.code = r.category_code
        left join v_units u on u.id = r.assigned_unit_id
        left join v_areas a on a.id = r.ward_area_id
        where ${scopeCondition(scope)} and r.merged_into_id is null and r.status <> 'rejected'
          and r.created_at >= (${from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'
          and r.created_at < ((${to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')
        group by rollup (${key}) order by 1 nulls first`.execute(db);
      return r.rows;
    },

    async userAreaIds(userId: number): Promise<number[]> {
      const r = await sql<{ area_id: number }>`select area_id from v_user_areas where user_id = ${userId}`.execute(db);
      return r.rows.map((x) => x.area_id);
    },

    async publicPoints(since: Date, limit: number) {
      const r = await sql<{ tracking_code: string; category_code: string; status: string; lat: number; lon: number; created_at: Date }>`
        select tracking_code, category_code, status, round(lat::numeric, 3)::float8 as lat, round(lon::numeric, 3)::float8 as lon, created_at
        from feedback_reports where created_at >= ${since} and status <> 'rejected' and merged_into_id is null
        order by created_at desc limit ${limit}`.execute(db);
      return r.rows;
    },

    // Deadline checks -------------------------------------------------------------------
    async dueForReminder(now: Date, before: Date) {
      const r = await sql<{ id: number; tracking_code: string; assigned_unit_id: number | null; deadline_at: Date }>`
        select id, tracking_code, assigned_unit_id, deadline_at from feedback_reports
        where status in ('received','verified','assigned','in_progress') and merged_into_id is null
          and reminded_at is null and deadline_at > ${now} and deadline_at <= ${before}`.execute(db);
      return r.rows;
    },
    async dueForEscalation(now: Date) {
      const r = await sql<{ id: number; tracking_code: string; assigned_unit_id: number | null; deadline_at: Date; status: string }>`
        select id, tracking_code, assigned_unit_id, deadline_at, status from feedback_reports
        where status in ('received','verified','assigned','in_progress') and merged_into_id is null
          and escalated_at is null and deadline_at < ${now}`.execute(db);
      return r.rows;
    },
    async dueForAutoClose(resolvedBefore: Date) {
      const r = await sql<{ id: number }>`
        select id from feedback_reports where status = 'resolved' and merged_into_id is null and resolved_at < ${resolvedBefore}`.execute(db);
      return r.rows.map((x) => x.id);
    },
  };
}

export type FeedbackRepository = ReturnType<typeof feedbackRepository>;
