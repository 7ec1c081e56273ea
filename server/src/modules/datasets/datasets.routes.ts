import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { ErrorBody, badRequest } from '../../platform/http/errors.ts';
import {
  BulkRequestSchema,
  BulkResultSchema,
  DATASET_ID_PATTERN,
  DatasetDeclSchema,
  DatasetDetailSchema,
  DatasetListSchema,
  DatasetRecordSchema,
  DatasetSavedSchema,
  DeclarationVersionsSchema,
  QualityReportSchema,
  RecordHistorySchema,
  RecordInputSchema,
  RecordPageSchema,
} from '../../../../shared/contracts/datasets.ts';
import { fileResponse } from '../../../../shared/contracts/schema.ts';
import type { BulkItem as BulkItemInput, DatasetsService, ExportFormat, RecordListQuery } from './datasets.service.ts';
import { exportStream } from './export.ts';

const Record = DatasetRecordSchema;
const RecordBody = RecordInputSchema;
const IdParams = Type.Object({ id: Type.String({ pattern: DATASET_ID_PATTERN }) });
const RecordParams = Type.Object({ id: Type.String({ pattern: DATASET_ID_PATTERN }), rid: Type.Integer({ minimum: 1 }) });
const DateParam = Type.String({ format: 'date', description: 'YYYY-MM-DD; default: today in Ho Chi Minh City' });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Who may write records: admins and operators everywhere; officers for their unit's datasets
 *  and inside their own area (checked by the service). Leaders read only. */
const writers = access.roles('admin', 'operator', 'officer');
const ListFilters = {
  sort: Type.Optional(Type.String({ description: 'id, updatedAt, createdAt or a field; prefix - for descending' })),
  area: Type.Optional(Type.String({ description: 'code of an area: records inside it (on `date`)' })),
  date: Type.Optional(DateParam),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'words to find; diacritics optional' })),
  bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat' })),
  quality: Type.Optional(Type.String({ description: 'only records with this data-quality finding: missing-required, outside-area, duplicates, stale' })),
};
const EXPORT_TYPES: Record<ExportFormat, { type: string; ext: string }> = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  geojson: { type: 'application/geo+json; charset=utf-8', ext: 'geojson' },
};

export function datasetsRoutes(app: FastifyInstance, datasets: DatasetsService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['datasets'];

  r.get('/api/datasets', {
    config: { access: access.public },
    schema: {
      tags,
      summary: 'Datasets the caller may read (anonymous: public ones), with record count and last update',
      response: { 200: DatasetListSchema },
    },
  }, async (req) => datasets.list(actorOf(req)));

  r.post('/api/datasets', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: 'Declare a new dataset (admin)', body: DatasetDeclSchema, response: { 201: DatasetSavedSchema, ...errors } },
  }, async (req, reply) => reply.status(201).send(await datasets.saveDeclaration(actorOf(req), req.body, 'create')));

  r.get('/api/datasets/:id', {
    config: { access: access.public },
    schema: { tags, summary: 'One dataset: summary, fields and natural key', params: IdParams, response: { 200: DatasetDetailSchema, 404: ErrorBody } },
  }, async (req) => datasets.get(actorOf(req), req.params.id));

  r.put('/api/datasets/:id', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: 'Change a declaration (admin); the previous one is kept as a version', params: IdParams, body: DatasetDeclSchema, response: { 200: DatasetSavedSchema, ...errors } },
  }, async (req) => {
    if (req.body.id !== req.params.id) throw badRequest(`id in the body (${req.body.id}) differs from the path (${req.params.id})`);
    return datasets.saveDeclaration(actorOf(req), req.body, 'update');
  });

  r.get('/api/datasets/:id/versions', {
    config: { access: access.staff },
    schema: { tags, summary: 'Every version of a declaration, newest first', params: IdParams, response: { 200: DeclarationVersionsSchema, 404: ErrorBody } },
  }, async (req) => datasets.versions(req.params.id));

  r.get('/api/datasets/:id/records', {
    config: { access: access.public },
    schema: {
      tags,
      summary: 'Records of a dataset: filters, full-text search (with or without diacritics), paging, sorting',
      description:
        'Field filters: `f.<field>=<value>` (equality). Personal fields are masked for leader, operator and officer, ' +
        'left out for anonymous callers, and shown to admins (each such read is audited).',
      params: IdParams,
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
        ...ListFilters,
        geometry: Type.Optional(Type.Boolean({ description: 'include geometries (default true)' })),
      }, { additionalProperties: true }),
      response: {
        200: RecordPageSchema,
        400: ErrorBody,
        404: ErrorBody,
      },
    },
  }, async (req) => datasets.listRecords(actorOf(req), req.params.id, req.query as RecordListQuery));

  r.post('/api/datasets/:id/records', {
    config: { access: writers },
    schema: { tags, summary: 'Create a record (validated against the declaration)', params: IdParams, body: RecordBody, response: { 201: Record, ...errors } },
  }, async (req, reply) => reply.status(201).send(await datasets.createRecord(actorOf(req), req.params.id, req.body as never)));

  r.get('/api/datasets/:id/records/:rid', {
    config: { access: access.public },
    schema: { tags, summary: 'One record', params: RecordParams, response: { 200: Record, 404: ErrorBody } },
  }, async (req) => datasets.getRecord(actorOf(req), req.params.id, req.params.rid));

  r.patch('/api/datasets/:id/records/:rid', {
    config: { access: writers },
    schema: { tags, summary: 'Change a record: merges properties (null removes), replaces the geometry if given', params: RecordParams, body: RecordBody, response: { 200: Record, ...errors } },
  }, async (req) => datasets.updateRecord(actorOf(req), req.params.id, req.params.rid, req.body as never));

  r.delete('/api/datasets/:id/records/:rid', {
    config: { access: writers },
    schema: { tags, summary: 'Delete a record (its history stays)', params: RecordParams, response: { 204: Type.Null(), ...errors } },
  }, async (req, reply) => {
    await datasets.deleteRecord(actorOf(req), req.params.id, req.params.rid);
    return reply.status(204).send(null);
  });

  r.get('/api/datasets/:id/records/:rid/history', {
    config: { access: access.staff },
    schema: { tags, summary: 'Who changed the record when, with before and after', params: RecordParams, response: { 200: RecordHistorySchema, 404: ErrorBody } },
  }, async (req) => datasets.history(actorOf(req), req.params.id, req.params.rid));

  r.post('/api/datasets/:id/records/bulk', {
    config: { access: writers },
    schema: {
      tags,
      summary: 'Create, update and delete many records at once: all are written or none',
      description: 'On any invalid item nothing is written and the answer (400 bulk_rejected) lists every failing item by index in `details.items`.',
      params: IdParams,
      body: BulkRequestSchema,
      response: { 200: BulkResultSchema, ...errors },
    },
  }, async (req) => datasets.bulk(actorOf(req), req.params.id, req.body.items as BulkItemInput[]));

  r.post('/api/datasets/:id/records/:rid/history/:hid/restore', {
    config: { access: writers },
    schema: {
      tags,
      summary: 'Restore a record as it was in a history entry (a deleted record comes back under its id); recorded in the history',
      params: Type.Object({ id: IdParams.properties.id, rid: Type.Integer({ minimum: 1 }), hid: Type.Integer({ minimum: 1 }) }),
      response: { 200: Record, ...errors },
    },
  }, async (req) => datasets.restore(actorOf(req), req.params.id, req.params.rid, req.params.hid));

  r.get('/api/datasets/:id/quality', {
    config: { access: access.staff },
    schema: {
      tags,
      summary: 'Data quality: score 0–100 and findings (missing required fields, outside the claimed ward, likely duplicates, stale records)',
      params: IdParams,
      response: { 200: QualityReportSchema, ...errors },
    },
  }, async (req) => datasets.quality(actorOf(req), req.params.id));

  r.get('/api/datasets/:id/export', {
    config: { access: access.public },
    schema: {
      tags,
      summary: 'Export the records that match the list filters as CSV (UTF-8 with BOM), XLSX or GeoJSON',
      description: 'Same filters and the same masking of personal fields as the record list; streamed in batches.',
      params: IdParams,
      querystring: Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('geojson')]), ...ListFilters }, { additionalProperties: true }),
      response: { 200: fileResponse('The records as CSV, XLSX or GeoJSON (a FeatureCollection)', ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/geo+json']), 400: ErrorBody, 404: ErrorBody },
    },
  }, async (req, reply) => {
    const q = req.query as RecordListQuery & { format: ExportFormat };
    const ex = await datasets.exportRecords(actorOf(req), req.params.id, q.format, q);
    const t = EXPORT_TYPES[q.format];
    return reply
      .header('content-type', t.type)
      .header('content-disposition', `attachment; filename="${req.params.id}.${t.ext}"`)
      .header('x-total-count', String(ex.total))
      .send(exportStream(q.format, ex) as never);
  });
}
