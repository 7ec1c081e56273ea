// Periodic reports: forms as versioned data, entry by the wards, approval (submitted → approved
// at the ward → accepted by the district/city; rejection with a reason returns it), locking
// after the deadline plus a grace (admins grant exceptions), completeness (reporting rate =
// received ÷ expected; on-time rate = received by the deadline ÷ expected), reminders through
// the notifications module, imports (DHIS2 data-value CSV, XLSX of the form's layout), targets
// and the socio-economic analysis over approved values.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { AppContext } from '../../platform/context.ts';
import type { Actor, AuthenticatedUser } from '../../platform/actor.ts';
import { badRequest, HttpError, notFound } from '../../platform/http/errors.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type {
  Analysis, Completeness, CompletenessRate, Entry, FormInput, ImportResult, ReportForm, ReportProblem, ReportUnit, ReportValue, Submission,
  SubmissionDetail, SubmissionList, SubmissionStatus, Target,
} from '../../../../shared/contracts/reporting.ts';
import {
  closedPeriods, localDate, parsePeriod, periodContaining, periodDeadline, periodLockAt, periodRange, periodsOfYear, periodWindow, previousPeriod,
  samePeriodLastYear, type PeriodType,
} from './periods.ts';
import { expressionCodes, numericLookup, validateValues, valueKeys } from './rules.ts';
import { reportingRepository, type AreaRef, type FormRow, type SubmissionRow } from './reporting.repository.ts';

const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
const conflict = (code: string, message: string, details?: unknown) => new HttpError(409, code, message, details);
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** received ÷ expected and on time ÷ expected, in % with one decimal. */
export function completenessRates(expected: number, received: number, onTime: number): CompletenessRate {
  const pct = (n: number) => (expected === 0 ? null : round((n / expected) * 100));
  return { expected, received, onTime, reportingRate: pct(received), onTimeRate: pct(onTime) };
}

export const RECEIVED: readonly SubmissionStatus[] = ['submitted', 'approved', 'accepted'];
const REVIEWERS = ['leader', 'admin'];

const unitRef = (a: AreaRef): ReportUnit => ({ areaId: a.id, code: a.code, nameVi: a.name_vi, nameEn: a.name_en });

function userOf(actor: Actor): AuthenticatedUser {
  if (!actor.user) throw new HttpError(401, 'unauthorized', 'sign in first');
  return actor.user;
}

export function createReportingService(ctx: AppContext, deps: { notifications: NotificationsService }) {
  const repo = reportingRepository(ctx.db.kysely);
  const now = () => ctx.clock.now();
  const today = () => localDate(now());

  async function unitsOf(codes: string[]): Promise<AreaRef[]> {
    return repo.areasByCode(codes, today());
  }

  function toForm(r: FormRow, units: AreaRef[]): ReportForm {
    const type = r.period_type as PeriodType;
    return {
      id: r.id, code: r.code, version: r.version, titleVi: r.title_vi, titleEn: r.title_en, periodType: type, cutoffDay: r.cutoff_day,
      deadlineWorkingDays: r.deadline_working_days, graceDays: r.grace_days, units: r.units, elements: r.elements, rules: r.rules,
      unitRefs: units.map(unitRef), createdAt: iso(r.created_at)!, currentPeriod: periodContaining(type, today(), r.cutoff_day),
    };
  }

  async function loadForm(code: string, version?: number): Promise<ReportForm> {
    const r = await repo.form(code, version);
    if (!r) throw notFound(`form ${code}`);
    return toForm(r, await unitsOf(r.units));
  }

  const deadlineOf = (f: Pick<ReportForm, 'cutoffDay' | 'deadlineWorkingDays'>, period: string, holidays: ReadonlySet<string>) =>
    periodDeadline(period, { cutoffDay: f.cutoffDay, deadlineWorkingDays: f.deadlineWorkingDays, holidays });

  function checkPeriod(f: ReportForm, period: string) {
    const p = parsePeriod(period);
    if (!p || p.type !== f.periodType) throw badRequest(`period ${period} is not a ${f.periodType} period`, [{ code: 'bad_period' }]);
    if (periodWindow(period, f.cutoffDay).start > today()) throw conflict('period_not_open', `period ${period} has not started`);
  }

  /**
   * The unit reporting under a code for a period: one of the form's wards, or — for a period
   * that ended before the 2025 reorganisation — the former ward with that code valid then,
   * when it merged whole into one of the form's wards (codes were reused: 27475 before July 2025
   * is the old Tân Hưng ward).
   */
  async function unitOfForm(f: ReportForm, code: string, period?: string): Promise<ReportUnit> {
    const u = f.unitRefs.find((x) => x.code === code);
    if (period && parsePeriod(period)) {
      const end = periodWindow(period, f.cutoffDay).end;
      const former = (await repo.cleanPredecessors(f.unitRefs.map((x) => x.areaId)))
        .find((a) => a.code === code && a.valid_from <= end && (a.valid_to === null || end < a.valid_to));
      const current = await repo.areasByCode([code], end);
      if (former && !current.some((a) => a.id === u?.areaId)) return unitRef(former);
    }
    if (!u) throw badRequest(`unit ${code} does not report on form ${f.code}`, [{ code: 'unit_not_in_form' }]);
    return u;
  }

  /** Former wards' area ids → the form's ward they merged into. */
  async function lineageOf(f: ReportForm): Promise<Map<number, number>> {
    return new Map((await repo.cleanPredecessors(f.unitRefs.map((x) => x.areaId))).map((a) => [a.id, a.successor_id]));
  }

  const mayEnter = (u: AuthenticatedUser, areaId: number) => u.role === 'admin' || (u.role === 'officer' && u.areaIds.includes(areaId));
  const mayReview = (u: AuthenticatedUser) => REVIEWERS.includes(u.role);

  function toSubmission(r: SubmissionRow, unit: ReportUnit): Submission {
    return {
      id: r.id, formCode: r.form_code, formVersion: r.form_version, unit, period: r.period, status: r.status, values: r.values,
      firstSubmittedAt: iso(r.first_submitted_at), submittedAt: iso(r.submitted_at), approvedAt: iso(r.approved_at), acceptedAt: iso(r.accepted_at),
      rejectionReason: r.rejection_reason, deadline: iso(r.deadline)!,
      onTime: r.first_submitted_at ? new Date(r.first_submitted_at) <= new Date(r.deadline) : null,
      updatedAt: iso(r.updated_at)!, source: r.source,
    };
  }

  async function lockState(f: ReportForm, areaId: number, period: string) {
    const holidays = await repo.holidays();
    const deadline = deadlineOf(f, period, holidays);
    const lockAt = periodLockAt(deadline, f.graceDays);
    const exception = await repo.lockException(f.code, areaId, period);
    const open = now() <= lockAt || (exception !== null && now() <= new Date(exception));
    return { deadline, lockAt, exception, locked: !open };
  }

  async function detailOf(user: AuthenticatedUser, r: SubmissionRow): Promise<SubmissionDetail> {
    const form = toForm((await repo.formById(r.form_id))!, []);
    const [area] = await repo.areasByIds([r.area_id]);
    const unit = area ? unitRef(area) : { areaId: r.area_id, code: r.area_code, nameVi: r.area_code, nameEn: r.area_code };
    const editable = r.status === 'draft' || r.status === 'rejected';
    const lock = await lockState(form, r.area_id, r.period);
    // A report returned by the reviewer may be corrected after the lock; a draft may not.
    const open = r.status === 'rejected' || !lock.locked;
    const problems = validateValues(form, r.values, true);
    const entering = mayEnter(user, r.area_id);
    return {
      submission: toSubmission(r, unit),
      events: (await repo.events(r.id)).map((e) => ({ action: e.action, at: iso(e.at)!, by: e.username, note: e.note })),
      problems,
      can: {
        edit: entering && editable && open,
        submit: entering && editable && open && !problems.some((p) => p.blocking),
        approve: mayReview(user) && r.status === 'submitted',
        accept: mayReview(user) && r.status === 'approved',
        reject: mayReview(user) && (r.status === 'submitted' || r.status === 'approved'),
      },
    };
  }

  async function loadSubmission(user: AuthenticatedUser, id: number): Promise<SubmissionRow> {
    const r = await repo.submission(id);
    // Officers see their wards' reports only; a report of another ward is answered as missing.
    if (!r || (user.role === 'officer' && !user.areaIds.includes(r.area_id))) throw notFound(`submission ${id}`);
    return r;
  }

  async function event(id: number, action: string, actor: Actor, note: string | null = null) {
    await repo.addEvent({ submissionId: id, action, at: now(), userId: actor.user?.id ?? null, username: actor.user?.username ?? null, note });
  }

  /** The form's automatic elements for a unit and period, counted now from the other modules' views. */
  async function autoValues(form: ReportForm, unit: ReportUnit, period: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    const w = periodWindow(period, form.cutoffDay);
    for (const e of form.elements) {
      if (!e.auto || e.disaggregation) continue;
      out[e.code] = await repo.autoValue(e.auto.source, { id: unit.areaId, code: unit.code }, w, e.auto.dataset);
    }
    return out;
  }

  /** Saves values as a draft (creating the submission); the import paths share it. */
  async function saveValues(actor: Actor, input: { form: string; unit: string; period: string; values: Record<string, ReportValue> }, source: string, merge = false): Promise<number> {
    const user = userOf(actor);
    const form = await loadForm(input.form);
    checkPeriod(form, input.period);
    const unit = await unitOfForm(form, input.unit, input.period);
    if (!mayEnter(user, unit.areaId)) throw forbidden(`you do not enter reports for unit ${unit.code}`);
    const existing = await repo.submissionByKey(form.code, unit.areaId, input.period);
    if (existing && existing.status !== 'draft' && existing.status !== 'rejected') throw conflict('not_editable', `the report is ${existing.status}`);
    const lock = await lockState(form, unit.areaId, input.period);
    if (lock.locked && existing?.status !== 'rejected') throw conflict('locked', `entry for ${input.period} closed at ${lock.lockAt.toISOString()}`);
    const values: Record<string, ReportValue> = merge && existing ? { ...existing.values } : {};
    for (const [k, v] of Object.entries(input.values)) if (v !== null && v !== '') values[k] = v; else delete values[k];
    // What cityops already knows is filled by the server, whatever was sent.
    Object.assign(values, await autoValues(form, unit, input.period));
    const typeProblems = validateValues(form, values, false).filter((p) => p.code !== 'rule_failed');
    if (typeProblems.length) throw badRequest('some values are not valid', typeProblems);
    const id = await repo.saveValues({ formId: form.id, form: form.code, areaId: unit.areaId, areaCode: unit.code, period: input.period, deadline: lock.deadline, values, source }, now());
    await event(id, existing ? 'saved' : 'created', actor, source === 'web' ? null : source);
    return id;
  }

  async function transition(actor: Actor, id: number, action: 'submit' | 'approve' | 'accept' | 'reject', reason?: string): Promise<SubmissionDetail> {
    const user = userOf(actor);
    const r = await loadSubmission(user, id);
    const d = await detailOf(user, r);
    const at = now();
    if (action === 'submit') {
      if (!mayEnter(user, r.area_id)) throw forbidden('you do not enter reports for this unit');
      if (r.status !== 'draft' && r.status !== 'rejected') throw conflict('not_editable', `the report is ${r.status}`);
      if (!d.can.edit) throw conflict('locked', 'entry for this period is closed');
      const blocking = d.problems.filter((p) => p.blocking);
      if (blocking.length) throw conflict('blocked_by_rules', 'the report breaks blocking rules or misses compulsory values', blocking);
      await repo.setStatus(id, { status: 'submitted', submittedAt: at, approvedAt: null, approvedBy: null, acceptedAt: null, acceptedBy: null, rejectionReason: null }, at);
    } else {
      if (!mayReview(user)) throw forbidden('reviewing reports needs the leader or admin role');
      if (action === 'approve') {
        if (r.status !== 'submitted') throw conflict('wrong_state', `the report is ${r.status}`);
        await repo.setStatus(id, { status: 'approved', approvedAt: at, approvedBy: user.id }, at);
      } else if (action === 'accept') {
        if (r.status !== 'approved') throw conflict('wrong_state', `the report is ${r.status}`);
        await repo.setStatus(id, { status: 'accepted', acceptedAt: at, acceptedBy: user.id }, at);
      } else {
        if (r.status !== 'submitted' && r.status !== 'approved') throw conflict('wrong_state', `the report is ${r.status}`);
        await repo.setStatus(id, { status: 'rejected', approvedAt: null, approvedBy: null, rejectionReason: reason ?? '' }, at);
        await notifyArea(r.area_id, { change: 'report-rejected', titleVi: `Báo cáo bị trả lại (${r.period}): ${reason ?? ''}`, titleEn: `Report returned (${r.period}): ${reason ?? ''}` });
      }
    }
    await event(id, action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : action === 'accept' ? 'accepted' : 'rejected', actor, reason ?? null);
    return detailOf(user, (await repo.submission(id))!);
  }

  async function notifyArea(areaId: number, n: { change: string; titleVi: string; titleEn: string }): Promise<number> {
    const officers = await repo.officersOfAreas([areaId]);
    for (const o of officers) {
      await deps.notifications.notifyUser(o.id, { ...n, severity: 'Minor', category: 'report' })
        .catch((err: unknown) => ctx.log.warn({ err }, 'report notification failed'));
    }
    return officers.length;
  }

  /** Expected reports (form × unit × closed period in range) with what was received. */
  async function expectedReports(q: { form?: string | undefined; unit?: string | undefined; from?: string | undefined; to?: string | undefined }) {
    const forms = (await repo.latestForms()).filter((f) => !q.form || f.code === q.form);
    const holidays = await repo.holidays();
    const out: { form: ReportForm; unit: ReportUnit; period: string; deadline: Date; status: SubmissionStatus | null; submittedAt: Date | null; received: boolean; onTime: boolean }[] = [];
    let minFrom = '9999', maxTo = '0000';
    for (const fr of forms) {
      const f = toForm(fr, await unitsOf(fr.units));
      const closed = closedPeriods(f.periodType, today(), 24, f.cutoffDay);
      const last = closed[closed.length - 1]!;
      const periods = q.from || q.to ? periodRange(f.periodType, q.from ?? closed[0]!, q.to ?? last).filter((p) => closed.includes(p) || periodWindow(p, f.cutoffDay).end < today())
        : closed.slice(-12);
      if (!periods.length) continue;
      const got = await repo.received([f.code], periods);
      const byKey = new Map(got.map((g) => [`${g.area_id}|${g.period}`, g]));
      for (const unit of f.unitRefs.filter((u) => !q.unit || u.code === q.unit)) {
        for (const period of periods) {
          const deadline = deadlineOf(f, period, holidays);
          const g = byKey.get(`${unit.areaId}|${period}`);
          const received = !!g && RECEIVED.includes(g.status);
          const onTime = received && !!g.first_submitted_at && new Date(g.first_submitted_at) <= deadline;
          out.push({ form: f, unit, period, deadline, status: g?.status ?? null, submittedAt: g?.first_submitted_at ?? null, received, onTime });
        }
      }
      if (periods[0]! < minFrom) minFrom = periods[0]!;
      if (periods[periods.length - 1]! > maxTo) maxTo = periods[periods.length - 1]!;
    }
    return { rows: out, from: minFrom === '9999' ? '' : minFrom, to: maxTo === '0000' ? '' : maxTo };
  }

  function rateOf(rows: { received: boolean; onTime: boolean }[]) {
    return completenessRates(rows.length, rows.filter((r) => r.received).length, rows.filter((r) => r.onTime).length);
  }

  async function formsXlsx(form: ReportForm, unit: ReportUnit, period: string, values: Record<string, ReportValue>): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Báo cáo');
    ws.getCell('A1').value = form.titleVi;
    ws.getCell('A1').font = { bold: true, size: 13 };
    ws.getCell('A3').value = 'Mã đơn vị (unit)';
    ws.getCell('B3').value = unit.code;
    ws.getCell('C3').value = unit.nameVi;
    ws.getCell('A4').value = 'Kỳ báo cáo (period)';
    ws.getCell('B4').value = period;
    ws.getCell('A5').value = 'Mẫu (form)';
    ws.getCell('B5').value = `${form.code} v${form.version}`;
    ws.getRow(6).values = ['Mã (code)', 'Chỉ tiêu', 'Đơn vị tính', 'Giá trị (value)'];
    ws.getRow(6).font = { bold: true };
    let row = 7;
    for (const e of form.elements) {
      const keys = e.disaggregation ? e.disaggregation.options.map((o) => ({ key: `${e.code}.${o.code}`, name: `${e.nameVi} — ${o.nameVi}` })) : [{ key: e.code, name: e.nameVi }];
      for (const k of keys) {
        const v = values[k.key];
        ws.getRow(row++).values = [k.key, k.name, e.unitVi ?? '', typeof v === 'boolean' ? (v ? 'Có' : 'Không') : (v ?? null)];
      }
    }
    ws.getColumn(1).width = 24; ws.getColumn(2).width = 60; ws.getColumn(3).width = 14; ws.getColumn(4).width = 18;
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Reads a value of an element from text (imports). */
  function coerce(form: ReportForm, key: string, raw: unknown): ReportValue | undefined {
    const code = key.split('.')[0]!;
    const e = form.elements.find((x) => x.code === code);
    if (!e) return undefined;
    if (raw === null || raw === undefined || raw === '') return null;
    if (e.type === 'text') return String(raw);
    if (e.type === 'yesno') {
      const s = String(raw).trim().toLowerCase();
      return ['true', '1', 'có', 'co', 'yes'].includes(s) ? true : ['false', '0', 'không', 'khong', 'no'].includes(s) ? false : String(raw);
    }
    if (typeof raw === 'number') return raw;
    const n = Number(String(raw).trim());
    return Number.isFinite(n) ? n : String(raw);
  }

  return {
    async forms(): Promise<ReportForm[]> {
      const rows = await repo.latestForms();
      return Promise.all(rows.map(async (r) => toForm(r, await unitsOf(r.units))));
    },
    form: loadForm,

    /** Declares a form, or a new version of it (past submissions keep their version). */
    async saveForm(actor: Actor, input: FormInput): Promise<ReportForm> {
      const user = userOf(actor);
      const codes = new Set<string>();
      for (const e of input.elements) {
        if (e.auto && (e.type !== 'number' || e.disaggregation)) throw badRequest(`element ${e.code}: only a number without disaggregation can be automatic`);
        if (e.auto?.source === 'dataset-records' && !e.auto.dataset) throw badRequest(`element ${e.code}: name the dataset to count`);
        if (codes.has(e.code)) throw badRequest(`element ${e.code} is declared twice`);
        codes.add(e.code);
      }
      for (const r of input.rules) {
        try {
          for (const c of expressionCodes(r.left).concat(expressionCodes(r.right))) if (!codes.has(c.split('.')[0]!)) throw new Error(`no element ${c}`);
        } catch (e) {
          throw badRequest(`rule ${r.code}: ${(e as Error).message}`);
        }
      }
      const units = await unitsOf(input.units);
      const missing = input.units.filter((c) => !units.some((u) => u.code === c));
      if (missing.length) throw badRequest(`no ward with code ${missing.join(', ')} today`);
      const prev = await repo.form(input.code);
      await repo.insertForm({
        code: input.code, version: (prev?.version ?? 0) + 1, title_vi: input.titleVi, title_en: input.titleEn, period_type: input.periodType,
        cutoff_day: input.cutoffDay, deadline_working_days: input.deadlineWorkingDays, grace_days: input.graceDays, units: input.units,
        elements: input.elements, rules: input.rules, created_by: user.id,
      }, now());
      await ctx.audit.record(actor, { action: 'reporting.form.saved', targetType: 'report_form', targetId: input.code, details: { version: (prev?.version ?? 0) + 1 } });
      return loadForm(input.code);
    },

    async list(actor: Actor, q: { form?: string | undefined; unit?: string | undefined; period?: string | undefined; status?: string | undefined; limit: number; offset: number }): Promise<SubmissionList> {
      const user = userOf(actor);
      let areaIds: number[] | undefined;
      if (q.unit) areaIds = (await unitsOf([q.unit])).map((a) => a.id);
      if (user.role === 'officer') areaIds = (areaIds ?? [...user.areaIds]).filter((id) => user.areaIds.includes(id));
      const { rows, total } = await repo.listSubmissions({ form: q.form, period: q.period, status: q.status, areaIds, limit: q.limit, offset: q.offset });
      const areas = new Map((await repo.areasByIds([...new Set(rows.map((r) => r.area_id))])).map((a) => [a.id, unitRef(a)]));
      return { submissions: rows.map((r) => toSubmission(r, areas.get(r.area_id) ?? { areaId: r.area_id, code: r.area_code, nameVi: r.area_code, nameEn: r.area_code })), total };
    },

    async get(actor: Actor, id: number): Promise<SubmissionDetail> {
      const user = userOf(actor);
      return detailOf(user, await loadSubmission(user, id));
    },

    /** The entry page: the form, the unit's submission (if any), the previous period's values, deadline and lock. */
    async entry(actor: Actor, q: { form: string; unit: string; period?: string | undefined }): Promise<Entry> {
      const user = userOf(actor);
      const form = await loadForm(q.form);
      const period = q.period ?? form.currentPeriod;
      checkPeriod(form, period);
      const unit = await unitOfForm(form, q.unit, period);
      if (user.role === 'officer' && !user.areaIds.includes(unit.areaId)) throw forbidden(`you do not enter reports for unit ${unit.code}`);
      const lock = await lockState(form, unit.areaId, period);
      const prevId = previousPeriod(period);
      const prev = await repo.submissionByKey(form.code, unit.areaId, prevId);
      const cur = await repo.submissionByKey(form.code, unit.areaId, period);
      return {
        form, unit, period, window: periodWindow(period, form.cutoffDay), deadline: lock.deadline.toISOString(), lockAt: lock.lockAt.toISOString(),
        locked: lock.locked, lockException: iso(lock.exception), previousPeriod: prevId, previousValues: prev?.values ?? {},
        autoValues: await autoValues(form, unit, period),
        detail: cur ? await detailOf(user, cur) : null,
      };
    },

    async save(actor: Actor, input: { form: string; unit: string; period: string; values: Record<string, ReportValue> }): Promise<SubmissionDetail> {
      const id = await saveValues(actor, input, 'web');
      return detailOf(userOf(actor), (await repo.submission(id))!);
    },
    submit: (actor: Actor, id: number) => transition(actor, id, 'submit'),
    approve: (actor: Actor, id: number) => transition(actor, id, 'approve'),
    accept: (actor: Actor, id: number) => transition(actor, id, 'accept'),
    reject: (actor: Actor, id: number, reason: string) => transition(actor, id, 'reject', reason),

    /** Values checked as the officer types (nothing stored). */
    async check(form: string, values: Record<string, ReportValue>): Promise<ReportProblem[]> {
      return validateValues(await loadForm(form), values, true);
    },

    async grantLockException(actor: Actor, input: { form: string; unit: string; period: string; until: string }): Promise<{ until: string }> {
      const user = userOf(actor);
      const form = await loadForm(input.form);
      if (!parsePeriod(input.period)) throw badRequest(`not a period: ${input.period}`);
      const unit = await unitOfForm(form, input.unit, input.period);
      if (!parsePeriod(input.period)) throw badRequest(`not a period: ${input.period}`);
      await repo.grantLockException(form.code, unit.areaId, input.period, new Date(input.until), user.id, now());
      await ctx.audit.record(actor, { action: 'reporting.lock.exception', targetType: 'report_form', targetId: form.code, details: { unit: unit.code, period: input.period, until: input.until } });
      return { until: new Date(input.until).toISOString() };
    },

    async completeness(q: { form?: string | undefined; unit?: string | undefined; from?: string | undefined; to?: string | undefined }): Promise<Completeness> {
      const { rows, from, to } = await expectedReports(q);
      const group = <K>(key: (r: (typeof rows)[number]) => K) => {
        const m = new Map<K, typeof rows>();
        for (const r of rows) { const k = key(r); m.set(k, [...(m.get(k) ?? []), r]); }
        return m;
      };
      const rate = (xs: typeof rows) => rateOf(xs);
      return {
        from, to, overall: rate(rows),
        byForm: [...group((r) => r.form.code)].map(([code, xs]) => ({ form: code, titleVi: xs[0]!.form.titleVi, titleEn: xs[0]!.form.titleEn, ...rate(xs) })),
        byUnit: [...group((r) => r.unit.code)].map(([, xs]) => ({ unit: xs[0]!.unit, ...rate(xs) })),
        byPeriod: [...group((r) => r.period)].sort((a, b) => a[0].localeCompare(b[0])).map(([period, xs]) => ({ period, ...rate(xs) })),
        late: rows.filter((r) => !r.onTime).sort((a, b) => b.period.localeCompare(a.period) || a.unit.code.localeCompare(b.unit.code)).slice(0, 200).map((r) => ({
          form: r.form.code, titleVi: r.form.titleVi, titleEn: r.form.titleEn, unit: r.unit, period: r.period, deadline: r.deadline.toISOString(),
          status: r.status, submittedAt: iso(r.submittedAt),
        })),
      };
    },

    /** Reminds the officers of every unit whose report is past its deadline and not received (once a day). */
    async remind(q: { form?: string | undefined; period?: string | undefined } = {}): Promise<{ reports: number; recipients: number }> {
      const { rows } = await expectedReports({ form: q.form, from: q.period, to: q.period });
      let reports = 0, recipients = 0;
      const day = today();
      for (const r of rows) {
        if (r.received || r.deadline > now()) continue;
        const officers = await repo.officersOfAreas([r.unit.areaId]);
        if (!(await repo.remember(r.form.code, r.unit.areaId, r.period, day, officers.length))) continue;
        reports++;
        recipients += await notifyArea(r.unit.areaId, {
          change: 'report-late',
          titleVi: `Chưa gửi báo cáo: ${r.form.titleVi} (kỳ ${r.period}), hạn ${localDate(r.deadline)}`,
          titleEn: `Report not sent: ${r.form.titleEn} (period ${r.period}), due ${localDate(r.deadline)}`,
        });
      }
      return { reports, recipients };
    },

    async holidays() {
      return (await repo.holidayList()).map((h) => ({ day: h.day, nameVi: h.name_vi, nameEn: h.name_en }));
    },
    async putHolidays(list: { day: string; nameVi: string; nameEn: string }[]) {
      await repo.putHolidays(list);
      return this.holidays();
    },

    async targets(form: string, year?: number): Promise<Target[]> {
      return (await repo.targets(form, null, year ?? null)).map((t) => ({ form: t.form_code, element: t.element, unit: t.area_code || null, year: t.year, target: t.target }));
    },
    async putTargets(list: Target[]): Promise<void> {
      for (const t of list) await repo.putTarget({ form: t.form, element: t.element, areaCode: t.unit ?? '', year: t.year, target: t.target });
    },

    /** One indicator over a year: by period (with last year's), by ward (ranked, with targets), plan vs actual. */
    async analysis(q: { form: string; element: string; year?: number | undefined }): Promise<Analysis> {
      const form = await loadForm(q.form);
      const e = form.elements.find((x) => x.code === q.element);
      if (!e || e.type === 'text') throw badRequest(`element ${q.element} is not a figure of form ${q.form}`);
      // Default: the year of the latest closed period (the year the data describes).
      const year = q.year ?? Number(closedPeriods(form.periodType, today(), 1, form.cutoffDay)[0]!.slice(0, 4));
      const periods = periodsOfYear(form.periodType, year);
      const lastYear = periods.map(samePeriodLastYear);
      const rows = await repo.approvedValues(form.code, [...periods, ...lastYear]);
      const agg = e.aggregation ?? (e.type === 'percent' ? 'average' : 'sum');
      const combine = (xs: number[]) => (xs.length ? (agg === 'sum' ? xs.reduce((a, b) => a + b, 0) : round(xs.reduce((a, b) => a + b, 0) / xs.length, 2)) : null);
      const val = (r: (typeof rows)[number]) => numericLookup(form, r.values)(e.code);
      // A ward's value for a period: its own report, else the reports of the former wards merged
      // whole into it (re-aggregated through the areas' lineage; a former ward has one successor,
      // so nothing is counted twice).
      const lineage = await lineageOf(form);
      const own = new Map(rows.map((r) => [`${r.area_id}|${r.period}`, r]));
      const former = new Map<string, typeof rows>();
      for (const r of rows) {
        const succ = lineage.get(r.area_id);
        if (succ !== undefined) former.set(`${succ}|${r.period}`, [...(former.get(`${succ}|${r.period}`) ?? []), r]);
      }
      const cellOf = (areaId: number, p: string): { value: number | undefined; ids: number[] } | undefined => {
        const o = own.get(`${areaId}|${p}`);
        if (o) return { value: val(o), ids: [o.id] };
        const fs = former.get(`${areaId}|${p}`);
        if (!fs) return undefined;
        const vs = fs.map(val).filter((v): v is number => v !== undefined);
        return { value: vs.length ? combine(vs) ?? undefined : undefined, ids: fs.map((r) => r.id) };
      };
      const cityAt = (p: string) => combine(form.unitRefs.map((u) => cellOf(u.areaId, p)?.value).filter((v): v is number => v !== undefined));
      const series = periods.map((p, i) => {
        const value = cityAt(p);
        const ly = cityAt(lastYear[i]!);
        return { period: p, value, lastYear: ly, change: value !== null && ly !== null && ly !== 0 ? round(((value - ly) / Math.abs(ly)) * 100) : null };
      });
      const targets = await repo.targets(form.code, e.code, year);
      const byUnit = form.unitRefs.map((u) => {
        const rs = periods.map((p) => cellOf(u.areaId, p));
        const values = rs.map((r) => r?.value ?? null);
        return {
          unit: u, values, total: combine(values.filter((v): v is number => v !== null)), rank: 0,
          target: targets.find((t) => t.area_code === u.code)?.target ?? null, submissionIds: rs.flatMap((r) => r?.ids ?? []),
        };
      });
      [...byUnit].sort((a, b) => (b.total ?? -Infinity) - (a.total ?? -Infinity)).forEach((u, i) => { u.rank = i + 1; });
      return {
        form: form.code, element: e.code, nameVi: e.nameVi, nameEn: e.nameEn, unitVi: e.unitVi ?? '', unitEn: e.unitEn ?? '', aggregation: agg, periods, series, byUnit, year,
        yearTotal: combine(series.map((s) => s.value).filter((v): v is number => v !== null)),
        yearTarget: targets.find((t) => t.area_code === '')?.target ?? null,
      };
    },

    /** The form's own XLSX layout for a unit and period (filled with the current values). */
    async formXlsx(actor: Actor, q: { form: string; unit: string; period?: string | undefined }): Promise<{ filename: string; data: Buffer }> {
      const entry = await this.entry(actor, q);
      return { filename: `${entry.form.code}-${entry.unit.code}-${entry.period}.xlsx`, data: await formsXlsx(entry.form, entry.unit, entry.period, entry.detail?.submission.values ?? {}) };
    },

    /**
     * DHIS2 data-value CSV (dataelement, period, orgunit, categoryoptioncombo,
     * attributeoptioncombo, value, …) into drafts of one form: data elements by their DHIS2 id
     * or code, org units by ward code, category option combos by disaggregation option code.
     */
    async importDhis2(actor: Actor, formCode: string, csv: string): Promise<ImportResult> {
      const form = await loadForm(formCode);
      let records: string[][];
      try {
        records = parseCsv(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
      } catch (e) {
        throw badRequest(`not a CSV file: ${(e as Error).message}`);
      }
      const problems: ImportResult['problems'] = [];
      const groups = new Map<string, { unit: string; period: string; values: Record<string, ReportValue>; rows: number[] }>();
      const keys = new Set(valueKeys(form));
      // The form's wards and the former wards merged into them (history before the 2025 reorganisation).
      const reporting = new Set([...form.unitRefs.map((u) => u.code), ...(await repo.cleanPredecessors(form.unitRefs.map((u) => u.areaId))).map((a) => a.code)]);
      records.forEach((rec, i) => {
        const row = i + 1;
        if (i === 0 && rec[0]?.toLowerCase() === 'dataelement') return;
        const [de, period, orgunit, coc, , value] = rec;
        if (!de || !period || !orgunit) { problems.push({ row, code: 'missing_field', detail: 'dataelement, period and orgunit are required' }); return; }
        const e = form.elements.find((x) => x.dhis2 === de || x.code === de);
        if (!e) { problems.push({ row, code: 'unknown_element', detail: de }); return; }
        const option = coc && coc !== 'default' && coc !== 'HllvX50cXC0' ? e.disaggregation?.options.find((o) => o.code === coc || `${e.code}.${o.code}` === coc) : undefined;
        if (coc && coc !== 'default' && coc !== 'HllvX50cXC0' && !option) { problems.push({ row, code: 'unknown_category_option_combo', detail: coc }); return; }
        const key = option ? `${e.code}.${option.code}` : e.code;
        if (!keys.has(key)) { problems.push({ row, code: 'unknown_element', detail: key }); return; }
        if (!reporting.has(orgunit)) { problems.push({ row, code: 'unit_not_in_form', detail: orgunit }); return; }
        const g = groups.get(`${orgunit}|${period}`) ?? { unit: orgunit, period, values: {}, rows: [] };
        g.values[key] = coerce(form, key, value) ?? null;
        g.rows.push(row);
        groups.set(`${orgunit}|${period}`, g);
      });
      let saved = 0, values = 0;
      for (const g of groups.values()) {
        try {
          await saveValues(actor, { form: form.code, unit: g.unit, period: g.period, values: g.values }, 'dhis2-csv', true);
          saved++;
          values += g.rows.length;
        } catch (e) {
          const err = e as HttpError;
          problems.push({ row: g.rows[0]!, code: err.code ?? 'error', detail: `${g.unit} ${g.period}: ${err.message}` });
        }
      }
      return { saved, values, problems };
    },

    /** An XLSX in the form's own layout (as formXlsx writes it) into a draft. */
    async importXlsx(actor: Actor, formCode: string, data: Buffer): Promise<ImportResult> {
      const form = await loadForm(formCode);
      const wb = new ExcelJS.Workbook();
      try {
        await wb.xlsx.load(data as unknown as ArrayBuffer);
      } catch {
        throw badRequest('not an XLSX file');
      }
      const ws = wb.worksheets[0];
      if (!ws) throw badRequest('the workbook has no sheet');
      const text = (v: ExcelJS.CellValue) => (v === null || v === undefined ? '' : typeof v === 'object' && 'result' in v ? String(v.result) : String(v as string));
      const unit = text(ws.getCell('B3').value).trim();
      const period = text(ws.getCell('B4').value).trim();
      const problems: ImportResult['problems'] = [];
      const values: Record<string, ReportValue> = {};
      const keys = new Set(valueKeys(form));
      ws.eachRow((row, n) => {
        if (n < 7) return;
        const key = text(row.getCell(1).value).trim();
        if (!key) return;
        if (!keys.has(key)) { problems.push({ row: n, code: 'unknown_element', detail: key }); return; }
        const raw = row.getCell(4).value;
        const v = coerce(form, key, typeof raw === 'object' && raw !== null && 'result' in raw ? raw.result : raw);
        if (v !== undefined && v !== null) values[key] = v;
      });
      try {
        await saveValues(actor, { form: form.code, unit, period, values }, 'xlsx', true);
        return { saved: 1, values: Object.keys(values).length, problems };
      } catch (e) {
        const err = e as HttpError;
        problems.push({ row: 3, code: err.code ?? 'error', detail: err.message });
        return { saved: 0, values: 0, problems };
      }
    },

    /** Approved values of a form's period (consolidated reports). */
    approvedValues: (form: string, periods: string[]) => repo.approvedValues(form, periods),
    holidaySet: () => repo.holidays(),
    unitsOf,
  };
}

export type ReportingService = ReturnType<typeof createReportingService>;
