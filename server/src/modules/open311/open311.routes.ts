// Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2): discovery,
// services, service definitions, requests (GET and POST) and one request, as .json or .xml.
// Also the admin API that issues keys to client applications (/api/open311/keys).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { access, currentUser, actorOf } from '../../platform/http/access.ts';
import { ErrorBody, HttpError, notFound } from '../../platform/http/errors.ts';
import { feedbackService, photoUrl } from '../feedback/index.ts';
import { Open311KeyListSchema } from '../../../../shared/contracts/feedback.ts';
import { open311Repository, type RequestRow } from './open311.repository.ts';
import { render, renderErrors, splitFormat, type Format } from './open311.format.ts';

const OPEN = ['received', 'verified', 'assigned', 'in_progress'];
const CLOSED = ['resolved', 'closed', 'rejected'];

/** An error answered in the Open311 format. */
class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

function formatOf(req: FastifyRequest): Format {
  return /\.xml(\?|$)/i.test(req.url) ? 'xml' : 'json';
}

function send(reply: FastifyReply, format: Format, data: unknown, root: string, item?: string, status = 200) {
  const out = render(format, data, root, item);
  return reply.status(status).type(out.type).send(out.body);
}

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

function parseDate(v: unknown, name: string): Date | undefined {
  if (v === undefined || v === '') return undefined;
  const d = new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${name} must be a w3 date-time, e.g. 2026-11-23T10:00:00+07:00`);
  return d;
}

export async function open311Routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const feedback = feedbackService(ctx);
  const repo = open311Repository(ctx.db.kysely);

  // Admin API for client application keys (behind the /api start-up gate).
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['open311'];
  r.get('/api/open311/keys', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: 'Open311 client applications and their keys (hints only)', response: { 200: Open311KeyListSchema } },
  }, async () => ({
    keys: (await repo.keys()).map((k) => ({ id: k.id, appName: k.app_name, contact: k.contact, keyHint: k.key_hint, createdAt: new Date(k.created_at).toISOString(), createdBy: k.created_by, revokedAt: k.revoked_at ? new Date(k.revoked_at).toISOString() : null })),
  }));
  r.post('/api/open311/keys', {
    config: { access: access.roles('admin') },
    schema: {
      tags,
      summary: 'Issue an api_key to an Open311 client application (shown once)',
      body: Type.Object({ appName: Type.String({ minLength: 2, maxLength: 120 }), contact: Type.Optional(Type.String({ maxLength: 200 })) }),
      response: { 201: Type.Object({ id: Type.Integer(), appName: Type.String(), apiKey: Type.String() }), 400: ErrorBody },
    },
  }, async (req, reply) => {
    const key = `o311_${randomBytes(20).toString('hex')}`;
    const id = await repo.insertKey(req.body.appName, req.body.contact ?? null, key, currentUser(req).username);
    await ctx.audit.record(actorOf(req), { action: 'open311.key_issue', targetType: 'open311_key', targetId: id, details: { appName: req.body.appName } });
    return reply.status(201).send({ id, appName: req.body.appName, apiKey: key });
  });
  r.delete('/api/open311/keys/:id', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: 'Revoke a client application key', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) },
  }, async (req, reply) => {
    if (!(await repo.revokeKey(req.params.id, ctx.clock.now()))) throw notFound('active key');
    await ctx.audit.record(actorOf(req), { action: 'open311.key_revoke', targetType: 'open311_key', targetId: req.params.id });
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

      scope.get(`/open311/v2/services.${format}`, o, async (_req, reply) => {
        const cats = await feedback.categories();
        const services = cats.map((c) => ({
          service_code: c.code,
          service_name: c.nameVi,
          description: `${c.descriptionVi} (${c.nameEn}); thời hạn xử lý ${c.deadlineDays} ngày làm việc`,
          metadata: false,
          type: 'realtime',
          keywords: c.nameEn.toLowerCase(),
          group: 'Phản ánh hiện trường',
        }));
        return send(reply, format, services, 'services', 'service');
      });

      scope.get(`/open311/v2/requests.${format}`, o, async (req, reply) => {
        const q = req.query as Record<string, string | undefined>;
        const now = ctx.clock.now();
        const end = parseDate(q.end_date, 'end_date') ?? now;
        const start = parseDate(q.start_date, 'start_date') ?? new Date(end.getTime() - 90 * 86_400_000);
        if (q.status && !['open', 'closed'].includes(q.status)) throw new Open311Error(400, 'status must be open or closed');
        const rows = await repo.requests({
          codes: q.service_request_id?.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean),
          services: q.service_code?.split(',').map((s) => s.trim()).filter(Boolean),
          start,
          end,
          statuses: q.status === 'open' ? OPEN : q.status === 'closed' ? CLOSED : undefined,
          limit: 1000,
        });
        return send(reply, format, rows.map((row) => toRequest(row, baseUrl(req))), 'service_requests', 'request');
      });

      scope.post(`/open311/v2/requests.${format}`, o, async (req, reply) => {
        const b = (req.body ?? {}) as Record<string, unknown>;
        const str = (k: string) => (typeof b[k] === 'string' || typeof b[k] === 'number' ? String(b[k]).trim() : '') || undefined;
        const apiKey = str('api_key');
        if (!apiKey) throw new Open311Error(403, 'api_key is required: ask the administrators for a key');
        let keyId: number | null = null;
        if (apiKey === 'demo' && ctx.config.demo) keyId = null;
        else {
          const key = await repo.activeKey(apiKey);
          if (!key) throw new Open311Error(403, 'invalid api_key');
          keyId = key.id;
        }
        const serviceCode = str('service_code');
        if (!serviceCode) throw new Open311Error(400, 'service_code is required');
        const cats = await feedback.categories();
        if (!cats.some((c) => c.code === serviceCode)) throw new Open311Error(404, `service_code "${serviceCode}" not found`);
        const lat = str('lat');
        const lon = str('long');
        const address = str('address_string');
        if ((lat === undefined || lon === undefined) && !address) throw new Open311Error(400, 'a location is required: lat and long, or address_string');
        const description = str('description');
        if (!description) throw new Open311Error(400, 'description is required');
        const name = [str('first_name'), str('last_name')].filter(Boolean).join(' ') || undefined;
        const mediaUrl = str('media_url');
        if (mediaUrl && !/^https?:\/\//i.test(mediaUrl)) throw new Open311Error(400, 'media_url must be an http(s) URL');
        const receipt = await feedback.intake(actorOf(req), {
          channel: 'open311',
          categoryCode: serviceCode,
          description,
          lat: lat === undefined ? undefined : Number(lat),
          lon: lon === undefined ? undefined : Number(lon),
          address,
          locationSource: 'device',
          name,
          phone: str('phone'),
          email: str('email'),
          mediaUrl,
          open311KeyId: keyId,
          rateLimited: keyId === null,
        });
        const body = [{ service_request_id: receipt.trackingCode, service_notice: `Đã tiếp nhận; hạn xử lý ${receipt.deadlineAt}`, account_id: null }];
        return send(reply, format, body, 'service_requests', 'request', 201);
      });
    }

    scope.get('/open311/v2/services/:file', o, async (req, reply) => {
      const f = splitFormat((req.params as { file: string }).file);
      if (!f) throw new Open311Error(404, 'use services/{service_code}.json or .xml');
      const cats = await feedback.categories();
      if (!cats.some((c) => c.code === f.name)) throw new Open311Error(404, `service_code "${f.name}" not found`);
      // No service has extra attributes (metadata=false): the definition lists none.
      return send(reply, f.format, { service_code: f.name, attributes: [] }, 'service_definition');
    });

    scope.get('/open311/v2/requests/:file', o, async (req, reply) => {
      const f = splitFormat((req.params as { file: string }).file);
      if (!f) throw new Open311Error(404, 'use requests/{service_request_id}.json or .xml');
      const rows = await repo.requests({ codes: [f.name.toUpperCase()], start: new Date(0), end: ctx.clock.now(), limit: 1 });
      if (!rows.length) throw new Open311Error(404, `service_request_id "${f.name}" not found`);
      return send(reply, f.format, rows.map((row) => toRequest(row, baseUrl(req))), 'service_requests', 'request');
    });
  });
}

function toRequest(r: RequestRow, base: string) {
  const closed = CLOSED.includes(r.status);
  return {
    service_request_id: r.tracking_code,
    status: closed ? 'closed' : 'open',
    status_notes: r.status === 'rejected' ? r.reject_reason : r.answer,
    service_name: r.category_name,
    service_code: r.category_code,
    description: r.description,
    agency_responsible: r.unit_name,
    service_notice: null,
    requested_datetime: new Date(r.created_at).toISOString(),
    updated_datetime: new Date(r.updated_at).toISOString(),
    expected_datetime: new Date(r.deadline_at).toISOString(),
    address: r.address ?? r.ward_name,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: r.photo_token ? `${base}${photoUrl(r.photo_token)}` : null,
  };
}
