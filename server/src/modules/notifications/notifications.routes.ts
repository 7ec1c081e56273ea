import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, currentUser } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import { NotificationListSchema } from '../../../../shared/contracts/notifications.ts';
import type { NotificationsService } from './notifications.service.ts';

export function notificationsRoutes(app: FastifyInstance, notifications: NotificationsService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notifications'];

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
