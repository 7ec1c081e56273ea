import type { FastifyInstance } from 'fastify';
import { access, currentUser } from '../../platform/http/access.ts';
import type { AlertsService } from '../alerts/index.ts';
import type { LiveHub } from './live.service.ts';

export function liveRoutes(app: FastifyInstance, hub: LiveHub, alerts: AlertsService): void {
  app.get('/api/live/stream', {
    config: { access: access.staff },
    schema: {
      tags: ['live'],
      summary: 'Server-sent events: hello, readings (batched), alert and incident changes, filtered by what the caller may see',
      produces: ['text/event-stream'],
    },
  }, async (req, reply) => {
    const user = currentUser(req);
    const visibility = await alerts.visibility(user);
    reply.hijack();
    hub.attach(reply.raw, user.username, visibility);
  });
}
