// Routes of the procedures module: thin, typed from shared/contracts/procedures.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { badRequest, ErrorBody, HttpError } from '../../platform/http/errors.ts';
import {
  DossierListSchema, DossierSchema, DrillAnswerSchema, IndexAnswerSchema, IngestResultSchema, OfficialRankingSchema, ProcedureImportResultSchema, ProcedureSchema,
  PublicDossierSchema, RatingBodySchema, RejectedRowSchema, WatchAnswerSchema,
} from '../../../../shared/contracts/procedures.ts';
import { fileResponse, lit, Nullable } from '../../../../shared/contracts/schema.ts';
import { readRowsFile, type ProceduresService } from './procedures.service.ts';

const MAX_FILE_BYTES = 100 * 1024 * 1024;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody };
const importers = access.roles('admin', 'operator');
const PeriodQuery = {
  period: Type.String({ maxLength: 10, description: 'month 2026-11, quarter 2026-Q4 or year 2026 (Ho Chi Minh City time)' }),
  unit: Type.Optional(Type.String({ maxLength: 60, description: 'handling unit code' })),
  area: Type.Optional(Type.String({ maxLength: 20, description: 'ward code' })),
};
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) });

/** The rows of a request: a multipart file (CSV/XLSX/JSON) or a JSON body (an array of rows or one row). */
async function rowsOf(req: FastifyRequest): Promise<Record<string, unknown>[]> {
  if (req.isMultipart()) {
    let rows: Record<string, unknown>[] | null = null;
    try {
      for await (const part of req.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5 } })) {
        if (part.type === 'file' && part.fieldname === 'file') rows = await readRowsFile(await part.toBuffer(), part.filename || 'upload');
      }
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'too_large', 'the file is larger than 100 MB');
      throw e;
    }
    if (!rows) throw badRequest('the multipart field "file" is missing');
    return rows;
  }
  const body = req.body;
  if (Array.isArray(body)) return body as Record<string, unknown>[];
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    const list = o.data ?? o.HoSo;
    return Array.isArray(list) ? (list as Record<string, unknown>[]) : [o];
  }
  throw badRequest('send the dossiers as a JSON array (or one object) in the portal field names, or a file as multipart/form-data in the field "file"');
}

export async function proceduresRoutes(app: FastifyInstance, service: ProceduresService): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_FILE_BYTES } });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['procedures'];
    const rowsBody = { description: 'a JSON array of rows (or one object), or multipart/form-data with a CSV, XLSX or JSON file in the field "file"' };

    r.post('/api/procedures/catalogue', {
      config: { access: importers },
      bodyLimit: MAX_FILE_BYTES,
      schema: { tags, summary: 'Import the procedure catalogue (upsert by MaTTHC); bad rows are returned with their reasons', ...rowsBody, response: { 200: ProcedureImportResultSchema, ...errors } },
    }, async (req) => service.importProcedures(actorOf(req), await rowsOf(req)));

    r.post('/api/procedures/dossiers', {
      config: { access: access.roles('admin', 'operator', 'device') },
      bodyLimit: MAX_FILE_BYTES,
      schema: {
        tags, summary: 'Ingest dossiers in the national portal field names (MaHoSo, MaTTHC, KenhThucHien, NgayNopHoSo, …): upsert by MaHoSo, idempotent; bad rows kept with their reasons',
        ...rowsBody, response: { 200: IngestResultSchema, ...errors },
      },
    }, async (req) => service.ingestDossiers(actorOf(req), await rowsOf(req), req.isMultipart() ? 'file' : 'api'));
  });

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['procedures'];

  r.get('/api/procedures/catalogue', {
    config: { access: access.staff },
    schema: { tags, summary: 'The whole procedure catalogue', response: { 200: Type.Array(ProcedureSchema), 401: ErrorBody } },
  }, async () => service.procedures(false));

  r.get('/api/procedures/rejected/:batch', {
    config: { access: importers },
    schema: { tags, summary: 'Rejected rows of an ingest batch with their reasons', params: Type.Object({ batch: Type.String({ maxLength: 60 }) }), response: { 200: Type.Array(RejectedRowSchema), ...errors } },
  }, async (req) => service.rejected(req.params.batch));

  r.get('/api/procedures/dossiers', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Dossiers (officers: their unit); applicants masked unless the role needs them (reads in clear are audited)',
      querystring: Type.Object({
        unit: Type.Optional(Type.String({ maxLength: 60 })), area: Type.Optional(Type.String({ maxLength: 20 })), code: Type.Optional(Type.String({ maxLength: 100 })),
        open: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      }),
      response: { 200: DossierListSchema, ...errors },
    },
  }, async (req) => service.dossiers(actorOf(req), { ...req.query, open: !!req.query.open, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  r.get('/api/procedures/dossiers/:id', {
    config: { access: access.staff },
    schema: { tags, summary: 'One dossier (officers: of their unit); applicant masked unless the role needs it', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: DossierSchema, ...errors } },
  }, async (req) => service.dossier(actorOf(req), req.params.id));

  r.get('/api/procedures/index', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'The Decision 766 index for a period: indicators, points under the thresholds, total and grade; by unit, ward or for the scope',
      querystring: Type.Object({ ...PeriodQuery, by: Type.Optional(lit(['none', 'unit', 'area'] as const)) }),
      response: { 200: IndexAnswerSchema, ...errors },
    },
  }, async (req) => service.index(actorOf(req), req.query));

  r.get('/api/procedures/index/export', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'The Decision 766 index as CSV or XLSX',
      querystring: Type.Object({ ...PeriodQuery, by: Type.Optional(lit(['none', 'unit', 'area'] as const)), format: lit(['csv', 'xlsx'] as const) }),
      response: { 200: fileResponse('the index', ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']), ...errors },
    },
  }, async (req, reply) => {
    const { format, ...q } = req.query;
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="chi-so-766-${q.period}.csv"`).send(await service.indexCsv(actorOf(req), q));
    }
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="chi-so-766-${q.period}.xlsx"`).send(await service.indexXlsx(actorOf(req), q));
  });

  r.get('/api/procedures/index/drill', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'The dossiers (or procedures) behind one indicator: its base, and which of them count',
      querystring: Type.Object({ ...PeriodQuery, indicator: Type.String({ maxLength: 5 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })) }),
      response: { 200: DrillAnswerSchema, ...errors },
    },
  }, async (req) => service.drill(actorOf(req), req.query));

  r.get('/api/procedures/watch', {
    config: { access: access.staff },
    schema: { tags, summary: 'Watch list: open dossiers due today, in 1–3 working days, overdue by unit; the day\'s intake by channel; monthly trend; due alerts', response: { 200: WatchAnswerSchema, ...errors } },
  }, async (req) => service.watch(actorOf(req)));

  r.get('/api/procedures/officials', {
    config: { access: access.roles('admin', 'leader') },
    schema: {
      tags, summary: 'Officials ranked by citizens\' ratings (leaders)',
      querystring: Type.Object({ period: Type.Optional(Type.String({ maxLength: 10 })) }),
      response: { 200: OfficialRankingSchema, ...errors },
    },
  }, async (req) => service.officials(actorOf(req), req.query.period));

  r.post('/api/procedures/connector/run', {
    config: { access: access.roles('admin') },
    schema: {
      tags, summary: 'Poll the configured connector endpoint now (PROCEDURES_CONNECTOR_URL) and ingest its dossiers',
      response: { 200: Type.Object({ at: Type.String(), outcome: Type.String(), result: Nullable(IngestResultSchema) }), ...errors },
    },
  }, async (req) => service.pollConnector(actorOf(req)));

  // Public side: no login, no personal data.
  r.get('/api/procedures/public/catalogue', {
    config: { access: access.public },
    schema: { tags, summary: 'The published procedure list', response: { 200: Type.Array(ProcedureSchema) } },
  }, async () => service.procedures(true));

  r.get('/api/procedures/public/dossiers/:code', {
    config: { access: access.public },
    schema: { tags, summary: 'A dossier by its code: status, steps and due date (no personal data)', params: CodeParams, response: { 200: PublicDossierSchema, 404: ErrorBody } },
  }, async (req) => service.publicDossier(req.params.code));

  r.post('/api/procedures/public/dossiers/:code/rating', {
    config: { access: access.public },
    schema: {
      tags, summary: 'Rate a finished dossier and its official (1–5, comment), once; verified by the last 4 digits of the applicant\'s phone',
      params: CodeParams, body: RatingBodySchema, response: { 200: PublicDossierSchema, ...errors },
    },
  }, async (req) => service.rate(actorOf(req), req.params.code, req.body));

  r.get('/api/procedures/public/scorecards', {
    config: { access: access.public },
    schema: { tags, summary: 'Public monthly scorecards of the wards (Decision 766 index)', querystring: Type.Object({ period: PeriodQuery.period }), response: { 200: IndexAnswerSchema, 400: ErrorBody } },
  }, async (req) => service.publicScorecards(req.query.period));
}
