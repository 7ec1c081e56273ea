// HTTP API of citizens' feedback: public intake, tracking, rating and map; the call-centre
// intake; the staff inbox, workflow, merge, reveal, routing rules and leader statistics.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CallCentreReceiptSchema,
  FEEDBACK_ACTIONS,
  FEEDBACK_SORTS,
  FeedbackBulkAssignSchema,
  FeedbackCannedReplyInputSchema,
  FeedbackCannedReplyListSchema,
  FeedbackCategoryListSchema,
  FeedbackNearbySchema,
  SORT_ORDERS,
  FeedbackDeadlineRunSchema,
  FeedbackListSchema,
  FeedbackPublicMapSchema,
  FeedbackStatsSchema,
  FeedbackContactSchema,
  FeedbackDetailSchema,
  FeedbackPublicViewSchema,
  FeedbackReceiptSchema,
  FeedbackRoutingRuleListSchema,
  type FeedbackAction,
} from '../../../../shared/contracts/feedback.ts';
import { fileResponse } from '../../../../shared/contracts/schema.ts';
import { access, actorOf, currentUser } from '../../platform/http/access.ts';
import { ErrorBody, HttpError, badRequest } from '../../platform/http/errors.ts';
import type { FeedbackService } from './feedback.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const CodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9-]{4,20}$' }) });
const handlers = access.roles('admin', 'operator', 'officer');

interface ParsedForm {
  fields: Record<string, string>;
  files: { name: string; data: Buffer }[];
}

/** Reads a multipart form (fields + photo files) or a JSON body into one shape. */
async function readForm(req: FastifyRequest, maxBytes: number): Promise<ParsedForm> {
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('send a JSON object or a multipart form');
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (v !== null && v !== undefined && typeof v !== 'object') fields[k] = String(v);
    return { fields, files: [] };
  }
  const fields: Record<string, string> = {};
  const files: ParsedForm['files'] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (data.length) files.push({ name: part.filename || part.fieldname, data });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    const err = e as { code?: string };
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'photo_too_large', `a photo is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    if (err.code === 'FST_FILES_LIMIT') throw new HttpError(413, 'too_many_photos', 'too many photos');
    throw e;
  }
  return { fields, files };
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badRequest(`${name} must be a number`);
  return n;
}

export async function feedbackRoutes(app: FastifyInstance, feedback: FeedbackService): Promise<void> {
  const s = feedback.settings;
  // Encapsulated: multipart parsing applies to these routes only.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: s.photoMaxBytes, files: s.photoMaxCount + 1, fields: 30, fieldSize: 20_000 } });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['feedback'];

    r.get('/api/feedback/categories', {
      config: { access: access.public },
      schema: { tags, summary: 'Categories a citizen can report, with their answer deadline in working days', response: { 200: FeedbackCategoryListSchema } },
    }, async () => ({ categories: await feedback.categories() }));

    r.post('/api/feedback', {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Send a report (multipart: category, description, lat, lon, name?, phone?, locationSource?, photos[]; or JSON without photos)',
        response: { 201: FeedbackReceiptSchema, ...errors },
      },
    }, async (req, reply) => {
      const form = await readForm(req, s.photoMaxBytes);
      const f = form.fields;
      if (!f.category) throw badRequest('category is required');
      if (!f.description) throw badRequest('description is required');
      const receipt = await feedback.intake(actorOf(req), {
        channel: 'web',
        categoryCode: f.category,
        description: f.description,
        lat: num(f.lat, 'lat'),
        lon: num(f.lon, 'lon'),
        address: f.address,
        locationSource: f.locationSource === 'device' ? 'device' : 'pin',
        name: f.name,
        phone: f.phone,
        email: f.email,
        photos: form.files,
        rateLimited: true,
      });
      const { id: _id, ...publicReceipt } = receipt;
      return reply.status(201).send(publicReceipt);
    });

    r.post('/api/feedback/suggest-category', {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Suggest a category from the Vietnamese text (with or without diacritics)',
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }),
        response: { 200: Type.Object({ category: Type.String(), confidence: Type.Number(), ranking: Type.Array(Type.Object({ category: Type.String(), probability: Type.Number() })) }), 400: ErrorBody },
      },
    }, async (req) => feedback.suggestCategory(req.body.text));

    r.get('/api/feedback/track/:code', {
      config: { access: access.public },
      schema: { tags, summary: 'Public status and answer of a report by its tracking code (no personal data)', params: CodeParams, response: { 200: FeedbackPublicViewSchema, 404: ErrorBody } },
    }, async (req) => feedback.track(req.params.code));

    r.post('/api/feedback/track/:code/rating', {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Rate the answer (1–5) with an optional comment; closes the report. When the report has a phone number, its last 4 digits are needed too',
        params: CodeParams,
        body: Type.Object({
          rating: Type.Integer({ minimum: 1, maximum: 5 }),
          comment: Type.Optional(Type.String({ maxLength: 1000 })),
          phoneLast4: Type.Optional(Type.String({ pattern: '^\\d{4}$', description: 'last 4 digits of the phone number given with the report' })),
        }),
        response: { 200: FeedbackPublicViewSchema, ...errors },
      },
    }, async (req) => feedback.rate(actorOf(req), req.params.code, req.body.rating, req.body.comment, req.body.phoneLast4));

    r.post('/api/feedback/track/:code/reopen', {
      config: { access: access.public },
      schema: {
        tags,
        summary: '"Still not fixed": the citizen reopens a resolved report within FEEDBACK_REOPEN_DAYS of the answer (same check as rating: the last 4 phone digits when a phone was given)',
        params: CodeParams,
        body: Type.Object({
          reason: Type.String({ minLength: 1, maxLength: 1000 }),
          phoneLast4: Type.Optional(Type.String({ pattern: '^\\d{4}$', description: 'last 4 digits of the phone number given with the report' })),
        }),
        response: { 200: FeedbackPublicViewSchema, ...errors },
      },
    }, async (req) => feedback.reopen(actorOf(req), req.params.code, req.body.reason, req.body.phoneLast4));

    r.get('/api/feedback/nearby', {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Open reports near a point (default FEEDBACK_NEARBY_METERS, 200 m), for the citizen before sending: category, status, distance, age; no personal data, no free text',
        querystring: Type.Object({
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          radius: Type.Optional(Type.Integer({ minimum: 10, maximum: 1000 })),
        }),
        response: { 200: FeedbackNearbySchema, 400: ErrorBody },
      },
    }, async (req) => feedback.nearby(req.query.lat, req.query.lon, req.query.radius));

    r.post('/api/feedback/nearby/:publicId/support', {
      config: { access: access.public },
      schema: {
        tags,
        summary: '"This is my problem too" on an open report near the citizen (counted once per address)',
        params: Type.Object({ publicId: Type.String({ pattern: '^r\\d{1,9}$' }) }),
        response: { 200: Type.Object({ supporters: Type.Integer() }), 404: ErrorBody },
      },
    }, async (req) => feedback.support(actorOf(req), req.params.publicId));

    r.get('/api/feedback/public-map', {
      config: { access: access.public },
      schema: { tags, summary: 'Reports of the last days as coarse points (~100 m), without personal data', querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 90 })) }), response: { 200: FeedbackPublicMapSchema } },
    }, async (req) => ({ points: await feedback.publicMap(req.query.days ?? 90) }));

    r.get('/api/feedback/photos/:token', {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'A photo of a report or of its answer by its unguessable token (re-encoded JPEG, no EXIF). Photos of rejected reports: staff who may see the report only',
        // Any string: a malformed token (e.g. an old sequential id) is a plain 404, like a wrong one.
        params: Type.Object({ token: Type.String({ maxLength: 100 }) }),
        response: { 200: fileResponse('The photo (JPEG)', ['image/jpeg']) },
      },
    }, async (req, reply) => {
      const user = req.principal.kind === 'user' ? req.principal.user : null;
      const p = await feedback.photo(req.params.token, user);
      // private: a report may be rejected later, so no shared cache keeps its photos.
      return reply.type(p.mime).header('cache-control', p.public ? 'private, max-age=3600' : 'private, no-store').header('x-content-type-options', 'nosniff').send(p.data);
    });

    r.post('/api/feedback/call-centre', {
      config: { access: access.roles('admin', 'operator', 'device') },
      schema: {
        tags,
        summary: 'Call-centre intake: the caller number, a transcript or summary, and the place (operator or call system token)',
        body: Type.Object({
          callerNumber: Type.String({ minLength: 3, maxLength: 30 }),
          transcript: Type.Optional(Type.String({ maxLength: 20_000 })),
          summary: Type.Optional(Type.String({ maxLength: 4000 })),
          category: Type.Optional(Type.String()),
          lat: Type.Optional(Type.Number()),
          lon: Type.Optional(Type.Number()),
          address: Type.Optional(Type.String({ maxLength: 300 })),
          callerName: Type.Optional(Type.String({ maxLength: 120 })),
        }),
        response: { 201: CallCentreReceiptSchema, ...errors },
      },
    }, async (req, reply) => {
      const b = req.body;
      const text = (b.summary?.trim() || b.transcript?.trim() || '').slice(0, 4000);
      if (!text) throw badRequest('send a transcript or a summary of the call');
      const suggested = feedback.suggestCategory(text);
      const category = b.category ?? (suggested.confidence >= 0.5 ? suggested.category : 'khac');
      const receipt = await feedback.intake(actorOf(req), {
        channel: 'call-centre',
        categoryCode: category,
        description: text,
        lat: b.lat,
        lon: b.lon,
        address: b.address,
        locationSource: 'operator',
        name: b.callerName,
        phone: b.callerNumber,
        rateLimited: false,
      });
      return reply.status(201).send({ ...receipt, categorySuggested: b.category ? null : suggested });
    });

    // Staff -------------------------------------------------------------------------------
    r.get('/api/feedback/reports', {
      config: { access: access.staff },
      schema: {
        tags,
        summary: 'Inbox: reports the caller may see (officers: their unit and areas), contact masked',
        querystring: Type.Object({
          status: Type.Optional(Type.String({ description: 'comma-separated statuses' })),
          category: Type.Optional(Type.String()),
          ward: Type.Optional(Type.String()),
          unit: Type.Optional(Type.String({ description: 'assigned unit code' })),
          overdue: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
          sort: Type.Optional(Type.Union(FEEDBACK_SORTS.map((x) => Type.Literal(x)), { description: 'column to sort by (default createdAt)' })),
          order: Type.Optional(Type.Union(SORT_ORDERS.map((x) => Type.Literal(x)), { description: 'asc or desc (default: desc for createdAt, asc otherwise)' })),
        }),
        response: { 200: FeedbackListSchema, ...errors },
      },
    }, async (req) => feedback.list(currentUser(req), req.query));

    r.get('/api/feedback/reports/:id', {
      config: { access: access.staff },
      schema: { tags, summary: 'A report with its timeline, duplicates and allowed actions', params: IdParams, response: { 200: FeedbackDetailSchema, 404: ErrorBody } },
    }, async (req) => feedback.detail(currentUser(req), req.params.id));

    r.post('/api/feedback/reports/:id/reveal', {
      config: { access: handlers },
      schema: { tags, summary: "Reveal the complainant's contact (audited)", params: IdParams, response: { 200: FeedbackContactSchema, ...errors } },
    }, async (req) => feedback.reveal(actorOf(req), currentUser(req), req.params.id));

    r.post('/api/feedback/reports/bulk-assign', {
      config: { access: handlers },
      schema: {
        tags,
        summary: 'Assign several reports to a unit',
        body: Type.Object({ ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 200 }), unitCode: Type.String(), reason: Type.Optional(Type.String({ maxLength: 1000 })) }),
        response: { 200: FeedbackBulkAssignSchema, ...errors },
      },
    }, async (req) => feedback.bulkAssign(actorOf(req), currentUser(req), req.body.ids, req.body.unitCode, req.body.reason));

    r.post('/api/feedback/reports/:id/notes', {
      config: { access: handlers },
      schema: {
        tags,
        summary: "Add an internal note (staff only: never in the citizen's view nor in Open311)",
        params: IdParams,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }),
        response: { 200: FeedbackDetailSchema, ...errors },
      },
    }, async (req) => feedback.addNote(actorOf(req), currentUser(req), req.params.id, req.body.text));

    r.get('/api/feedback/canned-replies', {
      config: { access: access.staff },
      schema: { tags, summary: 'Canned replies (templates) to insert into an answer', response: { 200: FeedbackCannedReplyListSchema, ...errors } },
    }, async () => ({ replies: await feedback.cannedReplies() }));

    r.post('/api/feedback/canned-replies', {
      config: { access: access.roles('admin') },
      schema: { tags, summary: 'Add a canned reply (admin)', body: FeedbackCannedReplyInputSchema, response: { 200: FeedbackCannedReplyListSchema, ...errors } },
    }, async (req) => ({ replies: await feedback.saveCannedReply(actorOf(req), currentUser(req), null, req.body) }));

    r.put('/api/feedback/canned-replies/:id', {
      config: { access: access.roles('admin') },
      schema: { tags, summary: 'Change a canned reply (admin)', params: IdParams, body: FeedbackCannedReplyInputSchema, response: { 200: FeedbackCannedReplyListSchema, ...errors } },
    }, async (req) => ({ replies: await feedback.saveCannedReply(actorOf(req), currentUser(req), req.params.id, req.body) }));

    r.delete('/api/feedback/canned-replies/:id', {
      config: { access: access.roles('admin') },
      schema: { tags, summary: 'Delete a canned reply (admin)', params: IdParams, response: { 200: FeedbackCannedReplyListSchema, ...errors } },
    }, async (req) => ({ replies: await feedback.deleteCannedReply(actorOf(req), req.params.id) }));

    r.put('/api/feedback/reports/:id/category', {
      config: { access: handlers },
      schema: {
        tags,
        summary: 'Change the category of a report (routing follows the new category; the timeline records it)',
        params: IdParams,
        body: Type.Object({ category: Type.String({ minLength: 1, maxLength: 60 }), reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 200: FeedbackDetailSchema, ...errors },
      },
    }, async (req) => feedback.recategorise(actorOf(req), currentUser(req), req.params.id, req.body.category, req.body.reason));

    r.post('/api/feedback/reports/:id/merge', {
      config: { access: handlers },
      schema: { tags, summary: 'Merge this report into another (same category): one status, every citizen answered', params: IdParams, body: Type.Object({ into: Type.Integer({ minimum: 1 }) }), response: { 200: FeedbackDetailSchema, ...errors } },
    }, async (req) => feedback.merge(actorOf(req), currentUser(req), req.params.id, req.body.into));

    r.post('/api/feedback/reports/:id/:action', {
      config: { access: handlers },
      schema: {
        tags,
        summary: 'Workflow step: verify, reject (reason), assign (unitCode, reason when re-assigning), start, resolve (answer, photos[] as multipart), close',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), action: Type.Union(FEEDBACK_ACTIONS.map((a) => Type.Literal(a))) }),
        response: { 200: FeedbackDetailSchema, ...errors },
      },
    }, async (req) => {
      const form = await readForm(req, s.photoMaxBytes);
      return feedback.transition(actorOf(req), currentUser(req), req.params.id, req.params.action as FeedbackAction, {
        reason: form.fields.reason,
        unitCode: form.fields.unitCode,
        answer: form.fields.answer,
        photos: form.files,
      });
    });

    r.get('/api/feedback/stats', {
      config: { access: access.staff },
      schema: {
        tags,
        summary: 'Leader view: received, on-time %, overdue, average resolution time and satisfaction by category, unit (ranked by rating), ward or month',
        querystring: Type.Object({
          by: Type.Union([Type.Literal('category'), Type.Literal('unit'), Type.Literal('ward'), Type.Literal('month')], { default: 'category' }),
          from: Type.Optional(Type.String({ format: 'date' })),
          to: Type.Optional(Type.String({ format: 'date' })),
        }),
        response: { 200: FeedbackStatsSchema, ...errors },
      },
    }, async (req) => feedback.stats(currentUser(req), req.query));

    r.get('/api/feedback/rules', {
      config: { access: access.staff },
      schema: { tags, summary: 'Routing rules: category (and optionally ward) → responsible unit', response: { 200: FeedbackRoutingRuleListSchema } },
    }, async () => ({ rules: await feedback.rules() }));

    r.put('/api/feedback/rules', {
      config: { access: access.roles('admin') },
      schema: {
        tags,
        summary: 'Set a routing rule (admin)',
        body: Type.Object({ categoryCode: Type.String(), wardCode: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{5}$' }), Type.Null()])), unitCode: Type.String() }),
        response: { 200: FeedbackRoutingRuleListSchema, ...errors },
      },
    }, async (req) => ({ rules: await feedback.setRule(actorOf(req), currentUser(req), req.body.categoryCode, req.body.wardCode ?? null, req.body.unitCode) }));

    r.delete('/api/feedback/rules/:id', {
      config: { access: access.roles('admin') },
      schema: { tags, summary: "Delete a ward-specific routing rule (admin); the category's rule applies there again", params: IdParams, response: { 200: FeedbackRoutingRuleListSchema, ...errors } },
    }, async (req) => ({ rules: await feedback.deleteRule(actorOf(req), req.params.id) }));

    r.post('/api/feedback/jobs/deadlines', {
      config: { access: access.roles('admin') },
      schema: { tags, summary: 'Run the reminder / escalation / auto-close check now (it also runs periodically)', response: { 200: FeedbackDeadlineRunSchema, ...errors } },
    }, async () => feedback.runDeadlineChecks());
  });
}
