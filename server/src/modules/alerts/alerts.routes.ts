import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, currentUser, actorOf } from '../../platform/http/access.ts';
import { ErrorBody, badRequest } from '../../platform/http/errors.ts';
import { ALERT_CATEGORIES, ALERT_SEVERITIES, ALERT_STATUSES, AlertDetailSchema, AlertListSchema, AlertRuleListSchema, AlertRuleSchema } from '../../../../shared/contracts/alerts.ts';
import type { AlertsService } from './alerts.service.ts';

const lit = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const Severity = lit(ALERT_SEVERITIES);
const Category = lit(ALERT_CATEGORIES);
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const CommentBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const Point = Type.Object({ type: Type.Literal('Point'), coordinates: Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]) });

const RuleBody = Type.Object({
  nameVi: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  enabled: Type.Boolean({ default: true }),
  sensorType: Type.Union([Type.String(), Type.Null()], { default: null }),
  sensorId: Type.Union([Type.String(), Type.Null()], { default: null }),
  areaCode: Type.Union([Type.String(), Type.Null()], { default: null }),
  condition: Type.Unknown({ description: 'threshold {op,value,clear?,metric?} | rate {windowMinutes,change,metric?} | no_data {minutes} | all/any {conditions}' }),
  severity: Severity,
  category: Category,
  public: Type.Boolean({ default: false }),
  autoResolve: Type.Boolean({ default: false }),
  instructionVi: Type.Union([Type.String(), Type.Null()], { default: null }),
  instructionEn: Type.Union([Type.String(), Type.Null()], { default: null }),
}, { additionalProperties: false });

/** Who works alerts: operators and admins; leaders and officers read (officers only their areas). */
const workers = access.roles('admin', 'operator', 'leader', 'officer');

export function alertsRoutes(app: FastifyInstance, alerts: AlertsService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['alerts'];

  r.get('/api/alerts', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Alerts (officers: their areas), unresolved first',
      querystring: Type.Object({
        status: Type.Optional(Type.String({ description: 'comma-separated: open, acknowledged, resolved' })),
        severity: Type.Optional(Type.String({ description: 'comma-separated CAP severities' })),
        area: Type.Optional(Type.String({ description: 'comma-separated area codes' })),
        from: Type.Optional(Type.String({ format: 'date-time', description: 'changed at or after' })),
        to: Type.Optional(Type.String({ format: 'date-time', description: 'opened before' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
      response: { 200: AlertListSchema, ...errors },
    },
  }, async (req) => {
    for (const s of req.query.status?.split(',') ?? []) {
      if (!(ALERT_STATUSES as readonly string[]).includes(s)) throw badRequest(`unknown status ${s}: use open, acknowledged or resolved`);
    }
    return alerts.list(currentUser(req), req.query);
  });

  r.post('/api/alerts', {
    config: { access: access.roles('admin', 'operator') },
    schema: {
      tags, summary: 'Create an alert by hand (operators)',
      body: Type.Object({
        titleVi: Type.String({ minLength: 1, maxLength: 300 }),
        titleEn: Type.Optional(Type.String({ maxLength: 300 })),
        descriptionVi: Type.Optional(Type.String({ maxLength: 5000 })),
        descriptionEn: Type.Optional(Type.String({ maxLength: 5000 })),
        instructionVi: Type.Optional(Type.String({ maxLength: 2000 })),
        instructionEn: Type.Optional(Type.String({ maxLength: 2000 })),
        severity: Severity,
        category: Category,
        areaCode: Type.Optional(Type.String()),
        place: Type.Optional(Type.String({ maxLength: 300 })),
        point: Type.Optional(Point),
        public: Type.Optional(Type.Boolean()),
        comment: Type.Optional(Type.String({ maxLength: 2000 })),
      }, { additionalProperties: false }),
      response: { 201: AlertDetailSchema, ...errors },
    },
  }, async (req, reply) => reply.status(201).send(await alerts.createManual(actorOf(req), currentUser(req), req.body)));

  r.get('/api/alerts/:id', {
    config: { access: access.staff },
    schema: { tags, summary: 'One alert with its timeline', params: IdParams, response: { 200: AlertDetailSchema, ...errors } },
  }, async (req) => alerts.get(currentUser(req), req.params.id));

  r.post('/api/alerts/acknowledge', {
    config: { access: workers },
    schema: {
      tags, summary: 'Acknowledge several open alerts at once, with one comment; the others are listed as skipped',
      body: Type.Object({ ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }), comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          acknowledged: Type.Array(Type.Integer()),
          skipped: Type.Array(Type.Object({ id: Type.Integer(), reason: Type.Union([Type.Literal('not_found'), Type.Literal('not_open')]) })),
        }),
        ...errors,
      },
    },
  }, async (req) => alerts.acknowledgeMany(actorOf(req), currentUser(req), req.body.ids, req.body.comment));

  r.post('/api/alerts/:id/acknowledge', {
    config: { access: workers },
    schema: { tags, summary: 'Acknowledge an alert, with a comment', params: IdParams, body: CommentBody, response: { 200: AlertDetailSchema, ...errors } },
  }, async (req) => {
    await alerts.get(currentUser(req), req.params.id);
    return alerts.acknowledge(actorOf(req), currentUser(req), req.params.id, req.body.comment);
  });

  r.post('/api/alerts/:id/resolve', {
    config: { access: workers },
    schema: { tags, summary: 'Resolve an alert, with a comment', params: IdParams, body: CommentBody, response: { 200: AlertDetailSchema, ...errors } },
  }, async (req) => {
    await alerts.get(currentUser(req), req.params.id);
    return alerts.resolve(actorOf(req), currentUser(req), req.params.id, req.body.comment);
  });

  // ---- rules (admin)
  const admin = access.roles('admin');
  r.get('/api/alert-rules', {
    config: { access: access.roles('admin', 'operator', 'leader') },
    schema: { tags, summary: 'Alert rules', response: { 200: AlertRuleListSchema, ...errors } },
  }, async () => alerts.listRules());
  r.get('/api/alert-rules/:id', {
    config: { access: access.roles('admin', 'operator', 'leader') },
    schema: { tags, summary: 'One alert rule', params: IdParams, response: { 200: AlertRuleSchema, ...errors } },
  }, async (req) => alerts.getRule(req.params.id));
  r.post('/api/alert-rules', {
    config: { access: admin },
    schema: { tags, summary: 'Create an alert rule (admin)', body: RuleBody, response: { 201: AlertRuleSchema, ...errors } },
  }, async (req, reply) => reply.status(201).send(await alerts.createRule(actorOf(req), currentUser(req), req.body as never)));
  r.put('/api/alert-rules/:id', {
    config: { access: admin },
    schema: { tags, summary: 'Change an alert rule (admin); its per-sensor state restarts', params: IdParams, body: RuleBody, response: { 200: AlertRuleSchema, ...errors } },
  }, async (req) => alerts.updateRule(actorOf(req), currentUser(req), req.params.id, req.body as never));
  r.delete('/api/alert-rules/:id', {
    config: { access: admin },
    schema: { tags, summary: 'Delete an alert rule (admin); its alerts stay', params: IdParams, response: { 204: Type.Null(), ...errors } },
  }, async (req, reply) => {
    await alerts.deleteRule(actorOf(req), req.params.id);
    return reply.status(204).send(null);
  });
}
