// Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2): discovery,
// services, service definitions, requests (GET and POST) and one request, as .json or .xml.
// Also the admin API that issues keys to client applications (/api/open311/keys).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { access, actorOf } from '../../platform/http/access.ts';
import { ErrorBody, HttpError } from '../../platform/http/errors.ts';
import { Open311KeyListSchema } from '../../../../shared/contracts/feedback.ts';
import { Open311Error, type Open311Service, type RequestsQuery } from './open311.service.ts';
import { render, renderErrors, splitFormat, type Format } from './open311.format.ts';
import { publicOrigin } from '../../platform/http/public-url.ts';

function formatOf(req: FastifyRequest): Format {
  return /\.xml(\?|$)/i.test(req.url) ? 'xml' : 'json';
}

function send(reply: FastifyReply, format: Format, data: unknown, root: string, item?: string, status = 200) {
  const out = render(format, data, root, item);
  return reply.status(status).type(out.type).send(out.body);
}

export async function open311Routes(app: FastifyInstance, ctx: AppContext, open311: Open311Service): Promise<void> {
  const baseUrl = (req: FastifyRequest) => publicOrigin(req, ctx.config);
  // Admin API for client application keys (behind the /api start-up gate).
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['open311'];
  r.get('/api/open311/keys', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: 'Open311 client applications and their keys (hints only)', response: { 200: Open311KeyListSchema } },
  }, async () => ({ keys: await open311.keys() }));
  r.post('/api/open311/keys', {
    config: { access: access.roles('admin') },
    schema: {
      tags,
      summary: 'Issue an api_key to an Open311 client application (shown once)',
      body: Type.Object({ appName: Type.String({ minLength: 2, maxLength: 120 }), contact: Type.Optional(Type.String({ maxLength: 200 })) }),
      response: { 201: Type.Object({ id: Type.Integer(), appName: Type.String(), apiKey: Type.String() }), 400: ErrorBody },
    },
  }, async (req, reply) => reply.status(201).send(await open311.issueKey(actorOf(req), req.body.appName, req.body.contact ?? null)));
  r.delete('/api/open311/keys/:id', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: 'Revoke a client application key', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) },
  }, async (req, reply) => {
    await open311.revokeKey(actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  // The GeoReport v2 endpoints, in their own scope: form-encoded bodies and the spec's errors.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.addHook('onRequest', async (req, reply) => {
      if (!ctx.lifecycle.ready) {
        const out = renderErrors(formatOf(req), [{ code: 503, description: `cityops is starting (${ctx.lifecycle.stage})` }]);
        return reply.status(503).type(out.type).send(out.body);
      }
    });
    scope.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
      const status = err instanceof Open311Error ? err.status : err instanceof HttpError ? err.statusCode : (err.statusCode ?? 500);
      if (status >= 500) req.log.error({ err }, 'open311 request failed');
      const description = status >= 500 ? 'the server could not complete the request' : err instanceof Open311Error ? err.description : err.message;
      const out = renderErrors(formatOf(req), [{ code: status, description }]);
      return reply.status(status).type(out.type).send(out.body);
    });
    const o = { config: { access: access.public }, schema: { tags, hide: true } };

    const discovery = (req: FastifyRequest) => ({
      changeset: '2025-11-01T00:00:00Z',
      contact: 'Trung tâm Điều hành đô thị thông minh — phản ánh hiện trường',
      key_service: `${baseUrl(req)}/api/open311/keys (issued by the administrators)`,
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${baseUrl(req)}/open311/v2`,
          changeset: '2025-11-01T00:00:00Z',
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    });
    for (const format of ['json', 'xml'] as const) {
      scope.get(`/open311/v2/discovery.${format}`, o, async (req, reply) => {
        const d = discovery(req);
        const data = format === 'xml' ? { ...d, endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } } : d;
        return send(reply, format, data, 'discovery');
      });

      scope.get(`/open311/v2/services.${format}`, o, async (_req, reply) => send(reply, format, await open311.services(), 'services', 'service'));

      scope.get(`/open311/v2/requests.${format}`, o, async (req, reply) =>
        send(reply, format, await open311.requests(req.query as RequestsQuery, baseUrl(req)), 'service_requests', 'request'));

      scope.post(`/open311/v2/requests.${format}`, o, async (req, reply) =>
        send(reply, format, await open311.submit(actorOf(req), (req.body ?? {}) as Record<string, unknown>), 'service_requests', 'request', 201));
    }

    scope.get('/open311/v2/services/:file', o, async (req, reply) => {
      const f = splitFormat((req.params as { file: string }).file);
      if (!f) throw new Open311Error(404, 'use services/{service_code}.json or .xml');
      return send(reply, f.format, await open311.serviceDefinition(f.name), 'service_definition');
    });

    scope.get('/open311/v2/requests/:file', o, async (req, reply) => {
      const f = splitFormat((req.params as { file: string }).file);
      if (!f) throw new Open311Error(404, 'use requests/{service_request_id}.json or .xml');
      return send(reply, f.format, await open311.request(f.name, baseUrl(req)), 'service_requests', 'request');
    });
  });
}
