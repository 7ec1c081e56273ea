import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { ErrorBody, HttpError, badRequest } from '../../platform/http/errors.ts';
import { fileResponse } from '../../../../shared/contracts/schema.ts';
import type { ImportOptions, ImportsService, Upload } from './imports.service.ts';

const importers = access.roles('admin', 'operator', 'officer');
const DatasetParams = Type.Object({ id: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' }) });
const JobParams = Type.Object({ jobId: Type.Integer({ minimum: 1 }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody };
const Job = Type.Object(
  {
    id: Type.Integer(),
    datasetId: Type.String(),
    status: Type.String({ enum: ['queued', 'running', 'done', 'failed'] }),
    total: Type.Union([Type.Integer(), Type.Null()]),
    processed: Type.Integer(),
    progress: Type.Number(),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    inserted: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
  },
  { additionalProperties: true, description: 'an import job (see ImportJob in shared/contracts/imports.ts)' },
);
const multipartBody = {
  description: 'multipart/form-data: `file` (CSV, XLSX, GeoJSON or zipped Shapefile), optional `crs` (e.g. EPSG:4326, EPSG:9210), ' +
    '`dryRun` (true/false), `mapping` (JSON {fields:{field:column}, geometry:{kind,…}}), `sheet` (XLSX), `headerRow`',
};

/** Reads the multipart upload: the `file` part and the text fields. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ upload: Upload; opts: ImportOptions }> {
  if (!req.isMultipart()) throw badRequest('send the file as multipart/form-data in the field "file"');
  const fields: Record<string, string> = {};
  let upload: Upload | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 1024 * 1024 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') upload = { bytes, fileName: part.filename || 'upload' };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new HttpError(413, 'too_large', `the file is larger than the limit of ${Math.round(maxBytes / 1024 / 1024)} MB (IMPORT_MAX_MB)`);
    }
    if ((e as { code?: string }).code === 'FST_FILES_LIMIT') throw badRequest('send one file only, in the field "file"');
    throw e;
  }
  if (!upload) throw badRequest('the multipart field "file" is missing');
  const opts: ImportOptions = {};
  if (fields.sheet) opts.sheet = fields.sheet;
  if (fields.crs) opts.crs = fields.crs;
  if (fields.dryRun !== undefined && fields.dryRun !== '') {
    if (!['true', 'false', '1', '0'].includes(fields.dryRun)) throw badRequest('dryRun must be true or false');
    opts.dryRun = fields.dryRun === 'true' || fields.dryRun === '1';
  }
  if (fields.headerRow) {
    const n = Number(fields.headerRow);
    if (!Number.isInteger(n) || n < 1) throw badRequest('headerRow must be a row number (1, 2, …)');
    opts.headerRow = n;
  }
  if (fields.mapping) {
    try {
      opts.mapping = JSON.parse(fields.mapping) as ImportOptions['mapping'];
    } catch {
      throw badRequest('mapping must be JSON: {"fields": {"<field>": "<column>"}, "geometry": {"kind": …}}');
    }
  }
  return { upload, opts };
}

export async function importsRoutes(app: FastifyInstance, service: ImportsService): Promise<void> {
  // Multipart only for these routes (an encapsulated scope), with the configured size limit.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: service.settings.maxBytes } });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();

    r.post('/api/datasets/:id/imports', {
      config: { access: importers },
      schema: {
        tags: ['imports'],
        summary: 'Upload a file to import into a dataset; returns the job (202)',
        description: multipartBody.description,
        params: DatasetParams,
        response: { 202: Job, ...errors },
      },
    }, async (req, reply) => {
      const { upload, opts } = await readUpload(req, service.settings.maxBytes);
      const job = await service.create(actorOf(req), req.params.id, upload, opts);
      return reply.status(202).send(job);
    });

    r.post('/api/datasets/:id/imports/preview', {
      config: { access: importers },
      schema: {
        tags: ['imports'],
        summary: 'Read a file without importing: sheets, header, suggested or saved mapping, first rows, row errors, geometry (WGS 84)',
        description: multipartBody.description,
        params: DatasetParams,
        response: { 200: Type.Object({}, { additionalProperties: true, description: 'ImportPreview in shared/contracts/imports.ts' }), ...errors },
      },
    }, async (req) => {
      const { upload, opts } = await readUpload(req, service.settings.maxBytes);
      return service.preview(actorOf(req), req.params.id, upload, opts);
    });

    r.get('/api/datasets/:id/imports', {
      config: { access: importers },
      schema: {
        tags: ['imports'],
        summary: 'Import jobs of a dataset, newest first',
        params: DatasetParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }),
        response: { 200: Type.Object({ jobs: Type.Array(Job) }), ...errors },
      },
    }, async (req) => service.list(actorOf(req), req.params.id, req.query.limit ?? 50));

    r.get('/api/imports/:jobId', {
      config: { access: importers },
      schema: { tags: ['imports'], summary: 'An import job with its progress (processed / total) and counts', params: JobParams, response: { 200: Job, ...errors } },
    }, async (req) => service.get(actorOf(req), req.params.jobId));

    r.get('/api/imports/:jobId/rows', {
      config: { access: importers },
      schema: {
        tags: ['imports'],
        summary: 'The import report row by row: rejected rows, rows skipped as not data (titles, blank rows, repeated headers, notes, totals), rows accepted with a flag or a repair; coded reasons',
        params: JobParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }), offset: Type.Integer({ minimum: 0, default: 0 }) }),
        response: {
          200: Type.Object({
            rows: Type.Array(Type.Object({
              row: Type.Integer(),
              outcome: Type.String({ enum: ['rejected', 'skipped', 'flagged', 'repaired'] }),
              reasons: Type.Array(Type.Object({
                code: Type.Optional(Type.String()),
                params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
                message: Type.Optional(Type.String()),
                column: Type.Optional(Type.String()),
                field: Type.Optional(Type.String()),
              })),
            })),
          }),
          ...errors,
        },
      },
    }, async (req) => service.reportRows(actorOf(req), req.params.jobId, req.query.limit, req.query.offset));

    r.get('/api/imports/:jobId/rejected', {
      config: { access: importers },
      schema: {
        tags: ['imports'],
        summary: 'Rejected rows with their original columns, _row and _reasons (CSV, or XLSX with ?format=xlsx), to fix and re-import',
        params: JobParams,
        querystring: Type.Object({ format: Type.Optional(Type.String({ enum: ['csv', 'xlsx'], default: 'csv' })) }),
        response: { 200: fileResponse('The rejected rows as CSV (UTF-8 with a BOM) or XLSX', ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) },
      },
    }, async (req, reply) => {
      const out = await service.rejected(actorOf(req), req.params.jobId, (req.query.format ?? 'csv') as 'csv' | 'xlsx');
      return reply
        .header('content-type', out.contentType)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(out.fileName)}"; filename*=UTF-8''${encodeURIComponent(out.fileName)}`)
        .header('x-rejected-rows', String(out.count))
        .send(out.body);
    });
  });
}
