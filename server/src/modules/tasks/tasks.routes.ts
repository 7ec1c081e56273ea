import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { badRequest, ErrorBody, HttpError } from '../../platform/http/errors.ts';
import { fileResponse, lit } from '../../../../shared/contracts/schema.ts';
import {
  TASK_BUCKETS, TASK_STATUSES, TaskConfirmSchema, TaskCreateSchema, TaskDetailSchema, TaskExtensionDecisionSchema, TaskExtensionRequestSchema,
  TaskListSchema, TaskProgressSchema, TaskStatsSchema, TaskUpdateSchema,
} from '../../../../shared/contracts/tasks.ts';
import type { TaskFile, TasksService } from './tasks.service.ts';

const MAX_FILE_BYTES = 20 * 1024 * 1024;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** A progress report as JSON, or as multipart (fields progress, note, action; files). */
async function readProgress(req: FastifyRequest): Promise<{ body: Record<string, unknown>; files: TaskFile[] }> {
  if (!req.isMultipart()) {
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('send a JSON object or a multipart form');
    return { body: body as Record<string, unknown>, files: [] };
  }
  const fields: Record<string, unknown> = {};
  const files: TaskFile[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (data.length) files.push({ filename: part.filename || 'file', data });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.fieldname === 'progress' && part.value !== '' ? Number(part.value) : part.value;
      }
    }
  } catch (e) {
    const err = e as { code?: string };
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'file_too_large', `a file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    if (err.code === 'FST_FILES_LIMIT') throw new HttpError(413, 'too_many_files', 'at most 5 files per report');
    throw e;
  }
  return { body: fields, files };
}

function checkProgress(b: Record<string, unknown>): { progress?: number; note: string; action?: 'report' | 'done' | 'refuse' } {
  const note = b.note;
  if (typeof note !== 'string' || !note.trim()) throw badRequest('note is required');
  if (note.length > 5000) throw badRequest('note is longer than 5000 characters');
  const out: { progress?: number; note: string; action?: 'report' | 'done' | 'refuse' } = { note };
  if (b.progress !== undefined && b.progress !== '') {
    const p = b.progress;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 100) throw badRequest('progress must be a whole number from 0 to 100');
    out.progress = p;
  }
  if (b.action !== undefined && b.action !== '') {
    if (b.action !== 'report' && b.action !== 'done' && b.action !== 'refuse') throw badRequest('action must be report, done or refuse');
    out.action = b.action;
  }
  return out;
}

export async function tasksRoutes(app: FastifyInstance, tasks: TasksService): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 5, fields: 10, fieldSize: 10_000 } });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['tasks'];
    const day = Type.String({ format: 'date' });

    r.get('/api/tasks', {
      config: { access: access.staff },
      schema: {
        tags, summary: 'Tasks the caller may see (leaders and the centre: all; an officer: their unit\'s, lead or coordinating, and their own)',
        querystring: Type.Object({
          unit: Type.Optional(Type.String({ maxLength: 100, description: 'lead unit code' })),
          bucket: Type.Optional(lit(TASK_BUCKETS)),
          status: Type.Optional(lit(TASK_STATUSES)),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          from: Type.Optional(day), to: Type.Optional(day),
          sourceDocumentId: Type.Optional(Type.Integer({ minimum: 1 })),
          topLevel: Type.Optional(Type.Boolean({ description: 'only tasks that are not sub-tasks' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
        }),
        response: { 200: TaskListSchema, ...errors },
      },
    }, async (req) => tasks.list(actorOf(req), { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

    r.post('/api/tasks', {
      config: { access: access.roles('admin', 'leader', 'officer') },
      schema: {
        tags, summary: 'Assign a task (leaders), or split a task the caller\'s unit leads into a sub-task for an officer: one lead unit, coordinating units, a deadline (date or working days) or none',
        body: TaskCreateSchema, response: { 201: TaskDetailSchema, ...errors },
      },
    }, async (req, reply) => reply.status(201).send(await tasks.create(actorOf(req), req.body)));

    r.get('/api/tasks/stats', {
      config: { access: access.staff },
      schema: {
        tags,
        summary: 'Direction dashboard: tasks by bucket (done on time/late, open in time/overdue, standing), completion rate = done ÷ (done + open overdue), on-time rate = done on time ÷ tasks due, by unit (ranked), by month, the overdue list. Period: deadline day within from–to',
        querystring: Type.Object({ unit: Type.Optional(Type.String({ maxLength: 100 })), from: Type.Optional(day), to: Type.Optional(day) }),
        response: { 200: TaskStatsSchema, ...errors },
      },
    }, async (req) => tasks.stats(actorOf(req), req.query));

    r.get('/api/tasks/:id', {
      config: { access: access.staff },
      schema: { tags, summary: 'A task with its sub-tasks, history, extensions and what the caller may do', params: IdParams, response: { 200: TaskDetailSchema, ...errors } },
    }, async (req) => tasks.detail(actorOf(req), req.params.id));

    r.patch('/api/tasks/:id', {
      config: { access: access.roles('admin', 'leader', 'officer') },
      schema: { tags, summary: 'The assigner changes, reassigns or cancels a task', params: IdParams, body: TaskUpdateSchema, response: { 200: TaskDetailSchema, ...errors } },
    }, async (req) => tasks.update(actorOf(req), req.params.id, req.body));

    r.post('/api/tasks/:id/progress', {
      config: { access: access.staff },
      schema: {
        tags,
        summary: 'A progress report (JSON, or multipart with files): action report (default), done (waits for the assigner\'s confirmation) or refuse',
        description: `JSON body: ${JSON.stringify(TaskProgressSchema)}`,
        params: IdParams, response: { 200: TaskDetailSchema, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    }, async (req) => {
      const { body, files } = await readProgress(req);
      return tasks.progress(actorOf(req), req.params.id, checkProgress(body), files);
    });

    r.post('/api/tasks/:id/extensions', {
      config: { access: access.staff },
      schema: { tags, summary: 'The lead unit asks for a later deadline (the assigner decides)', params: IdParams, body: TaskExtensionRequestSchema, response: { 200: TaskDetailSchema, ...errors } },
    }, async (req) => tasks.requestExtension(actorOf(req), req.params.id, req.body));

    r.patch('/api/tasks/:id/extensions/:extensionId', {
      config: { access: access.roles('admin', 'leader', 'officer') },
      schema: {
        tags, summary: 'The assigner approves or rejects an extension; the original deadline is kept and lateness already incurred stays',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), extensionId: Type.Integer({ minimum: 1 }) }),
        body: TaskExtensionDecisionSchema, response: { 200: TaskDetailSchema, ...errors },
      },
    }, async (req) => tasks.decideExtension(actorOf(req), req.params.id, { extensionId: req.params.extensionId, ...req.body }));

    r.post('/api/tasks/:id/confirm', {
      config: { access: access.roles('admin', 'leader', 'officer') },
      schema: { tags, summary: 'The assigner confirms the unit\'s "done" (accept) or sends the task back for rework', params: IdParams, body: TaskConfirmSchema, response: { 200: TaskDetailSchema, ...errors } },
    }, async (req) => tasks.confirm(actorOf(req), req.params.id, req.body));

    r.get('/api/tasks/:id/files/:fileId', {
      config: { access: access.staff },
      schema: {
        tags, summary: 'A file attached to a progress report', params: Type.Object({ id: Type.Integer({ minimum: 1 }), fileId: Type.Integer({ minimum: 1 }) }),
        response: { 200: fileResponse('The file', ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']), ...errors },
      },
    }, async (req, reply) => {
      const f = await tasks.file(actorOf(req), req.params.id, req.params.fileId);
      return reply.type(f.media_type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`).header('x-content-type-options', 'nosniff').send(f.content);
    });
  });
}
