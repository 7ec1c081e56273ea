// SQL of the feedback module, on the query builder (raw SQL where PostGIS or the statistics need it); runs unchanged on PGlite and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { sql, type ExpressionBuilder, type Kysely, type NotNull, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { FeedbackReports } from '../../platform/db/schema.generated.ts';
import type { FeedbackSort, SortOrder } from '../../../../shared/contracts/feedback.ts';

export type Db = Kysely<DB> | Transaction<DB>;

type Unaliased<T> = T extends `r.${infer C extends keyof FeedbackReports}` ? C : never;

/** A report as the workflow reads it: its columns (without geometry, IP and internal stamps) and its ward's name. */
export type ReportRow = Pick<Selectable<FeedbackReports>, Unaliased<(typeof REPORT_COLUMN_NAMES)[number]>> & { ward_name: string | null };

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

const REPORT_COLUMN_NAMES = ['r.id', 'r.tracking_code', 'r.category_code', 'r.description', 'r.channel', 'r.status', 'r.lon', 'r.lat',
  'r.address', 'r.location_source', 'r.ward_area_id', 'r.ward_code', 'r.ward_unit_id', 'r.department_unit_id', 'r.assigned_unit_id',
  'r.reporter_name', 'r.reporter_phone', 'r.reporter_email', 'r.created_at', 'r.updated_at', 'r.deadline_at', 'r.resolved_at', 'r.closed_at',
  'r.escalated_at', 'r.reject_reason', 'r.answer', 'r.rating', 'r.rating_comment', 'r.merged_into_id', 'r.supporters', 'r.reopen_count'] as const;

/** Statuses of a report still being handled (the deadline applies). */
const OPEN_STATUSES = ['received', 'verified', 'assigned', 'in_progress'];

/** `= any($1::int[])` / `= any($1::text[])`: one array parameter whatever its length (an empty array matches nothing). */
const anyInt = (values: readonly number[]) => sql<number>`any(${[...values]}::int[])`;
const anyText = (values: readonly string[]) => sql<string>`any(${values}::text[])`;

/** Which reports a caller may see: all of them (null), or an officer's unit and areas. */
export type ReportScope = { unitId: number; areaIds: readonly number[] } | null;

/** Columns a workflow step changes on a report. */
export type ReportPatch = Updateable<FeedbackReports>;

/** The scope as a raw condition on `r` (the stats query stays raw SQL). */
function scopeCondition(scope: ReportScope) {
  if (!scope) return sql<boolean>`true`;
  const u = scope.unitId;
  return sql<boolean>`(r.assigned_unit_id = ${u} or r.ward_unit_id = ${u} or r.department_unit_id = ${u} or r.ward_area_id = any(${[...scope.areaIds]}::int[]))`;
}

/** The scope as a builder condition on `r`. */
function inScope(eb: ExpressionBuilder<{ r: FeedbackReports }, 'r'>, scope: ReportScope) {
  if (!scope) return eb.lit(true);
  const u = scope.unitId;
  return eb.or([eb('r.assigned_unit_id', '=', u), eb('r.ward_unit_id', '=', u), eb('r.department_unit_id', '=', u), eb('r.ward_area_id', '=', anyInt(scope.areaIds))]);
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
  sort?: FeedbackSort | undefined;
  order?: SortOrder | undefined;
}

/** The workflow order of the statuses (sorting by status follows it, not the alphabet). */
const STATUS_ORDER = ['received', 'verified', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected'];

export function feedbackRepository(db: Db) {
  const reports = () => db.selectFrom('feedback_reports as r').leftJoin('v_areas as a', 'a.id', 'r.ward_area_id')
    .select([...REPORT_COLUMN_NAMES, 'a.name_vi as ward_name']);
  return {
    async categories() {
      return db.selectFrom('feedback_categories').select(['code', 'name_vi', 'name_en', 'description_vi', 'deadline_days'])
        .where('active', '=', true).orderBy('sort_order').orderBy('code').execute();
    },

    async upsertCategory(c: { code: string; nameVi: string; nameEn: string; descriptionVi: string; deadlineDays: number; sortOrder: number }) {
      await db.insertInto('feedback_categories')
        .values({ code: c.code, name_vi: c.nameVi, name_en: c.nameEn, description_vi: c.descriptionVi, deadline_days: c.deadlineDays, sort_order: c.sortOrder })
        .onConflict((oc) => oc.column('code').doNothing()).execute();
    },

    async unitByCode(code: string) {
      return db.selectFrom('v_units').select(['id', 'code', 'name_vi', 'name_en']).where('code', '=', code).executeTakeFirst();
    },

    async units(ids: number[]) {
      if (!ids.length) return [];
      return db.selectFrom('v_units').select(['id', 'code', 'name_vi', 'name_en']).where('id', '=', anyInt(ids)).execute();
    },

    async insertDefaultRule(categoryCode: string, unitId: number) {
      await db.insertInto('feedback_routing_rules').values({ category_code: categoryCode, ward_code: null, unit_id: unitId, updated_by: 'system' })
        .onConflict((oc) => oc.constraint('feedback_routing_rules_key').doNothing()).execute();
    },

    async rules() {
      return db.selectFrom('feedback_routing_rules as f').innerJoin('v_units as u', 'u.id', 'f.unit_id')
        .select(['f.id', 'f.category_code', 'f.ward_code', 'u.code as unit_code', 'f.updated_at', 'f.updated_by'])
        .orderBy('f.category_code').orderBy('f.ward_code', (ob) => ob.asc().nullsFirst()).execute();
    },

    async upsertRule(categoryCode: string, wardCode: string | null, unitId: number, by: string, now: Date) {
      await db.insertInto('feedback_routing_rules').values({ category_code: categoryCode, ward_code: wardCode, unit_id: unitId, updated_by: by, updated_at: now })
        .onConflict((oc) => oc.constraint('feedback_routing_rules_key').doUpdateSet((eb) => ({
          unit_id: eb.ref('excluded.unit_id'), updated_by: eb.ref('excluded.updated_by'), updated_at: eb.ref('excluded.updated_at'),
        }))).execute();
    },

    /** Deletes a ward-specific rule (a category's default rule stays: every category needs one). */
    async deleteWardRule(id: number): Promise<{ category_code: string; ward_code: string } | undefined> {
      return db.deleteFrom('feedback_routing_rules').where('id', '=', id).where('ward_code', 'is not', null)
        .returning(['category_code', 'ward_code']).$narrowType<{ ward_code: NotNull }>().executeTakeFirst();
    },

    /** The responsible department: the ward-specific rule first, else the category's rule. */
    async routeDepartment(categoryCode: string, wardCode: string | null): Promise<number | null> {
      const r = await db.selectFrom('feedback_routing_rules').select('unit_id')
        .where('category_code', '=', categoryCode).where((eb) => eb.or([eb('ward_code', 'is', null), eb('ward_code', '=', wardCode)]))
        .orderBy('ward_code', (ob) => ob.asc().nullsLast()).limit(1).executeTakeFirst();
      return r?.unit_id ?? null;
    },

    /** Wards valid today (PostGIS and a jsonb field: raw SQL), for matching an address string to a place when no coordinates are sent. */
    async wardPoints(date: string) {
      const r = await sql<{ code: string; name_vi: string; name_short: string; lon: number; lat: number }>`
        select a.code, a.name_vi, coalesce(a.properties ->> 'name_short', a.name_vi) as name_short,
               ST_X(ST_PointOnSurface(a.geom)) as lon, ST_Y(ST_PointOnSurface(a.geom)) as lat
        from v_areas a where a.level = 'ward' and a.valid_from <= ${date}::date and (a.valid_to is null or a.valid_to > ${date}::date)`.execute(db);
      return r.rows;
    },

    /**
     * Forgets the citizen's contact (name, phone, e-mail) and address of origin of reports
     * finished (closed, or rejected) before `before`; the report, its place and answer stay.
     */
    /** Reports whose contact names a person: the phone by its digits, the name or e-mail exactly (ignoring case). */
    async reportsOfPerson(who: { phoneDigits: string | null; texts: string[] }) {
      return db.selectFrom('feedback_reports')
        .select(['id', 'tracking_code', 'status', 'created_at', 'reporter_name', 'reporter_phone', 'reporter_email', 'description', 'address'])
        .where((eb) => {
          const tests = [];
          // The last 9 digits: the national prefix (0, +84, 84) does not matter.
          if (who.phoneDigits) tests.push(eb(sql<string>`right(regexp_replace(coalesce(reporter_phone, ''), '[^0-9]', '', 'g'), 9)`, '=', who.phoneDigits.slice(-9)));
          for (const t of who.texts) {
            tests.push(eb(sql<string>`lower(trim(reporter_name))`, '=', t.toLowerCase()));
            tests.push(eb(sql<string>`lower(trim(reporter_email))`, '=', t.toLowerCase()));
          }
          return tests.length ? eb.or(tests) : eb.val(false);
        })
        .orderBy('id').limit(1000).execute();
    },

    /** Forgets the contact and address of origin of these reports (erasure; the report stays). */
    async forgetContacts(ids: number[]): Promise<number> {
      if (!ids.length) return 0;
      const r = await db.updateTable('feedback_reports').set({ reporter_name: null, reporter_phone: null, reporter_email: null, source_ip: null }).where('id', 'in', ids).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async forgetContactsOfReportsFinishedBefore(before: Date): Promise<number> {
      const r = await db.updateTable('feedback_reports')
        .set({ reporter_name: null, reporter_phone: null, reporter_email: null, source_ip: null })
        .where((eb) => eb.or([
          eb.and([eb('status', '=', 'closed'), eb('closed_at', '<', before)]),
          eb.and([eb('status', '=', 'rejected'), eb('updated_at', '<', before)]),
        ]))
        .where((eb) => eb.or([eb('reporter_name', 'is not', null), eb('reporter_phone', 'is not', null), eb('reporter_email', 'is not', null), eb('source_ip', 'is not', null)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async countSince(column: 'source_ip' | 'reporter_phone', value: string, since: Date): Promise<number> {
      const r = await db.selectFrom('feedback_reports').select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
        .where(column, '=', value).where('created_at', '>', since).executeTakeFirst();
      return r?.n ?? 0;
    },

    async insertReport(n: NewReport): Promise<number> {
      const r = await db.insertInto('feedback_reports').values({
        tracking_code: n.trackingCode, category_code: n.categoryCode, description: n.description, channel: n.channel, status: 'received',
        lon: n.lon, lat: n.lat, geom: sql<string>`ST_SetSRID(ST_MakePoint(${n.lon}, ${n.lat}), 4326)`, address: n.address,
        location_source: n.locationSource, ward_area_id: n.wardAreaId, ward_code: n.wardCode, ward_unit_id: n.wardUnitId,
        department_unit_id: n.departmentUnitId, assigned_unit_id: n.assignedUnitId, reporter_name: n.reporterName,
        reporter_phone: n.reporterPhone, reporter_email: n.reporterEmail, source_ip: n.sourceIp, open311_key_id: n.open311KeyId,
        created_at: n.createdAt, updated_at: n.createdAt, deadline_at: n.deadlineAt,
      }).returning('id').executeTakeFirstOrThrow();
      return r.id;
    },

    async insertEvent(e: NewEvent) {
      await db.insertInto('feedback_events').values({
        report_id: e.reportId, at: e.at, kind: e.kind, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null, actor: e.actor,
        actor_id: e.actorId ?? null, unit_id: e.unitId ?? null, note: e.note ?? null, public: e.public ?? true,
      }).execute();
    },

    /** Stores a photo under an unguessable token (128 random bits): the only key it is served by. */
    async insertPhoto(reportId: number, kind: 'report' | 'answer', p: { data: Buffer; mime: string; width: number; height: number }, at: Date): Promise<string> {
      const token = randomBytes(16).toString('hex');
      await db.insertInto('feedback_photos').values({
        report_id: reportId, kind, mime: p.mime, width: p.width, height: p.height, bytes: p.data.length,
        // The bytes travel as base64 text, decoded by the database: the same on both engines.
        data: sql<Buffer>`decode(${p.data.toString('base64')}, 'base64')`, created_at: at, token,
      }).execute();
      return token;
    },

    /** A photo by its token, with what decides who may see it (the report's status and scope). */
    async photoByToken(token: string) {
      return db.selectFrom('feedback_photos as p').innerJoin('feedback_reports as r', 'r.id', 'p.report_id')
        .select(['p.mime', sql<string>`encode(p.data, 'base64')`.as('b64'), 'p.report_id', 'r.status'])
        .where('p.token', '=', token).executeTakeFirst();
    },

    async photoRefs(reportIds: number[]) {
      if (!reportIds.length) return [];
      return db.selectFrom('feedback_photos').select(['token', 'report_id', 'kind']).where('report_id', '=', anyInt(reportIds)).orderBy('id').execute();
    },

    async byId(id: number): Promise<ReportRow | undefined> {
      return reports().where('r.id', '=', id).executeTakeFirst();
    },

    async byCode(code: string): Promise<ReportRow | undefined> {
      return reports().where('r.tracking_code', '=', code).executeTakeFirst();
    },

    async forUpdate(id: number): Promise<ReportRow | undefined> {
      return reports().where('r.id', '=', id).forUpdate('r').executeTakeFirst();
    },

    async list(f: ListFilter) {
      const conditions = (eb: ExpressionBuilder<{ r: FeedbackReports }, 'r'>) => {
        const and = [inScope(eb, f.scope)];
        if (f.status?.length) and.push(eb('r.status', '=', anyText(f.status)));
        if (f.category) and.push(eb('r.category_code', '=', f.category));
        if (f.wardCode) and.push(eb('r.ward_code', '=', f.wardCode));
        if (f.unitId) and.push(eb('r.assigned_unit_id', '=', f.unitId));
        if (f.overdue) and.push(eb.and([eb('r.status', 'in', OPEN_STATUSES), eb('r.deadline_at', '<', f.now)]));
        if (f.q) and.push(eb.or([eb('r.description', 'ilike', '%' + f.q + '%'), eb('r.tracking_code', '=', f.q.toUpperCase())]));
        return eb.and(and);
      };
      const dir = f.order ?? (f.sort && f.sort !== 'createdAt' ? 'asc' : 'desc');
      const key = {
        createdAt: sql`r.created_at`,
        deadlineAt: sql`r.deadline_at`,
        status: sql`array_position(${STATUS_ORDER}::text[], r.status)`,
        category: sql`r.category_code`,
        ward: sql`a.name_vi`,
        unit: sql`(select u.name_vi from v_units u where u.id = r.assigned_unit_id)`,
      }[f.sort ?? 'createdAt'];
      const rows = await reports().where(conditions)
        .orderBy(key, (ob) => (dir === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast()))
        .orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).offset(f.offset).execute();
      const total = await db.selectFrom('feedback_reports as r').select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
        .where(conditions).executeTakeFirst();
      return { rows, total: total?.n ?? 0 };
    },

    async events(reportId: number) {
      return db.selectFrom('feedback_events as e').leftJoin('v_units as u', 'u.id', 'e.unit_id')
        .select(['e.at', 'e.kind', 'e.from_status', 'e.to_status', 'e.actor', 'u.code as unit_code', 'e.note', 'e.public'])
        .where('e.report_id', '=', reportId).orderBy('e.at').orderBy('e.id').execute();
    },

    /** Open reports of the same category within `meters` and `days` of a report (not merged ones); PostGIS: raw SQL. */
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

    /** Open reports (any category, not merged) within `meters` of a point, nearest first; PostGIS: raw SQL. */
    async openNear(lon: number, lat: number, meters: number, limit: number) {
      const r = await sql<{ id: number; category_code: string; status: string; distance_m: number; created_at: Date; supporters: number }>`
        select r.id, r.category_code, r.status, ST_Distance(r.geom::geography, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography) as distance_m,
               r.created_at, r.supporters
        from feedback_reports r
        where r.merged_into_id is null and r.status = any(${OPEN_STATUSES}::text[])
          and ST_DWithin(r.geom::geography, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography, ${meters})
        order by distance_m, r.id limit ${limit}`.execute(db);
      return r.rows;
    },

    /** "This is my problem too": one more supporter on an open report; false when it is not open. */
    async addSupporter(id: number): Promise<number | null> {
      const r = await db.updateTable('feedback_reports').set((eb) => ({ supporters: eb('supporters', '+', 1) }))
        .where('id', '=', id).where('merged_into_id', 'is', null).where('status', 'in', OPEN_STATUSES)
        .returning('supporters').executeTakeFirst();
      return r?.supporters ?? null;
    },

    // Canned replies ------------------------------------------------------------------
    async cannedReplies() {
      return db.selectFrom('feedback_canned_replies').selectAll().orderBy('sort_order').orderBy('id').execute();
    },
    async insertCannedReply(c: { title_vi: string; title_en: string; body_vi: string; sort_order: number; updated_by: string; updated_at: Date }) {
      return (await db.insertInto('feedback_canned_replies').values(c).returning('id').executeTakeFirstOrThrow()).id;
    },
    async updateCannedReply(id: number, c: { title_vi: string; title_en: string; body_vi: string; sort_order?: number; updated_by: string; updated_at: Date }) {
      const r = await db.updateTable('feedback_canned_replies').set(c).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async deleteCannedReply(id: number) {
      const r = await db.deleteFrom('feedback_canned_replies').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async mergedInto(id: number) {
      return db.selectFrom('feedback_reports').select(['id', 'tracking_code']).where('merged_into_id', '=', id).orderBy('id').execute();
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

    /**
     * Leaders' table: counts, on-time share, average handling time and rating per key, with a total row.
     * Raw: GROUP BY ROLLUP, aggregate FILTERs and local-time day bounds.
     */
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
      const r = await db.selectFrom('v_user_areas').select('area_id').where('user_id', '=', userId).execute();
      return r.map((x) => x.area_id);
    },

    async publicPoints(since: Date, limit: number) {
      return db.selectFrom('feedback_reports')
        .select([
          'id', 'category_code', 'status',
          // Rounded to ~100 m for the public map.
          sql<number>`round(lat::numeric, 3)::float8`.as('lat'), sql<number>`round(lon::numeric, 3)::float8`.as('lon'),
          'created_at',
        ])
        .where('created_at', '>=', since).where('status', '<>', 'rejected').where('merged_into_id', 'is', null)
        .orderBy('created_at', 'desc').limit(limit).execute();
    },

    // Deadline checks -------------------------------------------------------------------
    async dueForReminder(now: Date, before: Date) {
      return db.selectFrom('feedback_reports').select(['id', 'tracking_code', 'assigned_unit_id', 'deadline_at'])
        .where('status', 'in', OPEN_STATUSES).where('merged_into_id', 'is', null)
        .where('reminded_at', 'is', null).where('deadline_at', '>', now).where('deadline_at', '<=', before).execute();
    },
    async dueForEscalation(now: Date) {
      return db.selectFrom('feedback_reports').select(['id', 'tracking_code', 'assigned_unit_id', 'deadline_at', 'status'])
        .where('status', 'in', OPEN_STATUSES).where('merged_into_id', 'is', null)
        .where('escalated_at', 'is', null).where('deadline_at', '<', now).execute();
    },
    async dueForAutoClose(resolvedBefore: Date) {
      const r = await db.selectFrom('feedback_reports').select('id')
        .where('status', '=', 'resolved').where('merged_into_id', 'is', null).where('resolved_at', '<', resolvedBefore).execute();
      return r.map((x) => x.id);
    },
  };
}

export type FeedbackRepository = ReturnType<typeof feedbackRepository>;
