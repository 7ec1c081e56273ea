import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import { fileResponse, lit } from '../../../../shared/contracts/schema.ts';
import {
  AnalysisSchema, CompletenessSchema, EntrySchema, FormInputSchema, ImportResultSchema, IssueRunSchema, LockExceptionSchema, RejectSchema,
  REPORT_FORMATS, ReportFormListSchema, ReportFormSchema, ReportProblemSchema, ReportRunListSchema, ReportRunSchema, ReportTemplateInputSchema,
  ReportTemplateSchema, ReportValueSchema, SaveValuesSchema, SUBMISSION_STATUSES, SubmissionDetailSchema, SubmissionListSchema, TargetSchema, FigureSchema,
} from '../../../../shared/contracts/reporting.ts';
import type { ReportingService } from './reporting.service.ts';
import type { ReportsService } from './reports.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const reviewers = access.roles('admin', 'leader');
const entering = access.roles('admin', 'officer');

export async function reportingRoutes(app: FastifyInstance, reporting: ReportingService, reports: ReportsService): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reporting'];

  r.get('/api/reporting/forms', {
    config: { access: access.staff },
    schema: { tags, summary: 'Periodic report forms (latest version of each)', response: { 200: ReportFormListSchema, ...errors } },
  }, async () => ({ forms: await reporting.forms() }));

  r.post('/api/reporting/forms', {
    config: { access: access.roles('admin') },
    schema: {
      tags, summary: 'Declare a form, or a new version of it (past submissions keep their version): data elements, period type, cut-off day, deadline in working days, grace, units, validation rules',
      body: FormInputSchema, response: { 201: ReportFormSchema, ...errors },
    },
  }, async (req, reply) => reply.status(201).send(await reporting.saveForm(actorOf(req), req.body)));

  r.get('/api/reporting/forms/:code', {
    config: { access: access.staff },
    schema: { tags, summary: 'A form (latest version, or ?version=)', params: Type.Object({ code: Type.String() }), querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: ReportFormSchema, ...errors } },
  }, async (req) => reporting.form(req.params.code, req.query.version));

  r.get('/api/reporting/forms/:code/template.xlsx', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'The form in its own XLSX layout for a unit and period (filled with the current values); fill column D and import it back',
      params: Type.Object({ code: Type.String() }), querystring: Type.Object({ unit: Type.String(), period: Type.Optional(Type.String()) }),
      response: { 200: fileResponse('XLSX', [XLSX]), ...errors },
    },
  }, async (req, reply) => {
    const f = await reporting.formXlsx(actorOf(req), { form: req.params.code, ...req.query });
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${f.filename}"`).send(f.data);
  });

  r.get('/api/reporting/submissions', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Submissions by form, unit (ward code) and period (officers: their wards only)',
      querystring: Type.Object({
        form: Type.Optional(Type.String()), unit: Type.Optional(Type.String()), period: Type.Optional(Type.String()), status: Type.Optional(lit(SUBMISSION_STATUSES)),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      }),
      response: { 200: SubmissionListSchema, ...errors },
    },
  }, async (req) => reporting.list(actorOf(req), { ...req.query, limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }));

  r.put('/api/reporting/submissions', {
    config: { access: entering },
    schema: { tags, summary: 'Save a unit\'s values for a period as a draft (creates the submission); refused once entry is locked', body: SaveValuesSchema, response: { 200: SubmissionDetailSchema, ...errors } },
  }, async (req) => reporting.save(actorOf(req), req.body));

  r.get('/api/reporting/entry', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'What the entry page needs: the form, the unit\'s submission, the previous period\'s values, the window, deadline and lock',
      querystring: Type.Object({ form: Type.String(), unit: Type.String(), period: Type.Optional(Type.String()) }), response: { 200: EntrySchema, ...errors },
    },
  }, async (req) => reporting.entry(actorOf(req), req.query));

  r.post('/api/reporting/check', {
    config: { access: access.staff },
    schema: { tags, summary: 'Validate values against a form as they are typed (nothing stored)', body: Type.Object({ form: Type.String(), values: Type.Record(Type.String(), ReportValueSchema) }), response: { 200: Type.Object({ problems: Type.Array(ReportProblemSchema) }), ...errors } },
  }, async (req) => ({ problems: await reporting.check(req.body.form, req.body.values) }));

  r.get('/api/reporting/submissions/:id', {
    config: { access: access.staff },
    schema: { tags, summary: 'A submission with its history, rule problems and what the caller may do', params: IdParams, response: { 200: SubmissionDetailSchema, ...errors } },
  }, async (req) => reporting.get(actorOf(req), req.params.id));

  r.post('/api/reporting/submissions/:id/submit', {
    config: { access: entering },
    schema: { tags, summary: 'Submit (refused while a blocking rule fails or a compulsory value is missing, or once locked)', params: IdParams, response: { 200: SubmissionDetailSchema, ...errors } },
  }, async (req) => reporting.submit(actorOf(req), req.params.id));
  r.post('/api/reporting/submissions/:id/approve', {
    config: { access: reviewers },
    schema: { tags, summary: 'Approve at the ward (submitted → approved)', params: IdParams, response: { 200: SubmissionDetailSchema, ...errors } },
  }, async (req) => reporting.approve(actorOf(req), req.params.id));
  r.post('/api/reporting/submissions/:id/accept', {
    config: { access: reviewers },
    schema: { tags, summary: 'Accept at the district/city level (approved → accepted)', params: IdParams, response: { 200: SubmissionDetailSchema, ...errors } },
  }, async (req) => reporting.accept(actorOf(req), req.params.id));
  r.post('/api/reporting/submissions/:id/reject', {
    config: { access: reviewers },
    schema: { tags, summary: 'Return a submitted or approved report to the unit with a reason', params: IdParams, body: RejectSchema, response: { 200: SubmissionDetailSchema, ...errors } },
  }, async (req) => reporting.reject(actorOf(req), req.params.id, req.body.reason));

  r.post('/api/reporting/lock-exceptions', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: 'Reopen entry for a unit and period after the lock, until a time', body: LockExceptionSchema, response: { 200: Type.Object({ until: Type.String({ format: 'date-time' }) }), ...errors } },
  }, async (req) => reporting.grantLockException(actorOf(req), req.body));

  r.post('/api/reporting/import', {
    config: { access: entering },
    schema: {
      tags, summary: 'Import values into drafts: DHIS2 data-value CSV (dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,…) or an XLSX in the form\'s own layout (base64)',
      body: Type.Object({ form: Type.String(), format: lit(['dhis2-csv', 'xlsx'] as const), content: Type.String({ maxLength: 10_000_000, description: 'CSV text, or XLSX as base64' }) }),
      response: { 200: ImportResultSchema, ...errors },
    },
  }, async (req) => (req.body.format === 'dhis2-csv'
    ? reporting.importDhis2(actorOf(req), req.body.form, req.body.content)
    : reporting.importXlsx(actorOf(req), req.body.form, Buffer.from(req.body.content, 'base64'))));

  r.get('/api/reporting/completeness', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Reporting rate = received ÷ expected; on-time rate = received by the deadline ÷ expected; by form, unit and period, with the late reports. Expected: every unit of a form × every period whose window has closed (default: the last 12)',
      querystring: Type.Object({ form: Type.Optional(Type.String()), unit: Type.Optional(Type.String()), from: Type.Optional(Type.String({ description: 'first period, e.g. 202601' })), to: Type.Optional(Type.String()) }),
      response: { 200: CompletenessSchema, ...errors },
    },
  }, async (req) => reporting.completeness(req.query));

  r.post('/api/reporting/reminders', {
    config: { access: reviewers },
    schema: { tags, summary: 'Remind the officers of units whose report is past its deadline and not received (once a day per report)', body: Type.Object({ form: Type.Optional(Type.String()), period: Type.Optional(Type.String()) }), response: { 200: Type.Object({ reports: Type.Integer(), recipients: Type.Integer() }), ...errors } },
  }, async (req) => reporting.remind(req.body));

  const Holiday = Type.Object({ day: Type.String({ format: 'date' }), nameVi: Type.String({ minLength: 1 }), nameEn: Type.String({ minLength: 1 }) });
  r.get('/api/reporting/holidays', {
    config: { access: access.staff },
    schema: { tags, summary: 'The working-day calendar of deadlines: public holidays (incl. Tết) as data', response: { 200: Type.Object({ holidays: Type.Array(Holiday) }), ...errors } },
  }, async () => ({ holidays: await reporting.holidays() }));
  r.put('/api/reporting/holidays', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: 'Add or rename holidays', body: Type.Object({ holidays: Type.Array(Holiday, { maxItems: 500 }) }), response: { 200: Type.Object({ holidays: Type.Array(Holiday) }), ...errors } },
  }, async (req) => ({ holidays: await reporting.putHolidays(req.body.holidays) }));

  r.get('/api/reporting/targets', {
    config: { access: access.staff },
    schema: { tags, summary: 'Plan targets per year', querystring: Type.Object({ form: Type.String(), year: Type.Optional(Type.Integer()) }), response: { 200: Type.Object({ targets: Type.Array(TargetSchema) }), ...errors } },
  }, async (req) => ({ targets: await reporting.targets(req.query.form, req.query.year) }));
  r.put('/api/reporting/targets', {
    config: { access: access.roles('admin', 'leader') },
    schema: { tags, summary: 'Set plan targets (unit null = the whole territory)', body: Type.Object({ targets: Type.Array(TargetSchema, { maxItems: 1000 }) }), response: { 204: Type.Null(), ...errors } },
  }, async (req, reply) => { await reporting.putTargets(req.body.targets); return reply.status(204).send(null); });

  r.get('/api/reporting/analysis', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Socio-economic analysis of one indicator over a year from approved values: by period with year-on-year change, by ward ranked with targets, plan vs actual; each figure names its submissions',
      querystring: Type.Object({ form: Type.String(), element: Type.String(), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
      response: { 200: AnalysisSchema, ...errors },
    },
  }, async (req) => reporting.analysis(req.query));

  // --- consolidated reports ---
  const rtags = ['reports'];
  r.get('/api/reports/templates', {
    config: { access: access.staff },
    schema: { tags: rtags, summary: 'Consolidated report templates', response: { 200: Type.Object({ templates: Type.Array(ReportTemplateSchema) }), ...errors } },
  }, async () => ({ templates: await reports.templates() }));
  r.post('/api/reports/templates', {
    config: { access: access.roles('admin') },
    schema: { tags: rtags, summary: 'Create or replace a template (items, heading, signer, schedule, recipients, webhook)', body: ReportTemplateInputSchema, response: { 200: ReportTemplateSchema, ...errors } },
  }, async (req) => reports.saveTemplate(req.body));
  r.get('/api/reports/templates/:code/preview', {
    config: { access: access.staff },
    schema: { tags: rtags, summary: 'The figures a template would carry for a period (nothing issued)', params: Type.Object({ code: Type.String() }), querystring: Type.Object({ period: Type.String() }), response: { 200: Type.Object({ figures: Type.Array(FigureSchema), missing: Type.Array(Type.Object({ form: Type.String(), unit: Type.String() })) }), ...errors } },
  }, async (req) => reports.preview(req.params.code, req.query.period));
  r.get('/api/reports/runs', {
    config: { access: access.staff },
    schema: { tags: rtags, summary: 'History of issued reports, newest first', querystring: Type.Object({ template: Type.Optional(Type.String()) }), response: { 200: ReportRunListSchema, ...errors } },
  }, async (req) => ({ runs: await reports.runs(req.query.template) }));
  r.post('/api/reports/runs', {
    config: { access: reviewers },
    schema: { tags: rtags, summary: 'Issue a template for a period now (figures frozen from approved values; delivered in the app and by webhook)', body: IssueRunSchema, response: { 201: ReportRunSchema, ...errors } },
  }, async (req, reply) => reply.status(201).send(await reports.issue(actorOf(req), req.body)));
  r.get('/api/reports/runs/:id', {
    config: { access: access.staff },
    schema: { tags: rtags, summary: 'An issued report with its figures and their source submissions', params: IdParams, response: { 200: ReportRunSchema, ...errors } },
  }, async (req) => reports.run(req.params.id));
  r.get('/api/reports/runs/:id/files/:format', {
    config: { access: access.staff },
    schema: {
      tags: rtags, summary: 'The issued report as PDF, XLSX or DOCX (rendered from its frozen figures)',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }), format: lit(REPORT_FORMATS) }),
      response: { 200: fileResponse('The report', ['application/pdf', XLSX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']), ...errors },
    },
  }, async (req, reply) => {
    const f = await reports.file(req.params.id, req.params.format);
    return reply.type(f.mediaType).header('content-disposition', `attachment; filename="${f.filename}"`).send(f.data);
  });
}
