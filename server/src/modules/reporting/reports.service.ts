// Consolidated reports: templates combining approved values of the forms into a Vietnamese
// administrative document; runs issued by hand or on a schedule (e.g. the 16th at 08:00, local
// time), frozen with their figures and the source submission of each; delivered in the app
// (notifications module) and by webhook (the outbound guard); files rendered on download.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/actor.ts';
import { badRequest, HttpError, notFound } from '../../platform/http/errors.ts';
import { outboundUrlProblem, outcomeText, postOutbound, readOutboundPolicy } from '../../platform/http/outbound.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { Figure, ReportForm, ReportFormat, ReportRun, ReportTemplate, ReportTemplateInput, ReportValue } from '../../../../shared/contracts/reporting.ts';
import { closedPeriods, localDate, parsePeriod, periodLabelVi, periodWindow, type PeriodType } from './periods.ts';
import { numericLookup } from './rules.ts';
import { reportingRepository, type RunRow } from './reporting.repository.ts';
import type { ReportingService } from './reporting.service.ts';
import { renderDocx, renderPdf, renderXlsx } from './render.ts';

const OFFSET_MS = 7 * 3600_000;
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * When a template's run of a period falls due: the first scheduled day and time (local)
 * after the period's window has closed.
 */
export function scheduledAt(schedule: { dayOfMonth: number; hour: number; minute: number }, period: string, cutoffDay: number): Date {
  const end = periodWindow(period, cutoffDay).end;
  let y = Number(end.slice(0, 4)), m = Number(end.slice(5, 7));
  const endDay = Number(end.slice(8, 10));
  if (schedule.dayOfMonth <= endDay) { m++; if (m > 12) { m = 1; y++; } }
  return new Date(Date.UTC(y, m - 1, schedule.dayOfMonth, schedule.hour, schedule.minute) - OFFSET_MS);
}

export interface FigureSourceRow { id: number; form_code: string; area_id: number; values: Record<string, ReportValue> }

/** A template's figures from approved rows of one period: per ward (with its submission) and in total. */
export function buildFigures(items: ReportTemplateInput['items'], forms: ReadonlyMap<string, ReportForm>, rows: FigureSourceRow[]): { figures: Figure[]; missing: ReportRun['missing'] } {
  const out: Figure[] = [];
  const missing = new Map<string, { form: string; unit: string }>();
  for (const item of items) {
    const form = forms.get(item.form);
    const e = form?.elements.find((x) => x.code === item.element);
    if (!form || !e) continue;
    const byArea = new Map(rows.filter((r) => r.form_code === form.code).map((r) => [r.area_id, r]));
    const byUnit = form.unitRefs.map((u) => {
      const r = byArea.get(u.areaId);
      if (!r) missing.set(`${form.code}|${u.code}`, { form: form.code, unit: u.code });
      const v = r ? numericLookup(form, r.values)(e.code) : undefined;
      return { code: u.code, nameVi: u.nameVi, nameEn: u.nameEn, value: v ?? null, submissionId: r ? r.id : null };
    });
    const vals = byUnit.map((u) => u.value).filter((v): v is number => v !== null);
    const agg = e.aggregation ?? (e.type === 'percent' ? 'average' : 'sum');
    const value = vals.length ? round2(agg === 'sum' ? vals.reduce((a, b) => a + b, 0) : vals.reduce((a, b) => a + b, 0) / vals.length) : null;
    out.push({ form: form.code, element: e.code, nameVi: e.nameVi, nameEn: e.nameEn, unitVi: e.unitVi ?? '', unitEn: e.unitEn ?? '', value, byUnit });
  }
  return { figures: out, missing: [...missing.values()] };
}

export function createReportsService(ctx: AppContext, deps: { reporting: ReportingService; notifications: NotificationsService }) {
  const repo = reportingRepository(ctx.db.kysely);
  const outbound = { ...readOutboundPolicy(ctx.config), timeoutMs: 5_000 };

  const toTemplate = (t: { id: number; definition: ReportTemplateInput }): ReportTemplate => ({ ...t.definition, id: t.id });
  function toRun(r: RunRow): ReportRun {
    return {
      id: r.id, templateId: r.template_id, templateCode: r.template_code, titleVi: r.definition.titleVi, titleEn: r.definition.titleEn, period: r.period,
      number: r.number, issuedAt: new Date(r.issued_at).toISOString(), issuedBy: r.issued_by_name, scheduled: r.scheduled,
      delivery: r.delivery as ReportRun['delivery'], figures: r.figures as Figure[], missing: r.missing as ReportRun['missing'],
    };
  }

  /** The figures of a template for a period, from approved (or accepted) values only. */
  async function figures(t: ReportTemplateInput, period: string): Promise<{ figures: Figure[]; missing: ReportRun['missing'] }> {
    const forms = new Map<string, ReportForm>();
    const rows: FigureSourceRow[] = [];
    for (const code of new Set(t.items.map((i) => i.form))) {
      forms.set(code, await deps.reporting.form(code));
      rows.push(...(await deps.reporting.approvedValues(code, [period])).map((r) => ({ ...r, form_code: code })));
    }
    return buildFigures(t.items, forms, rows);
  }

  async function deliver(runId: number, t: ReportTemplateInput): Promise<void> {
    const run = toRun((await repo.run(runId))!);
    const users = await repo.usersWithRoles(t.recipientRoles);
    for (const id of users) {
      await deps.notifications.notifyUser(id, {
        change: 'report-issued', severity: 'Minor', category: 'report',
        titleVi: `Đã ban hành báo cáo ${run.number}: ${t.titleVi} ${periodLabelVi(run.period)}`, titleEn: `Report issued ${run.number}: ${t.titleEn} ${run.period}`,
      }).catch((err: unknown) => ctx.log.warn({ err }, 'report notification failed'));
    }
    let webhook: string | null = null;
    if (t.webhookUrl) {
      const body = JSON.stringify({ type: 'cityops.report-issued', run, files: (['pdf', 'xlsx', 'docx'] as const).map((f) => `/api/reports/runs/${run.id}/files/${f}`) });
      webhook = outcomeText(await postOutbound(t.webhookUrl, { headers: { 'content-type': 'application/json', 'user-agent': 'cityops-reports' }, body }, outbound));
    }
    await repo.setDelivery(runId, { inApp: users.length, webhook });
  }

  async function issue(actor: Actor, input: { template: string; period: string }, scheduled: boolean, at: Date): Promise<ReportRun> {
    const t = await repo.template(input.template);
    if (!t) throw notFound(`template ${input.template}`);
    const p = parsePeriod(input.period);
    if (!p || p.type !== t.definition.periodType) throw badRequest(`period ${input.period} is not a ${t.definition.periodType} period`);
    const { figures: figs, missing } = await figures(t.definition, input.period);
    const id = await repo.insertRun({ templateId: t.id, period: input.period, suffix: t.definition.numberSuffix, issuedAt: at, issuedBy: actor.user?.id ?? null, scheduled, figures: figs, missing });
    if (id === undefined) throw new HttpError(409, 'already_issued', `the report of ${input.period} was already issued`);
    await deliver(id, t.definition).catch((err: unknown) => ctx.log.warn({ err }, 'report delivery failed'));
    return toRun((await repo.run(id))!);
  }

  return {
    async templates(): Promise<ReportTemplate[]> {
      return (await repo.templates()).map(toTemplate);
    },
    async saveTemplate(input: ReportTemplateInput): Promise<ReportTemplate> {
      for (const item of input.items) {
        const f = await deps.reporting.form(item.form);
        if (!f.elements.some((e) => e.code === item.element)) throw badRequest(`form ${item.form} has no element ${item.element}`);
      }
      if (input.webhookUrl) {
        const problem = outboundUrlProblem(input.webhookUrl, outbound);
        if (problem) throw badRequest(`webhookUrl ${problem}`);
      }
      await repo.putTemplate(input, ctx.clock.now());
      return toTemplate((await repo.template(input.code))!);
    },
    /** A preview of a template's figures for a period (nothing issued). */
    async preview(code: string, period: string) {
      const t = await repo.template(code);
      if (!t) throw notFound(`template ${code}`);
      return figures(t.definition, period);
    },
    async runs(template?: string): Promise<ReportRun[]> {
      const t = template ? await repo.template(template) : undefined;
      if (template && !t) throw notFound(`template ${template}`);
      return (await repo.runs(t?.id ?? null, 200)).map(toRun);
    },
    async run(id: number): Promise<ReportRun> {
      const r = await repo.run(id);
      if (!r) throw notFound(`report run ${id}`);
      return toRun(r);
    },
    issue: (actor: Actor, input: { template: string; period: string }) => issue(actor, input, false, ctx.clock.now()),

    async file(id: number, format: ReportFormat): Promise<{ filename: string; mediaType: string; data: Buffer }> {
      const r = await repo.run(id);
      if (!r) throw notFound(`report run ${id}`);
      const run = toRun(r);
      const formTitles: Record<string, string> = {};
      for (const code of new Set(run.missing.map((m) => m.form))) formTitles[code] = await deps.reporting.form(code).then((f) => f.titleVi).catch(() => code);
      const input = { run, issuerVi: r.definition.issuerVi, placeVi: r.definition.placeVi, signerTitleVi: r.definition.signerTitleVi, signerName: r.definition.signerName, formTitles };
      const base = `bao-cao-${r.template_code}-${r.period}`;
      if (format === 'pdf') return { filename: `${base}.pdf`, mediaType: 'application/pdf', data: await renderPdf(input) };
      if (format === 'xlsx') return { filename: `${base}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: await renderXlsx(input) };
      return { filename: `${base}.docx`, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await renderDocx(input) };
    },

    /** Issues every scheduled run that has fallen due (the latest closed period of each template). */
    async runSchedules(): Promise<number> {
      const now = ctx.clock.now();
      let issued = 0;
      for (const t of await repo.templates()) {
        const s = t.definition.schedule;
        if (!s) continue;
        const first = t.definition.items[0];
        const cutoff = first ? (await deps.reporting.form(first.form)).cutoffDay : 15;
        const period = closedPeriods(t.definition.periodType as PeriodType, localDate(now), 1, cutoff)[0]!;
        if (now < scheduledAt(s, period, cutoff) || (await repo.runFor(t.id, period)) !== undefined) continue;
        try {
          await issue({ kind: 'system', user: null, ip: null }, { template: t.definition.code, period }, true, now);
          issued++;
        } catch (err) {
          if ((err as HttpError).code !== 'already_issued') ctx.log.error({ err, template: t.definition.code }, 'scheduled report failed');
        }
      }
      return issued;
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
