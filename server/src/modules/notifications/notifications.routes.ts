import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, currentUser } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import { NotificationListSchema } from '../../../../shared/contracts/notifications.ts';
import type { NotificationPreferences } from '../../../../shared/contracts/kpis.ts';
import type { NotificationsService } from './notifications.service.ts';
import { lit } from '../../../../shared/contracts/schema.ts';

const PreferencesSchema = Type.Object({
  alertTypes: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 50 }),
  minSeverity: lit(['info', 'warning', 'critical'] as const),
  channels: Type.Object({ inApp: Type.Boolean(), email: Type.Boolean(), webhook: Type.Boolean() }, { additionalProperties: false }),
  email: Type.Union([Type.Null(), Type.String({ format: 'email', maxLength: 200 })]),
  webhookUrl: Type.Union([Type.Null(), Type.String({ maxLength: 500 })]),
  language: Type.Optional(lit(['vi', 'en'] as const)),
}, { additionalProperties: false });

export function notificationsRoutes(app: FastifyInstance, notifications: NotificationsService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notifications'];

  r.get('/api/me/notification-preferences', {
    config: { access: access.staff },
    schema: { tags, summary: 'Which alerts reach me (types, lowest severity) and where (in-app, e-mail, webhook)', response: { 200: PreferencesSchema } },
  }, async (req) => notifications.preferences(currentUser(req).id));

  r.put('/api/me/notification-preferences', {
    config: { access: access.staff },
    schema: { tags, summary: 'Save my notification preferences (e-mail goes out as one digest per window through the configured SMTP server)', body: PreferencesSchema, response: { 200: PreferencesSchema, 400: ErrorBody } },
  }, async (req) => notifications.savePreferences(currentUser(req).id, req.body as NotificationPreferences));

  r.get('/api/notifications', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'My notifications (alerts that matched my notification preferences), newest first, and how many are unread',
      querystring: Type.Object({
        unread: Type.Optional(Type.Boolean({ description: 'only the unread ones' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      }),
      response: { 200: NotificationListSchema, 401: ErrorBody },
    },
  }, async (req) => notifications.list(currentUser(req).id, { unreadOnly: !!req.query.unread, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  r.post('/api/notifications/read', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Mark my notifications read: the given ids, or all of them when ids is absent',
      body: Type.Object({ ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ changed: Type.Integer(), unread: Type.Integer() }), 400: ErrorBody, 401: ErrorBody },
    },
  }, async (req) => notifications.markRead(currentUser(req).id, req.body.ids ?? null));

  r.get('/api/notifications/stream', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Server-sent events: `hello` {unread}, then `notification` {notification, unread} as each reaches me',
      produces: ['text/event-stream'],
    },
  }, async (req, reply) => {
    const user = currentUser(req);
    const unread = (await notifications.list(user.id, { unreadOnly: true, limit: 1, offset: 0 })).unread;
    reply.hijack();
    notifications.attach(reply.raw, user.id, unread);
  });
}
