// Live module: the server-sent event stream behind the live screen (readings, alerts, incidents).
import type { ServerModule } from '../../platform/context.ts';
import type { AlertsService } from '../alerts/index.ts';
import { liveRoutes } from './live.routes.ts';
import type { LiveHub } from './live.service.ts';

export { createLiveHub, type LiveHub } from './live.service.ts';

export const liveModule: ServerModule<{ live: LiveHub; alerts: AlertsService }> = {
  name: 'live',
  routes(app, _ctx, { live, alerts }) {
    liveRoutes(app, live, alerts);
    // Open streams would keep the server from closing.
    app.addHook('preClose', async () => live.close());
  },
};
