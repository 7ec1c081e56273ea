import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, currentUser, actorOf } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import { ALERT_SEVERITIES, INCIDENT_STATUSES, IncidentDetailSchema, IncidentListSchema, SopTemplateListSchema, SopTemplateSchema } from '../../../../shared/contracts/alerts.ts';
import type { IncidentsService } from './incidents.service.ts';

const lit = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const StepParams = Type.Object({ id: Type.Integer({ minimum: 1 }), stepId: Type.Integer({ minimum: 1 }) });
const TypeParams = Type.Object({ type: Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$' }) });
const Point = Type.Object({ type: Type.Literal('Point'), coordinates: Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]) });

/** Who works incidents: admins, operators, and officers (their own areas/unit). Leaders read. */
const workers = access.roles('admin', 'operator', 'officer');

export function incidentsRoutes(app: FastifyInstance, incidents: IncidentsService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['incidents'];

  r.get('/api/incidents', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Incidents (officers: their areas and unit), open first',
      querystring: Type.Object({
        status: Type.Optional(Type.String({ description: 'comma-separated: open, in_progress, closed' })),
        type: Type.Optional(Type.String()),
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
        assignedUnit: Type.Optional(Type.String({ description: 'unit code, e.g. ubnd-27475' })),
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
