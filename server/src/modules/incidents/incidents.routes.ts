import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, currentUser, actorOf } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import { fileResponse } from '../../../../shared/contracts/schema.ts';
import {
  ALERT_SEVERITIES, AssigneeListSchema, INCIDENT_SORTS, INCIDENT_STATUSES, IncidentDetailSchema, IncidentListSchema, IncidentSlaListSchema,
  IncidentSlaSchema, SopTemplateListSchema, SopTemplateSchema,
} from '../../../../shared/contracts/alerts.ts';
import type { IncidentsService } from './incidents.service.ts';
import { readOneFile } from '../../platform/http/multipart.ts';

const lit = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody };
const AttachmentParams = Type.Object({ id: Type.Integer({ minimum: 1 }), attachmentId: Type.Integer({ minimum: 1 }) });
const AlertParams = Type.Object({ id: Type.Integer({ minimum: 1 }), alertId: Type.Integer({ minimum: 1 }) });

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const StepParams = Type.Object({ id: Type.Integer({ minimum: 1 }), stepId: Type.Integer({ minimum: 1 }) });
const TypeParams = Type.Object({ type: Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$' }) });
const Point = Type.Object({ type: Type.Literal('Point'), coordinates: Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]) });

/** Who works incidents: admins, operators, and officers (their own areas/unit). Leaders read. */
const workers = access.roles('admin', 'operator', 'officer');

export async function incidentsRoutes(app: FastifyInstance, incidents: IncidentsService, maxAttachmentBytes: number): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['incidents'];

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxAttachmentBytes, files: 1, fields: 5, fieldSize: 1000 } });
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/api/incidents/:id/attachments', {
      config: { access: workers },
      schema: {
        tags, summary: 'Attach a file (multipart field "file": JPEG, PNG, WebP, PDF, TXT, CSV, DOCX, XLSX; at most INCIDENT_ATTACHMENT_MAX_MB)',
        params: IdParams, consumes: ['multipart/form-data'], response: { 201: IncidentDetailSchema, ...errors },
      },
    }, async (req, reply) => reply.status(201).send(await incidents.addAttachment(actorOf(req), currentUser(req), req.params.id, await readOneFile(req, maxAttachmentBytes))));
  });

  r.get('/api/incidents/:id/attachments/:attachmentId', {
    config: { access: access.staff },
    schema: { tags, summary: 'The content of an attached file', params: AttachmentParams, response: { 200: fileResponse('The file', ['application/octet-stream']), ...errors } },
  }, async (req, reply) => {
    const f = await incidents.attachment(currentUser(req), req.params.id, req.params.attachmentId);
    const ascii = f.filename.replace(/[^\x20-\x7e]/g, '_');
    return reply.type(f.mediaType).header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`).send(f.data);
  });

  r.delete('/api/incidents/:id/attachments/:attachmentId', {
    config: { access: workers },
    schema: { tags, summary: 'Remove an attached file (the timeline keeps its name)', params: AttachmentParams, response: { 200: IncidentDetailSchema, ...errors } },
  }, async (req) => incidents.removeAttachment(actorOf(req), currentUser(req), req.params.id, req.params.attachmentId));

  r.post('/api/incidents/:id/notes', {
    config: { access: workers },
    schema: {
      tags, summary: 'Add a note to the incident timeline', params: IdParams,
      body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }),
      response: { 201: IncidentDetailSchema, ...errors },
    },
  }, async (req, reply) => reply.status(201).send(await incidents.addNote(actorOf(req), currentUser(req), req.params.id, req.body.text)));

  r.post('/api/incidents/:id/alerts', {
    config: { access: workers },
    schema: {
      tags, summary: 'Link one more alert to the incident', params: IdParams,
      body: Type.Object({ alertId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      response: { 200: IncidentDetailSchema, ...errors },
    },
  }, async (req) => incidents.linkAlert(actorOf(req), currentUser(req), req.params.id, req.body.alertId));

  r.delete('/api/incidents/:id/alerts/:alertId', {
    config: { access: workers },
    schema: { tags, summary: 'Take an alert out of the incident', params: AlertParams, response: { 200: IncidentDetailSchema, ...errors } },
  }, async (req) => incidents.unlinkAlert(actorOf(req), currentUser(req), req.params.id, req.params.alertId));

  r.get('/api/incident-assignees', {
    config: { access: access.staff },
    schema: { tags, summary: 'Active staff an incident can be assigned to', response: { 200: AssigneeListSchema, ...errors } },
  }, async () => incidents.people());

  r.get('/api/incident-sla', {
    config: { access: access.staff },
    schema: { tags, summary: 'Time allowed per severity before an unclosed incident is overdue', response: { 200: IncidentSlaListSchema, ...errors } },
  }, async () => incidents.slas());

  r.put('/api/incident-sla', {
    config: { access: access.roles('admin') },
    schema: {
      tags, summary: 'Change the time allowed per severity (admin); applies to incidents opened or re-graded afterwards',
      body: Type.Object({ slas: Type.Array(IncidentSlaSchema, { minItems: 1, maxItems: 4 }) }, { additionalProperties: false }),
      response: { 200: IncidentSlaListSchema, ...errors },
    },
  }, async (req) => incidents.saveSlas(actorOf(req), currentUser(req), req.body.slas));

  r.get('/api/incidents', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Incidents (officers: their areas and unit), open first',
      querystring: Type.Object({
        status: Type.Optional(Type.String({ description: 'comma-separated: open, in_progress, closed' })),
        type: Type.Optional(Type.String()),
        severity: Type.Optional(Type.String({ description: 'comma-separated: Extreme, Severe, Moderate, Minor' })),
        area: Type.Optional(Type.String({ description: 'comma-separated ward (area) codes' })),
        assignee: Type.Optional(Type.String({ description: 'a username among the assignees, or "me"' })),
        unit: Type.Optional(Type.String({ description: 'assigned unit code' })),
        overdue: Type.Optional(Type.Boolean({ description: 'true: only unclosed incidents past their SLA deadline; false: the others' })),
        sort: Type.Optional(lit(INCIDENT_SORTS)),
        order: Type.Optional(lit(['asc', 'desc'] as const)),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
      response: { 200: IncidentListSchema, ...errors },
    },
  }, async (req) => incidents.list(currentUser(req), req.query));

  r.post('/api/incidents', {
    config: { access: access.roles('admin', 'operator') },
    schema: {
      tags, summary: 'Open an incident from an alert (alertId), a feedback (feedbackId), a record (recordId) or free text',
      body: Type.Object({
        type: Type.Optional(Type.String({ description: 'incident type = SOP template (flooding, fire, …); default from the alert' })),
        title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
        description: Type.Optional(Type.String({ maxLength: 5000 })),
        severity: Type.Optional(lit(ALERT_SEVERITIES)),
        point: Type.Optional(Point),
        areaCode: Type.Optional(Type.String({ maxLength: 20, description: 'the ward (area code) when no point is given' })),
        assignedUnit: Type.Optional(Type.String({ description: 'unit code, e.g. ubnd-27475' })),
        assignees: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20, description: 'usernames of the people working it' })),
        alertId: Type.Optional(Type.Integer({ minimum: 1 })),
        feedbackId: Type.Optional(Type.String({ maxLength: 100 })),
        recordId: Type.Optional(Type.Integer({ minimum: 1 })),
        comment: Type.Optional(Type.String({ maxLength: 2000 })),
      }, { additionalProperties: false }),
      response: { 201: IncidentDetailSchema, ...errors },
    },
  }, async (req, reply) => reply.status(201).send(await incidents.create(actorOf(req), currentUser(req), req.body)));

  r.get('/api/incidents/:id', {
    config: { access: access.staff },
    schema: { tags, summary: 'One incident with its checklist and timeline', params: IdParams, response: { 200: IncidentDetailSchema, ...errors } },
  }, async (req) => incidents.get(currentUser(req), req.params.id));

  r.patch('/api/incidents/:id', {
    config: { access: workers },
    schema: {
      tags, summary: 'Change status (open → in_progress → closed, closed → open to reopen), severity or assigned unit; or add a comment',
      params: IdParams,
      body: Type.Object({
        status: Type.Optional(lit(INCIDENT_STATUSES)),
        severity: Type.Optional(lit(ALERT_SEVERITIES)),
        assignedUnit: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        assignees: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
        comment: Type.Optional(Type.String({ maxLength: 2000, description: 'a note; required as the reason when closing with steps not done, and when reopening' })),
        resolution: Type.Optional(Type.String({ maxLength: 4000, description: 'how it was resolved: required to close' })),
        alerts: Type.Optional(lit(['resolve', 'keep'] as const)),
      }, { additionalProperties: false }),
      response: { 200: IncidentDetailSchema, ...errors },
    },
  }, async (req) => incidents.update(actorOf(req), currentUser(req), req.params.id, req.body));

  r.post('/api/incidents/:id/steps', {
    config: { access: workers },
    schema: {
      tags, summary: 'Add a step to the incident checklist', params: IdParams,
      body: Type.Object({ textVi: Type.String({ minLength: 1, maxLength: 500 }), textEn: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 201: IncidentDetailSchema, ...errors },
    },
  }, async (req, reply) => reply.status(201).send(await incidents.addStep(currentUser(req), req.params.id, req.body)));

  r.patch('/api/incidents/:id/steps/:stepId', {
    config: { access: workers },
    schema: {
      tags, summary: 'Tick / untick a step (who and when are recorded), add a note or edit its text', params: StepParams,
      body: Type.Object({
        done: Type.Optional(Type.Boolean()),
        note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
        textVi: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
        textEn: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
      }, { additionalProperties: false }),
      response: { 200: IncidentDetailSchema, ...errors },
    },
  }, async (req) => incidents.updateStep(actorOf(req), currentUser(req), req.params.id, req.params.stepId, req.body));

  r.get('/api/sop-templates', {
    config: { access: access.staff },
    schema: { tags, summary: 'Standard operating procedures per incident type', response: { 200: SopTemplateListSchema, ...errors } },
  }, async () => incidents.listSops());
  r.get('/api/sop-templates/:type', {
    config: { access: access.staff },
    schema: { tags, summary: 'One SOP template', params: TypeParams, response: { 200: SopTemplateSchema, ...errors } },
  }, async (req) => incidents.getSop(req.params.type));
  r.put('/api/sop-templates/:type', {
    config: { access: access.roles('admin') },
    schema: {
      tags, summary: 'Create or change the SOP of an incident type (admin); open incidents keep their checklist', params: TypeParams,
      body: Type.Object({
        nameVi: Type.String({ minLength: 1, maxLength: 200 }),
        nameEn: Type.String({ minLength: 1, maxLength: 200 }),
        steps: Type.Array(Type.Object({ vi: Type.String({ minLength: 1, maxLength: 500 }), en: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
      }, { additionalProperties: false }),
      response: { 200: SopTemplateSchema, ...errors },
    },
  }, async (req) => incidents.saveSop(actorOf(req), currentUser(req), req.params.type, req.body));
}
