// Notifications: alerts delivered to each user by their notification preferences (kept here,
// at /api/me/notification-preferences) and by what they may see: stored, listed, marked read,
// streamed live, POSTed to a personal webhook URL when asked, and e-mailed as digests (email.ts).
import type { ServerModule } from '../../platform/context.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import type { NotificationsService } from './notifications.service.ts';

export { createNotificationsService, matchesPreferences, NOTIFYING_CHANGES, type NotificationsService } from './notifications.service.ts';

export const notificationsModule: ServerModule<{ notifications: NotificationsService }> = {
  name: 'notifications',
  routes(app, _ctx, { notifications: service }) {
    notificationsRoutes(app, service);
    // Alerts fire whenever the app runs (also in tests without background services).
    const off = service.listen();
    service.resumeEmails();
    app.addHook('preClose', async () => {
      off();
      service.close();
    });
    app.addHook('onClose', async () => service.idle());
  },
};
