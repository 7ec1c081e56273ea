// Notifications: alerts delivered to each user by their notification preferences (kept by the
// kpis module at /api/me/notification-preferences) and by what they may see: stored, listed,
// marked read, streamed live, and POSTed to a personal webhook URL when asked.
import type { AppContext, ServerModule } from '../../platform/context.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { onePerApp } from '../../platform/one-per-app.ts';
import { createNotificationsService, type NotificationsService } from './notifications.service.ts';

export { matchesPreferences, NOTIFYING_CHANGES, type NotificationsService } from './notifications.service.ts';

export const notificationsService: (ctx: AppContext) => NotificationsService = onePerApp(createNotificationsService);

export const notificationsModule: ServerModule = {
  name: 'notifications',
  routes(app, ctx) {
    const service = notificationsService(ctx);
    notificationsRoutes(app, service);
    // Alerts fire whenever the app runs (also in tests without background services).
    const off = service.listen();
    app.addHook('preClose', async () => {
      off();
      service.close();
    });
    app.addHook('onClose', async () => service.idle());
  },
};
