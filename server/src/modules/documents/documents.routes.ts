import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { badRequest, ErrorBody } from '../../platform/http/errors.ts';
import { fileResponse, lit } from '../../../../shared/contracts/schema.ts';
import {
  CaseFileCreateSchema, CaseFileSchema, DIRECTIONS, DOCUMENT_TYPE_CODES, DocumentCreateSchema, DocumentListSchema, DocumentSchema, DocumentUpdateSchema,
} from '../../../../shared/contracts/documents.ts';
import type { DocumentsService } from './documents.service.ts';
import { registerFile, REGISTER_KINDS } from './registers.ts';
import { STATUS_CODES } from './edxml.ts';
import { readOneFile } from '../../platform/http/multipart.ts';

const clerks = access.roles('admin', 'leader', 'operator');
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });


export async function documentsRoutes(app: FastifyInstance, documents: DocumentsService): Promise<void> {
  const maxBytes = documents.settings().maxFileBytes;
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 10_000 } });
    // edXML packages arrive as XML text (attachments inside, base64: a third larger).
    scope.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: Math.ceil(maxBytes * 1.4) + 1024 * 1024 }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['documents'];

    r.get('/api/documents', {
      config: { access: access.staff },
      schema: {
        tags, summary: 'The document register; with q, full-text search over metadata and file text, with or without diacritics, ranked, with snippets',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 300 })),
          direction: Type.Optional(lit(DIRECTIONS)),
          docType: Type.Optional(lit(DOCUMENT_TYPE_CODES)),
          year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })),
          caseFileId: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
        }),
        response: { 200: DocumentListSchema, ...errors },
      },
    }, async (req) => documents.search(actorOf(req), { ...req.query, limit: req.query.limit ?? 20, offset: req.query.offset ?? 0 }));

    r.post('/api/documents', {
      config: { access: clerks },
      schema: {
        tags, summary: 'Register an incoming or outgoing document (numbered per year and series; 409 duplicate_document on the same số + ký hiệu + issuer)',
        body: DocumentCreateSchema, response: { 201: DocumentSchema, ...errors },
      },
    }, async (req, reply) => reply.status(201).send(await documents.create(actorOf(req), req.body)));

    r.post('/api/documents/edxml', {
      config: { access: clerks },
      schema: {
        tags, summary: 'Register an incoming document delivered as an edXML package (QCVN 102:2016 structure; body application/xml); its attachments are checked and kept',
        querystring: Type.Object({ confirmDuplicate: Type.Optional(Type.Boolean()) }),
        response: { 201: DocumentSchema, ...errors, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
      },
    }, async (req, reply) => {
      if (typeof req.body !== 'string') throw badRequest('send the edXML package as application/xml');
      return reply.status(201).send(await documents.importEdxml(actorOf(req), req.body, !!req.query.confirmDuplicate));
    });

    r.get('/api/documents/case-files', {
      config: { access: access.staff },
      schema: { tags, summary: 'Case files (hồ sơ công việc)', response: { 200: Type.Object({ caseFiles: Type.Array(CaseFileSchema) }) } },
    }, async () => ({ caseFiles: await documents.caseFiles() }));

    r.post('/api/documents/case-files', {
      config: { access: clerks },
      schema: { tags, summary: 'Open a case file', body: CaseFileCreateSchema, response: { 201: CaseFileSchema, ...errors } },
    }, async (req, reply) => reply.status(201).send(await documents.createCaseFile(req.body)));

    r.get('/api/documents/registers/:kind', {
      config: { access: clerks },
      schema: {
        tags, summary: 'A register of Appendix IV, Decree 30/2020 (incoming, outgoing, follow-up of incoming) for a year, as XLSX or PDF',
        params: Type.Object({ kind: lit(REGISTER_KINDS) }),
        querystring: Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2100 }), format: Type.Optional(lit(['xlsx', 'pdf'] as const)), lang: Type.Optional(lit(['vi', 'en'] as const)) }),
        response: { 200: fileResponse('The register', ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf']), ...errors },
      },
    }, async (req, reply) => {
      const f = await registerFile(documents, actorOf(req), req.params.kind, req.query.year, req.query.format ?? 'xlsx');
      return reply.type(f.mediaType).header('content-disposition', `attachment; filename="${f.filename}"`).send(f.data);
    });

    r.get('/api/documents/:id', {
      config: { access: access.staff },
      schema: { tags, summary: 'One document with its files (secret documents: allowed roles only, each read audited)', params: IdParams, response: { 200: DocumentSchema, ...errors } },
    }, async (req) => documents.get(actorOf(req), req.params.id));

    r.get('/api/documents/:id/edxml', {
      config: { access: clerks },
      schema: { tags, summary: 'The document as an edXML package (header, body, its files as base64 attachments)', params: IdParams, response: { 200: fileResponse('edXML package', ['application/xml']), ...errors } },
    }, async (req, reply) => {
      const p = await documents.exportEdxml(actorOf(req), req.params.id);
      return reply.type('application/xml; charset=utf-8').header('content-disposition', `attachment; filename="${p.filename}"`).send(p.xml);
    });

    r.get('/api/documents/:id/edxml-status', {
      config: { access: clerks },
      schema: {
        tags, summary: 'An edXML status message answering an incoming document (inbox, acceptance, rejection, processing, done, fail)',
        params: IdParams, querystring: Type.Object({ status: lit(Object.keys(STATUS_CODES) as (keyof typeof STATUS_CODES)[]), description: Type.Optional(Type.String({ maxLength: 1000 })) }),
        response: { 200: fileResponse('edXML status message', ['application/xml']), ...errors },
      },
    }, async (req, reply) => reply.type('application/xml; charset=utf-8').send(await documents.edxmlStatus(actorOf(req), req.params.id, req.query.status, req.query.description ?? '')));

    r.patch('/api/documents/:id', {
      config: { access: clerks },
      schema: { tags, summary: 'Change a document\'s metadata or routing (number, notation and issuer stay)', params: IdParams, body: DocumentUpdateSchema, response: { 200: DocumentSchema, ...errors } },
    }, async (req) => documents.update(actorOf(req), req.params.id, req.body));

    r.delete('/api/documents/:id', {
      config: { access: access.roles('admin') },
      schema: { tags, summary: 'Delete a document registered by mistake (its number is not reused)', params: IdParams, response: { 204: Type.Null(), ...errors } },
    }, async (req, reply) => {
      await documents.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    });

    r.post('/api/documents/:id/files', {
      config: { access: clerks },
      schema: {
        tags, summary: 'Attach a file (multipart field "file": PDF, DOCX, PNG, JPEG, TIFF), kept unaltered with its SHA-256; its text is read for search (text layer, else OCR)',
        params: IdParams, response: { 201: DocumentSchema, ...errors, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
      },
    }, async (req, reply) => {
      const file = await readOneFile(req, maxBytes);
      return reply.status(201).send(await documents.addFile(actorOf(req), req.params.id, file));
    });

    r.get('/api/documents/:id/files/:fileId', {
      config: { access: access.staff },
      schema: {
        tags, summary: 'A file as it was received', params: Type.Object({ id: Type.Integer({ minimum: 1 }), fileId: Type.Integer({ minimum: 1 }) }),
        response: { 200: fileResponse('The file', ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']), ...errors },
      },
    }, async (req, reply) => {
      const f = await documents.file(actorOf(req), req.params.id, req.params.fileId);
      return reply.type(f.media_type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('x-content-type-options', 'nosniff').header('x-sha256', f.sha256).send(f.content);
    });
  });
}
