// The only SQL of the procedures module: the catalogue, dossiers (bulk upsert by MaHoSo),
// ratings, rejected rows, due alerts, and the per-dossier classification of the 766 index
// (one CTE used by the aggregate and by the drill-down, so both count the same dossiers).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Procedure } from '../../../../shared/contracts/procedures.ts';
import type { DossierInput } from './procedures.rules.ts';

export interface DossierRow {
  id: number; code: string; procedure_code: string; procedure_name: string | null; channel: number | null;
  submitted_at: Date | null; received_at: Date | null; due_at: Date | null; finished_at: Date | null; status: number;
  supplements: { requestedAt: string; suppliedAt: string | null }[]; paid_online: boolean; digitised: boolean; e_result: boolean;
  unit_code: string | null; ward_code: string | null; official_code: string | null; official_name: string | null;
  applicant_name: string | null; applicant_phone: string | null;
}

/** Counts of one group (unit, ward or all) and procedure over a period: what the index is made of. */
export interface IndexCounts {
  key: string | null; procedure_code: string;
  handled: number; on_time: number; received: number; online: number; digitised: number; paid_online: number;
  ended: number; ended_result: number; e_result: number; handled_hours_n: number; hours_sum: number; wd_sum: number;
  dislikes: number; ratings: number; rating_sum: number;
}

export interface Scope { from: Date; to: Date; unit?: string | undefined; area?: string | undefined; units?: readonly string[] | undefined }
export type GroupBy = 'none' | 'unit' | 'area';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * One row per dossier that matters for the period [from, to): received before its end and not
 * finished before its start. Flags: handled (2.1 base: not new, refused or withdrawn), received
 * in the period, done (finished within it), on_time (ended — or the period's end when still
 * open — no later than the due date once the citizen's time on one supplementary request is
 * taken off; more than one request is late).
 */
function classified(s: Scope, by: GroupBy): RawBuilder<unknown> {
  const key = by === 'unit' ? sql`x.unit_code` : by === 'area' ? sql`x.ward_code` : sql`null::text`;
  const filters = [sql`x.received_at is not null`, sql`x.received_at < ${s.to}`, sql`(x.finished_at is null or x.finished_at >= ${s.from})`];
  if (s.unit) filters.push(sql`x.unit_code = ${s.unit}`);
  if (s.area) filters.push(sql`x.ward_code = ${s.area}`);
  if (s.units) filters.push(sql`x.unit_code = any(${[...s.units]}::text[])`);
  return sql`
    with d as (
      select x.id, x.code, x.procedure_code, ${key} as key, x.channel, x.status, x.received_at, x.due_at, x.finished_at, x.supplement_count,
        x.supplements, x.paid_online, x.digitised, x.e_result, x.handling_hours, x.handling_working_days,
        (x.finished_at is not null and x.finished_at < ${s.to}) as done,
        least(coalesce(x.finished_at, ${s.to}::timestamptz), ${s.to}::timestamptz) as end_at,
        x.status not in (1, 3, 7) as handled,
        x.received_at >= ${s.from} as received_in
      from proc_dossiers x where ${sql.join(filters, sql` and `)}
    ), c as (
      select d.*,
        case when d.supplement_count = 0 then interval '0'
             when d.supplement_count = 1 then greatest(
               least(coalesce((d.supplements->0->>'suppliedAt')::timestamptz, d.end_at), d.end_at) - (d.supplements->0->>'requestedAt')::timestamptz, interval '0')
             else null end as pause
      from d
    ), k as (
      select c.*, r.service_score,
        (c.handled and c.supplement_count <= 1 and (c.due_at is null or c.end_at - c.pause <= c.due_at)) as on_time
      from c left join proc_ratings r on r.dossier_id = c.id
    )`;
}

export function proceduresRepository(db: Kysely<DB>) {
  return {
    async upsertProcedures(list: readonly Procedure[], at: Date): Promise<void> {
      if (!list.length) return;
      await db.insertInto('proc_procedures').values(list.map((p) => ({
        code: p.code, name: p.name, field: p.field, level: p.level, time_limit: p.timeLimit, time_unit: p.timeUnit, fee: p.fee,
        paper_result: p.paperResult, online: p.online, online_payment: p.onlinePayment, published: p.published, updated_at: at,
      }))).onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'), field: eb.ref('excluded.field'), level: eb.ref('excluded.level'), time_limit: eb.ref('excluded.time_limit'),
        time_unit: eb.ref('excluded.time_unit'), fee: eb.ref('excluded.fee'), paper_result: eb.ref('excluded.paper_result'), online: eb.ref('excluded.online'),
        online_payment: eb.ref('excluded.online_payment'), published: eb.ref('excluded.published'), updated_at: eb.ref('excluded.updated_at'),
      }))).execute();
    },

    async procedures(onlyPublished: boolean): Promise<Procedure[]> {
      let q = db.selectFrom('proc_procedures').selectAll().orderBy('code');
      if (onlyPublished) q = q.where('published', '=', true);
      return (await q.execute()).map((p) => ({
        code: p.code, name: p.name, field: p.field, level: p.level as Procedure['level'], timeLimit: p.time_limit === null ? null : Number(p.time_limit),
        timeUnit: p.time_unit as Procedure['timeUnit'], fee: p.fee === null ? null : Number(p.fee), paperResult: p.paper_result,
        online: p.online as Procedure['online'], onlinePayment: p.online_payment, published: p.published,
      }));
    },

    async knownProcedureCodes(codes: readonly string[]): Promise<Set<string>> {
      if (!codes.length) return new Set();
      const rows = await db.selectFrom('proc_procedures').select('code').where('code', 'in', [...new Set(codes)]).execute();
      return new Set(rows.map((r) => r.code));
    },

    /** Bulk upsert by MaHoSo in one statement; rows whose values did not change are left alone (not returned). */
    async upsertDossiers(list: readonly DossierInput[], source: string, at: Date, synthetic = false): Promise<{ inserted: number; updated: number }> {
      if (!list.length) return { inserted: 0, updated: 0 };
      const col = <T>(f: (d: DossierInput) => T) => list.map(f);
      const sup = (d: DossierInput) => JSON.stringify(d.supplements.map((s) => ({ requestedAt: s.requestedAt.toISOString(), suppliedAt: iso(s.suppliedAt) })));
      const r = await sql<{ inserted: boolean }>`
        insert into proc_dossiers as t (code, procedure_code, channel, submitted_at, received_at, due_at, finished_at, status, supplements, supplement_count,
          paid_online, digitised, e_result, unit_code, ward_code, official_code, official_name, applicant_name, applicant_phone,
          handling_hours, handling_working_days, source, synthetic, created_at, updated_at)
        select u.code, u.procedure_code, u.channel::smallint, u.submitted_at::timestamptz, u.received_at::timestamptz, u.due_at::timestamptz, u.finished_at::timestamptz,
          u.status::smallint, u.supplements::jsonb, jsonb_array_length(u.supplements::jsonb), u.paid_online::boolean, u.digitised::boolean, u.e_result::boolean,
          u.unit_code, u.ward_code, u.official_code, u.official_name, u.applicant_name, u.applicant_phone, u.handling_hours::numeric, u.handling_wd::numeric,
          ${source}, ${synthetic}, ${at}, ${at}
        from unnest(${col((d) => d.code)}::text[], ${col((d) => d.procedureCode)}::text[], ${col((d) => (d.channel === null ? null : String(d.channel)))}::text[],
          ${col((d) => iso(d.submittedAt))}::text[], ${col((d) => iso(d.receivedAt))}::text[], ${col((d) => iso(d.dueAt))}::text[], ${col((d) => iso(d.finishedAt))}::text[],
          ${col((d) => String(d.status))}::text[], ${col(sup)}::text[], ${col((d) => String(d.paidOnline))}::text[], ${col((d) => String(d.digitised))}::text[],
          ${col((d) => String(d.eResult))}::text[], ${col((d) => d.unitCode)}::text[], ${col((d) => d.wardCode)}::text[], ${col((d) => d.officialCode)}::text[],
          ${col((d) => d.officialName)}::text[], ${col((d) => d.applicantName)}::text[], ${col((d) => d.applicantPhone)}::text[],
          ${col((d) => (d.handlingHours === null ? null : String(d.handlingHours)))}::text[], ${col((d) => (d.handlingWorkingDays === null ? null : String(d.handlingWorkingDays)))}::text[])
          as u(code, procedure_code, channel, submitted_at, received_at, due_at, finished_at, status, supplements, paid_online, digitised, e_result,
               unit_code, ward_code, official_code, official_name, applicant_name, applicant_phone, handling_hours, handling_wd)
        on conflict (code) do update set procedure_code = excluded.procedure_code, channel = excluded.channel, submitted_at = excluded.submitted_at,
          received_at = excluded.received_at, due_at = excluded.due_at, finished_at = excluded.finished_at, status = excluded.status,
          supplements = excluded.supplements, supplement_count = excluded.supplement_count, paid_online = excluded.paid_online, digitised = excluded.digitised,
          e_result = excluded.e_result, unit_code = excluded.unit_code, ward_code = excluded.ward_code, official_code = excluded.official_code,
          official_name = excluded.official_name, applicant_name = excluded.applicant_name, applicant_phone = excluded.applicant_phone,
          handling_hours = excluded.handling_hours, handling_working_days = excluded.handling_working_days, source = excluded.source, updated_at = excluded.updated_at
        where (t.procedure_code, t.channel, t.submitted_at, t.received_at, t.due_at, t.finished_at, t.status, t.supplements, t.paid_online, t.digitised, t.e_result,
               t.unit_code, t.ward_code, t.official_code, t.official_name, t.applicant_name, t.applicant_phone)
          is distinct from (excluded.procedure_code, excluded.channel, excluded.submitted_at, excluded.received_at, excluded.due_at, excluded.finished_at, excluded.status,
               excluded.supplements, excluded.paid_online, excluded.digitised, excluded.e_result, excluded.unit_code, excluded.ward_code, excluded.official_code,
               excluded.official_name, excluded.applicant_name, excluded.applicant_phone)
        returning (xmax = 0) as inserted`.execute(db);
      const inserted = r.rows.filter((x) => x.inserted).length;
      return { inserted, updated: r.rows.length - inserted };
    },

    async saveRejected(batch: string, source: string, rows: readonly { row: number; reasons: string[]; data: Record<string, unknown> }[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db.insertInto('proc_rejected_rows').values(rows.slice(i, i + 500).map((r) => ({
          batch, source, row_number: r.row, data: JSON.stringify(r.data), reasons: JSON.stringify(r.reasons),
        }))).execute();
      }
    },

    async rejected(batch: string) {
      return db.selectFrom('proc_rejected_rows').select(['row_number', 'reasons', 'data']).where('batch', '=', batch).orderBy('row_number').limit(1000).execute();
    },

    async dossiers(f: { unit?: string | undefined; area?: string | undefined; units?: readonly string[] | undefined; code?: string | undefined; id?: number | undefined; open?: boolean; limit: number; offset: number }): Promise<{ total: number; rows: DossierRow[] }> {
      let q = db.selectFrom('proc_dossiers as d').leftJoin('proc_procedures as p', 'p.code', 'd.procedure_code');
      if (f.unit) q = q.where('d.unit_code', '=', f.unit);
      if (f.area) q = q.where('d.ward_code', '=', f.area);
      if (f.units) q = q.where('d.unit_code', 'in', f.units.length ? [...f.units] : ['']);
      if (f.code) q = q.where('d.code', '=', f.code);
      if (f.id) q = q.where('d.id', '=', f.id);
      if (f.open) q = q.where('d.finished_at', 'is', null).where('d.status', 'not in', [1, 3, 7, 8, 9, 10]);
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.select([
        'd.id', 'd.code', 'd.procedure_code', 'p.name as procedure_name', 'd.channel', 'd.submitted_at', 'd.received_at', 'd.due_at', 'd.finished_at', 'd.status',
        'd.supplements', 'd.paid_online', 'd.digitised', 'd.e_result', 'd.unit_code', 'd.ward_code', 'd.official_code', 'd.official_name', 'd.applicant_name', 'd.applicant_phone',
      ]).orderBy(f.open ? 'd.due_at' : 'd.received_at', f.open ? 'asc' : 'desc').orderBy('d.id').limit(f.limit).offset(f.offset).execute();
      return { total, rows: rows.map((r) => ({ ...r, id: Number(r.id), supplements: r.supplements as DossierRow['supplements'] })) };
    },

    async dossierByCode(code: string): Promise<(DossierRow & { rated: boolean }) | undefined> {
      const r = await db.selectFrom('proc_dossiers as d').leftJoin('proc_procedures as p', 'p.code', 'd.procedure_code')
        .leftJoin('proc_ratings as r', 'r.dossier_id', 'd.id')
        .select([
          'd.id', 'd.code', 'd.procedure_code', 'p.name as procedure_name', 'd.channel', 'd.submitted_at', 'd.received_at', 'd.due_at', 'd.finished_at', 'd.status',
          'd.supplements', 'd.paid_online', 'd.digitised', 'd.e_result', 'd.unit_code', 'd.ward_code', 'd.official_code', 'd.official_name', 'd.applicant_name', 'd.applicant_phone',
          sql<boolean>`r.dossier_id is not null`.as('rated'),
        ])
        .where('d.code', '=', code).executeTakeFirst();
      return r ? { ...r, id: Number(r.id), supplements: r.supplements as DossierRow['supplements'] } : undefined;
    },

    /** Stores the rating unless the dossier has one already; false when it had. */
    async insertRating(r: { dossierId: number; serviceScore: number; officialScore: number; comment: string | null; officialCode: string | null; officialName: string | null; unitCode: string | null; wardCode: string | null; at: Date }): Promise<boolean> {
      const res = await db.insertInto('proc_ratings').values({
        dossier_id: r.dossierId, service_score: r.serviceScore, official_score: r.officialScore, comment: r.comment, official_code: r.officialCode,
        official_name: r.officialName, unit_code: r.unitCode, ward_code: r.wardCode, rated_at: r.at,
      }).onConflict((oc) => oc.column('dossier_id').doNothing()).executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async officialRanking(from: Date | null, to: Date | null, units: readonly string[] | null) {
      let q = db.selectFrom('proc_ratings').where('official_code', 'is not', null);
      if (from) q = q.where('rated_at', '>=', from);
      if (to) q = q.where('rated_at', '<', to);
      if (units) q = q.where('unit_code', 'in', units.length ? [...units] : ['']);
      return q.select((eb) => [
        'official_code', sql<string | null>`max(official_name)`.as('official_name'), sql<string | null>`max(unit_code)`.as('unit_code'),
        eb.fn.countAll<number>().as('ratings'), sql<number>`avg(official_score)::float8`.as('avg_official'), sql<number>`avg(service_score)::float8`.as('avg_service'),
      ]).groupBy('official_code').orderBy('avg_official', 'desc').orderBy('ratings', 'desc').limit(500).execute();
    },

    /** The index's counts per group and procedure. */
    async indexCounts(s: Scope, by: GroupBy): Promise<IndexCounts[]> {
      const r = await sql<IndexCounts>`${classified(s, by)}
        select key, procedure_code,
          count(*) filter (where handled)::int as handled,
          count(*) filter (where on_time)::int as on_time,
          count(*) filter (where received_in)::int as received,
          count(*) filter (where received_in and channel = 2)::int as online,
          count(*) filter (where received_in and digitised)::int as digitised,
          count(*) filter (where received_in and paid_online)::int as paid_online,
          count(*) filter (where done and handled)::int as ended,
          count(*) filter (where done and status in (9, 10))::int as ended_result,
          count(*) filter (where done and status in (9, 10) and e_result)::int as e_result,
          count(*) filter (where done and handled and handling_hours is not null)::int as handled_hours_n,
          coalesce(sum(handling_hours) filter (where done and handled), 0)::float8 as hours_sum,
          coalesce(sum(handling_working_days) filter (where done and handled), 0)::float8 as wd_sum,
          count(*) filter (where handled and service_score <= 2)::int as dislikes,
          count(service_score) filter (where handled)::int as ratings,
          coalesce(sum(service_score) filter (where handled), 0)::int as rating_sum
        from k group by key, procedure_code`.execute(db);
      return r.rows;
    },

    /** The plain aggregate the benchmark compares with: on-time and online counts per unit, no classification. */
    async plainAggregate(s: Scope) {
      const r = await sql<{ unit_code: string | null; n: number }>`
        select unit_code, count(*)::int as n, count(*) filter (where finished_at <= due_at)::int as on_time, count(*) filter (where channel = 2)::int as online
        from proc_dossiers where received_at >= ${s.from} and received_at < ${s.to} group by unit_code`.execute(db);
      return r.rows;
    },

    /** The dossiers behind one figure: the indicator's base (denominator) with whether each is counted. */
    async drill(s: Scope, base: 'handled' | 'received' | 'received_fee' | 'ended' | 'ended_result', counted: string, procedureCodes: readonly string[] | null, limit: number) {
      const baseSql = {
        handled: sql`handled`, received: sql`received_in`, received_fee: sql`received_in and procedure_code = any(${[...(procedureCodes ?? [])]}::text[])`,
        ended: sql`done and handled`, ended_result: sql`done and status in (9, 10)`,
      }[base];
      const countedSql = {
        on_time: sql`on_time`, online: sql`channel = 2`, digitised: sql`digitised`, paid_online: sql`paid_online`, e_result: sql`e_result`,
        satisfied: sql`on_time and coalesce(service_score, 5) > 2`, ended: sql`true`,
      }[counted] ?? sql`false`;
      const r = await sql<{ code: string; procedure_code: string; counted: boolean; due_at: Date | null; end_at: Date; done: boolean; supplement_count: number; channel: number | null; handling_hours: number | null; service_score: number | null; total: number }>`${classified(s, 'none')}
        select code, procedure_code, (${countedSql}) as counted, due_at, end_at, done, supplement_count, channel, handling_hours::float8 as handling_hours, service_score,
          count(*) over ()::int as total
        from k where ${baseSql} order by (${countedSql}), code limit ${limit}`.execute(db);
      return r.rows;
    },

    /** Open dossiers by unit: due today, due within the next working days, overdue. */
    async watch(dayStart: Date, dayEnd: Date, soonEnd: Date, now: Date, units: readonly string[] | null) {
      const unitFilter = units ? sql`and unit_code = any(${[...units]}::text[])` : sql``;
      const r = await sql<{ unit_code: string | null; due_today: number; due_soon: number; overdue: number; open: number }>`
        select unit_code,
          count(*) filter (where due_at >= ${now} and due_at < ${dayEnd})::int as due_today,
          count(*) filter (where due_at >= ${dayEnd} and due_at < ${soonEnd})::int as due_soon,
          count(*) filter (where due_at < ${now})::int as overdue,
          count(*)::int as open
        from proc_dossiers where finished_at is null and received_at is not null and status not in (1, 3, 7, 8, 9, 10) ${unitFilter}
        group by unit_code order by unit_code`.execute(db);
      const intake = await sql<{ channel: number | null; count: number }>`
        select channel, count(*)::int as count from proc_dossiers where received_at >= ${dayStart} and received_at < ${dayEnd} ${unitFilter}
        group by channel order by channel nulls last`.execute(db);
      return { units: r.rows, intake: intake.rows };
    },

    async trend(from: Date, units: readonly string[] | null) {
      const unitFilter = units ? sql`and unit_code = any(${[...units]}::text[])` : sql``;
      const r = await sql<{ month: string; received: number; online: number; ended: number; on_time: number }>`
        select to_char(received_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month, count(*)::int as received, count(*) filter (where channel = 2)::int as online,
          count(*) filter (where finished_at is not null)::int as ended,
          count(*) filter (where finished_at is not null and supplement_count <= 1 and (due_at is null or finished_at <= due_at
            + coalesce((supplements->0->>'suppliedAt')::timestamptz - (supplements->0->>'requestedAt')::timestamptz, interval '0')))::int as on_time
        from proc_dossiers where received_at >= ${from} ${unitFilter} group by 1 order by 1`.execute(db);
      return r.rows;
    },

    /** Open dossiers due before `until` without an alert of that kind yet: alert rows created, returned. */
    async raiseDueAlerts(now: Date, until: Date): Promise<{ dossier_code: string; kind: string; unit_code: string | null }[]> {
      const r = await sql<{ dossier_code: string; kind: string; unit_code: string | null }>`
        with due as (
          select id, code, unit_code, due_at, case when due_at < ${now} then 'overdue' else 'due_soon' end as kind
          from proc_dossiers where finished_at is null and received_at is not null and status not in (1, 3, 7, 8, 9, 10) and due_at < ${until}
        ), ins as (
          insert into proc_due_alerts (dossier_id, kind, unit_code, due_at, created_at)
          select id, kind, unit_code, due_at, ${now} from due on conflict (dossier_id, kind) do nothing returning dossier_id, kind, unit_code
        ) select due.code as dossier_code, ins.kind, ins.unit_code from ins join due on due.id = ins.dossier_id`.execute(db);
      return r.rows;
    },

    async alerts(units: readonly string[] | null, limit: number) {
      let q = db.selectFrom('proc_due_alerts as a').innerJoin('proc_dossiers as d', 'd.id', 'a.dossier_id')
        .select(['d.code', 'a.kind', 'a.unit_code', 'a.due_at', 'a.created_at']).where('d.finished_at', 'is', null);
      if (units) q = q.where('a.unit_code', 'in', units.length ? [...units] : ['']);
      return q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
    },

    async unitNames(): Promise<Map<string, { vi: string; en: string }>> {
      const rows = await db.selectFrom('v_units').select(['code', 'name_vi', 'name_en']).execute();
      return new Map(rows.map((r) => [r.code, { vi: r.name_vi, en: r.name_en }]));
    },

    /** Ward names by code; where a code was reused, the newest ward wins (the 2025 wards). */
    async wardNames(): Promise<Map<string, { vi: string; en: string }>> {
      const rows = await db.selectFrom('v_areas').select(['code', 'name_vi', 'name_en']).where('level', '=', 'ward').orderBy('valid_from', 'asc').execute();
      return new Map(rows.map((r) => [r.code, { vi: r.name_vi, en: r.name_en }]));
    },

    async unitCodeById(id: number): Promise<string | null> {
      return (await db.selectFrom('v_units').select('code').where('id', '=', id).executeTakeFirst())?.code ?? null;
    },

    async count(): Promise<number> {
      return Number((await db.selectFrom('proc_dossiers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    },
  };
}

export type ProceduresRepository = ReturnType<typeof proceduresRepository>;
