import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, currentUser, actorOf } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/context.ts';
import { WebhookDeliveryListSchema, WebhookListSchema, WebhookSchema } from '../../../../shared/contracts/alerts.ts';
import type { CapService } from './cap.service.ts';
import type { Webhooks } from './webhooks.service.ts';
import { publicOrigin } from '../../platform/http/public-url.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });


export function capRoutes(app: FastifyInstance, ctx: AppContext, cap: CapService, webhooks: Webhooks): void {
  const baseUrl = (req: FastifyRequest) => publicOrigin(req, ctx.config);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // /cap is outside the start-up gate of app.ts: answer 503 until ready, like /api does.
  const notReady = () => !ctx.lifecycle.ready;
  const starting = { error: 'starting', message: `cityops is starting (${ctx.lifecycle.stage})` };

  r.get('/cap/alerts/:id.xml', {
    config: { access: access.public },
    schema: { tags: ['cap'], summary: 'A public alert as a CAP 1.2 message (Vietnamese and English info blocks)', params: IdParams },
  }, async (req, reply) => {
    if (notReady()) return reply.status(503).send(starting);
    const a = await cap.publicAlert(req.params.id);
    return reply.type('application/cap+xml; charset=utf-8').header('cache-control', 'no-cache').send(await cap.xmlFor(a, baseUrl(req)));
  });

  r.get('/cap/alerts.atom', {
    config: { access: access.public },
    schema: { tags: ['cap'], summary: 'Atom feed of the public alerts, each linking to its CAP message' },
  }, async (req, reply) => {
    if (notReady()) return reply.status(503).send(starting);
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-cache').send(await cap.atom(baseUrl(req)));
  });

  const admin = { access: access.roles('admin') };
  r.get('/api/webhooks', { config: admin, schema: { tags: ['webhooks'], summary: 'Registered webhooks (admin)', response: { 200: WebhookListSchema, ...errors } } },
    async () => webhooks.list());
  r.post('/api/webhooks', {
    config: admin,
    schema: {
      tags: ['webhooks'], summary: 'Register a URL that receives every alert change (JSON or CAP XML), retried with backoff',
      body: Type.Object({
        url: Type.String({ minLength: 8, maxLength: 2000 }),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('cap')])),
        secret: Type.Optional(Type.String({ minLength: 8, maxLength: 200, description: 'HMAC-SHA256 of the body in X-Cityops-Signature' })),
        includePrivate: Type.Optional(Type.Boolean({ description: 'also non-public alerts (default false)' })),
        enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 201: WebhookSchema, ...errors },
    },
  }, async (req, reply) => reply.status(201).send(await webhooks.create(actorOf(req), currentUser(req), req.body)));
  r.put('/api/webhooks/:id', {
    config: admin,
    schema: {
      tags: ['webhooks'], summary: 'Change a webhook (admin); the secret is kept when left out, removed with null',
      params: IdParams,
      body: Type.Object({
        url: Type.String({ minLength: 8, maxLength: 2000 }),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('cap')])),
        secret: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 200 }), Type.Null()])),
        includePrivate: Type.Optional(Type.Boolean()),
        enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: WebhookSchema, ...errors },
    },
  }, async (req) => webhooks.update(actorOf(req), req.params.id, req.body));
  r.delete('/api/webhooks/:id', { config: admin, schema: { tags: ['webhooks'], summary: 'Remove a webhook', params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await webhooks.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    });
  r.get('/api/webhooks/:id/deliveries', {
    config: admin,
    schema: { tags: ['webhooks'], summary: 'Latest deliveries of a webhook with their status and attempts', params: IdParams, response: { 200: WebhookDeliveryListSchema, ...errors } },
  }, async (req) => webhooks.deliveries(req.params.id));
}
