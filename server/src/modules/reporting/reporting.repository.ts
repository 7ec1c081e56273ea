// The only SQL of the reporting module: its tables (migration 0023) and, read only, wards
// (v_areas), accounts (v_users, v_user_areas).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { AutoSource, DataElement, ReportTemplateInput, ReportValue, SubmissionStatus, ValidationRule } from '../../../../shared/contracts/reporting.ts';

export interface FormRow {
  id: number; code: string; version: number; title_vi: string; title_en: string; period_type: string; cutoff_day: number;
  deadline_working_days: number; grace_days: number; units: string[]; elements: DataElement[]; rules: ValidationRule[]; created_at: Date;
}
export interface SubmissionRow {
  id: number; form_id: number; form_code: string; form_version: number; area_id: number; area_code: string; period: string; status: SubmissionStatus;
  values: Record<string, ReportValue>; deadline: Date; first_submitted_at: Date | null; submitted_at: Date | null; approved_at: Date | null;
  accepted_at: Date | null; rejection_reason: string | null; source: string; updated_at: Date;
}
export interface AreaRef { id: number; code: string; name_vi: string; name_en: string }
export interface RunRow {
  id: number; template_id: number; template_code: string; definition: ReportTemplateInput; period: string; seq: number; number: string;
  issued_at: Date; issued_by_name: string | null; scheduled: boolean; figures: unknown; missing: unknown; delivery: unknown;
}

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;
const SUB_COLS = sql`s.id::int as id, s.form_id, s.form_code, f.version as form_version, s.area_id, s.area_code, s.period, s.status, s."values", s.deadline,
  s.first_submitted_at, s.submitted_at, s.approved_at, s.accepted_at, s.rejection_reason, s.source, s.updated_at`;

export interface SubmissionFilter { form?: string | undefined; areaIds?: number[] | undefined; period?: string | undefined; status?: string | undefined; limit: number; offset: number }

export function reportingRepository(db: Kysely<DB>) {
  return {
    /** Ward versions by code, the version valid on the day (the codes of 2025 were reused). */
    async areasByCode(codes: string[], day: string): Promise<AreaRef[]> {
      if (!codes.length) return [];
      return (await sql<AreaRef>`select id, code, name_vi, name_en from v_areas
        where code = any(${codes}::text[]) and valid_from <= ${day}::date and (valid_to is null or valid_to > ${day}::date)
        order by array_position(${codes}::text[], code)`.execute(db)).rows;
    },
    async areasByIds(ids: number[]): Promise<AreaRef[]> {
      if (!ids.length) return [];
      return (await sql<AreaRef>`select id, code, name_vi, name_en from v_areas where id = any(${ids}::int[])`.execute(db)).rows;
    },

    /**
     * Former wards that merged whole into exactly one of these wards (the areas' lineage of the
     * 2025 reorganisation), with their validity: their values re-aggregate to the successor.
     */
    async cleanPredecessors(successorIds: number[]): Promise<(AreaRef & { successor_id: number; valid_from: string; valid_to: string | null })[]> {
      if (!successorIds.length) return [];
      return (await sql<AreaRef & { successor_id: number; valid_from: string; valid_to: string | null }>`select a.id, a.code, a.name_vi, a.name_en, l.successor_id,
          a.valid_from::text as valid_from, a.valid_to::text as valid_to
        from v_area_lineage l join v_areas a on a.id = l.predecessor_id
        where l.successor_id = any(${successorIds}::int[]) and l.whole
          and (select count(*) from v_area_lineage l2 where l2.predecessor_id = l.predecessor_id) = 1
        order by a.code`.execute(db)).rows;
    },

    async latestForms(): Promise<FormRow[]> {
      return (await sql<FormRow>`select distinct on (code) * from report_forms order by code, version desc`.execute(db)).rows;
    },
    async form(code: string, version?: number): Promise<FormRow | undefined> {
      return (await sql<FormRow>`select * from report_forms where code = ${code}
        and (${version ?? null}::int is null or version = ${version ?? null}) order by version desc limit 1`.execute(db)).rows[0];
    },
    async formById(id: number): Promise<FormRow | undefined> {
      return (await sql<FormRow>`select * from report_forms where id = ${id}`.execute(db)).rows[0];
    },
    async insertForm(f: Omit<FormRow, 'id' | 'created_at'> & { created_by: number | null }, at: Date): Promise<number> {
      const r = await sql<{ id: number }>`insert into report_forms (code, version, title_vi, title_en, period_type, cutoff_day, deadline_working_days, grace_days, units, elements, rules, created_by, created_at)
        values (${f.code}, ${f.version}, ${f.title_vi}, ${f.title_en}, ${f.period_type}, ${f.cutoff_day}, ${f.deadline_working_days}, ${f.grace_days}, ${f.units}::text[],
          ${json(f.elements)}, ${json(f.rules)}, ${f.created_by}, ${at}) returning id`.execute(db);
      return r.rows[0]!.id;
    },

    async holidays(): Promise<Set<string>> {
      const r = await sql<{ day: string }>`select day::text as day from report_holidays`.execute(db);
      return new Set(r.rows.map((x) => x.day));
    },
    async holidayList(): Promise<{ day: string; name_vi: string; name_en: string }[]> {
      return (await sql<{ day: string; name_vi: string; name_en: string }>`select day::text as day, name_vi, name_en from report_holidays order by day`.execute(db)).rows;
    },
    async putHolidays(list: { day: string; nameVi: string; nameEn: string }[]): Promise<void> {
      if (!list.length) return;
      await sql`insert into report_holidays (day, name_vi, name_en)
        select * from unnest(${list.map((h) => h.day)}::date[], ${list.map((h) => h.nameVi)}::text[], ${list.map((h) => h.nameEn)}::text[])
        on conflict (day) do update set name_vi = excluded.name_vi, name_en = excluded.name_en`.execute(db);
    },
    async deleteHoliday(day: string): Promise<void> {
      await sql`delete from report_holidays where day = ${day}::date`.execute(db);
    },

    async listSubmissions(f: SubmissionFilter): Promise<{ rows: SubmissionRow[]; total: number }> {
      const where = sql`(${f.form ?? null}::text is null or s.form_code = ${f.form ?? null})
        and (${f.period ?? null}::text is null or s.period = ${f.period ?? null})
        and (${f.status ?? null}::text is null or s.status = ${f.status ?? null})
        and (${f.areaIds ? 1 : null}::int is null or s.area_id = any(${f.areaIds ?? []}::int[]))`;
      const rows = await sql<SubmissionRow>`select ${SUB_COLS} from report_submissions s join report_forms f on f.id = s.form_id
        where ${where} order by s.period desc, s.form_code, s.area_code limit ${f.limit} offset ${f.offset}`.execute(db);
      const total = await sql<{ n: number }>`select count(*)::int as n from report_submissions s where ${where}`.execute(db);
      return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
    },
    async submission(id: number): Promise<SubmissionRow | undefined> {
      return (await sql<SubmissionRow>`select ${SUB_COLS} from report_submissions s join report_forms f on f.id = s.form_id where s.id = ${id}`.execute(db)).rows[0];
    },
    async submissionByKey(form: string, areaId: number, period: string): Promise<SubmissionRow | undefined> {
      return (await sql<SubmissionRow>`select ${SUB_COLS} from report_submissions s join report_forms f on f.id = s.form_id
        where s.form_code = ${form} and s.area_id = ${areaId} and s.period = ${period}`.execute(db)).rows[0];
    },
    /** Creates the submission as a draft or replaces its values (keeping its status). */
    async saveValues(k: { formId: number; form: string; areaId: number; areaCode: string; period: string; deadline: Date; values: Record<string, ReportValue>; source: string }, at: Date): Promise<number> {
      const r = await sql<{ id: number }>`insert into report_submissions (form_id, form_code, area_id, area_code, period, status, "values", deadline, source, created_at, updated_at)
        values (${k.formId}, ${k.form}, ${k.areaId}, ${k.areaCode}, ${k.period}, 'draft', ${json(k.values)}, ${k.deadline}, ${k.source}, ${at}, ${at})
        on conflict (form_code, area_id, period) do update set "values" = excluded."values", form_id = excluded.form_id, source = excluded.source, updated_at = excluded.updated_at
        returning id::int as id`.execute(db);
      return r.rows[0]!.id;
    },
    async setStatus(id: number, patch: { status: SubmissionStatus; submittedAt?: Date; approvedAt?: Date | null; approvedBy?: number | null; acceptedAt?: Date | null; acceptedBy?: number | null; rejectionReason?: string | null }, at: Date): Promise<void> {
      await sql`update report_submissions set status = ${patch.status}, updated_at = ${at},
          submitted_at = coalesce(${patch.submittedAt ?? null}::timestamptz, submitted_at),
          first_submitted_at = coalesce(first_submitted_at, ${patch.submittedAt ?? null}::timestamptz),
          approved_at = case when ${patch.approvedAt === undefined} then approved_at else ${patch.approvedAt ?? null}::timestamptz end,
          approved_by = case when ${patch.approvedBy === undefined} then approved_by else ${patch.approvedBy ?? null}::int end,
          accepted_at = case when ${patch.acceptedAt === undefined} then accepted_at else ${patch.acceptedAt ?? null}::timestamptz end,
          accepted_by = case when ${patch.acceptedBy === undefined} then accepted_by else ${patch.acceptedBy ?? null}::int end,
          rejection_reason = case when ${patch.rejectionReason === undefined} then rejection_reason else ${patch.rejectionReason ?? null}::text end
        where id = ${id}`.execute(db);
    },
    async addEvent(e: { submissionId: number; action: string; at: Date; userId: number | null; username: string | null; note: string | null }): Promise<void> {
      await sql`insert into report_submission_events (submission_id, action, at, user_id, username, note)
        values (${e.submissionId}, ${e.action}, ${e.at}, ${e.userId}, ${e.username}, ${e.note})`.execute(db);
    },
    async events(id: number): Promise<{ action: string; at: Date; username: string | null; note: string | null }[]> {
      return (await sql<{ action: string; at: Date; username: string | null; note: string | null }>`select action, at, username, note
        from report_submission_events where submission_id = ${id} order by at, id`.execute(db)).rows;
    },

    async lockException(form: string, areaId: number, period: string): Promise<Date | null> {
      const r = await sql<{ until: Date }>`select until from report_lock_exceptions where form_code = ${form} and area_id = ${areaId} and period = ${period}`.execute(db);
      return r.rows[0]?.until ?? null;
    },
    async grantLockException(form: string, areaId: number, period: string, until: Date, by: number | null, at: Date): Promise<void> {
      await sql`insert into report_lock_exceptions (form_code, area_id, period, until, granted_by, granted_at)
        values (${form}, ${areaId}, ${period}, ${until}, ${by}, ${at})
        on conflict (form_code, area_id, period) do update set until = excluded.until, granted_by = excluded.granted_by, granted_at = excluded.granted_at`.execute(db);
    },

    /** Submission facts for completeness: every submission of the forms in the periods. */
    async received(forms: string[], periods: string[]): Promise<{ form_code: string; area_id: number; period: string; status: SubmissionStatus; first_submitted_at: Date | null; submitted_at: Date | null }[]> {
      if (!forms.length || !periods.length) return [];
      return (await sql<{ form_code: string; area_id: number; period: string; status: SubmissionStatus; first_submitted_at: Date | null; submitted_at: Date | null }>`
        select form_code, area_id, period, status, first_submitted_at, submitted_at from report_submissions
        where form_code = any(${forms}::text[]) and period = any(${periods}::text[])`.execute(db)).rows;
    },
    /** Approved (or accepted) values of a form in periods, for reports and analysis. */
    async approvedValues(form: string, periods: string[]): Promise<{ id: number; area_id: number; period: string; values: Record<string, ReportValue> }[]> {
      if (!periods.length) return [];
      return (await sql<{ id: number; area_id: number; period: string; values: Record<string, ReportValue> }>`
        select id::int as id, area_id, period, "values" from report_submissions
        where form_code = ${form} and period = any(${periods}::text[]) and status in ('approved', 'accepted')`.execute(db)).rows;
    },

    /**
     * An automatic value: what other modules' published views count for a ward over a window of
     * local dates (feedback by its ward, dossiers by their ward code, tasks done by the ward's
     * People's Committee unit, a dataset's records created in the ward).
     */
    async autoValue(source: AutoSource, area: { id: number; code: string }, w: { start: string; end: string }, dataset?: string): Promise<number> {
      const inWindow = (col: RawBuilder<unknown>) => sql`(${col} at time zone 'Asia/Ho_Chi_Minh')::date between ${w.start}::date and ${w.end}::date`;
      const q = {
        'feedback-received': sql<{ n: number }>`select count(*)::int as n from v_feedback_reports where ward_area_id = ${area.id} and merged_into_id is null and ${inWindow(sql`created_at`)}`,
        'feedback-resolved': sql<{ n: number }>`select count(*)::int as n from v_feedback_reports where ward_area_id = ${area.id} and merged_into_id is null and resolved_at is not null and ${inWindow(sql`resolved_at`)}`,
        'dossiers-received': sql<{ n: number }>`select count(*)::int as n from v_proc_dossiers where ward_code = ${area.code} and ${inWindow(sql`coalesce(received_at, submitted_at)`)}`,
        'dossiers-finished': sql<{ n: number }>`select count(*)::int as n from v_proc_dossiers where ward_code = ${area.code} and finished_at is not null and ${inWindow(sql`finished_at`)}`,
        'dossiers-finished-on-time': sql<{ n: number }>`select count(*)::int as n from v_proc_dossiers where ward_code = ${area.code} and finished_at is not null and (due_at is null or finished_at <= due_at) and ${inWindow(sql`finished_at`)}`,
        'tasks-done': sql<{ n: number }>`select count(*)::int as n from v_tasks t join v_units u on u.id = t.lead_unit_id where u.code = ${`ubnd-${area.code}`} and t.status = 'done' and ${inWindow(sql`t.completed_at`)}`,
        'dataset-records': sql<{ n: number }>`select count(*)::int as n from v_records where dataset_id = ${dataset ?? ''} and ${area.id} = any(area_ids) and ${inWindow(sql`created_at`)}`,
      }[source];
      return (await q.execute(db)).rows[0]?.n ?? 0;
    },

    /** Officers bound to the wards (to remind them). */
    async officersOfAreas(areaIds: number[]): Promise<{ id: number; area_id: number }[]> {
      if (!areaIds.length) return [];
      return (await sql<{ id: number; area_id: number }>`select u.id, ua.area_id from v_user_areas ua join v_users u on u.id = ua.user_id
        where ua.area_id = any(${areaIds}::int[]) and u.role = 'officer' and not u.disabled`.execute(db)).rows;
    },
    async usersWithRoles(roles: string[]): Promise<number[]> {
      if (!roles.length) return [];
      return (await sql<{ id: number }>`select id from v_users where role = any(${roles}::text[]) and not disabled`.execute(db)).rows.map((r) => r.id);
    },
    /** Records a reminder; false when one was already sent that day. */
    async remember(form: string, areaId: number, period: string, day: string, recipients: number): Promise<boolean> {
      const r = await sql<{ day: string }>`insert into report_reminders (form_code, area_id, period, day, recipients) values (${form}, ${areaId}, ${period}, ${day}::date, ${recipients})
        on conflict do nothing returning day::text as day`.execute(db);
      return r.rows.length > 0;
    },

    async targets(form: string, element: string | null, year: number | null): Promise<{ form_code: string; element: string; area_code: string; year: number; target: number }[]> {
      return (await sql<{ form_code: string; element: string; area_code: string; year: number; target: number }>`select form_code, element, area_code, year, target from report_targets
        where form_code = ${form} and (${element}::text is null or element = ${element}) and (${year}::int is null or year = ${year})
        order by year, element, area_code`.execute(db)).rows;
    },
    async putTarget(t: { form: string; element: string; areaCode: string; year: number; target: number }): Promise<void> {
      await sql`insert into report_targets (form_code, element, area_code, year, target) values (${t.form}, ${t.element}, ${t.areaCode}, ${t.year}, ${t.target})
        on conflict (form_code, element, area_code, year) do update set target = excluded.target`.execute(db);
    },

    async templates(): Promise<{ id: number; definition: ReportTemplateInput }[]> {
      return (await sql<{ id: number; definition: ReportTemplateInput }>`select id, definition from report_templates order by id`.execute(db)).rows;
    },
    async template(code: string): Promise<{ id: number; definition: ReportTemplateInput } | undefined> {
      return (await sql<{ id: number; definition: ReportTemplateInput }>`select id, definition from report_templates where code = ${code}`.execute(db)).rows[0];
    },
    async putTemplate(t: ReportTemplateInput, at: Date): Promise<number> {
      const r = await sql<{ id: number }>`insert into report_templates (code, definition, created_at, updated_at) values (${t.code}, ${json(t)}, ${at}, ${at})
        on conflict (code) do update set definition = excluded.definition, updated_at = excluded.updated_at returning id`.execute(db);
      return r.rows[0]!.id;
    },

    async runs(templateId: number | null, limit: number): Promise<RunRow[]> {
      return (await sql<RunRow>`select r.id, r.template_id, t.code as template_code, t.definition, r.period, r.seq, r.number, r.issued_at,
          u.display_name as issued_by_name, r.scheduled, r.figures, r.missing, r.delivery
        from report_runs r join report_templates t on t.id = r.template_id left join v_users u on u.id = r.issued_by
        where (${templateId}::int is null or r.template_id = ${templateId}) order by r.issued_at desc, r.id desc limit ${limit}`.execute(db)).rows;
    },
    async run(id: number): Promise<RunRow | undefined> {
      return (await sql<RunRow>`select r.id, r.template_id, t.code as template_code, t.definition, r.period, r.seq, r.number, r.issued_at,
          u.display_name as issued_by_name, r.scheduled, r.figures, r.missing, r.delivery
        from report_runs r join report_templates t on t.id = r.template_id left join v_users u on u.id = r.issued_by where r.id = ${id}`.execute(db)).rows[0];
    },
    async runFor(templateId: number, period: string): Promise<number | undefined> {
      return (await sql<{ id: number }>`select id from report_runs where template_id = ${templateId} and period = ${period}`.execute(db)).rows[0]?.id;
    },
    /** Inserts a run with the next number of its year; undefined when the period was already issued. */
    async insertRun(r: { templateId: number; period: string; suffix: string; issuedAt: Date; issuedBy: number | null; scheduled: boolean; figures: unknown; missing: unknown }): Promise<number | undefined> {
      const year = Number(r.period.slice(0, 4));
      const res = await sql<{ id: number }>`insert into report_runs (template_id, period, seq, number, issued_at, issued_by, scheduled, figures, missing)
        select ${r.templateId}, ${r.period}, n, n || '/' || ${r.suffix}, ${r.issuedAt}, ${r.issuedBy}, ${r.scheduled}, ${json(r.figures)}, ${json(r.missing)}
        from (select coalesce(max(seq), 0) + 1 as n from report_runs where template_id = ${r.templateId} and left(period, 4) = ${String(year)}) x
        on conflict (template_id, period) do nothing returning id`.execute(db);
      return res.rows[0]?.id;
    },
    async setDelivery(id: number, delivery: { inApp: number; webhook: string | null }): Promise<void> {
      await sql`update report_runs set delivery = ${json(delivery)} where id = ${id}`.execute(db);
    },
  };
}

export type ReportingRepository = ReturnType<typeof reportingRepository>;
