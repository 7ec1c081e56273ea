// Live module: the server-sent event stream behind the live screen (readings, alerts, incidents).
import type { ServerModule } from '../../platform/context.ts';
import { liveRoutes } from './live.routes.ts';
import { createLiveHub } from './live.service.ts';

export const liveModule: ServerModule = {
  name: 'live',
  routes(app, ctx) {
    const hub = createLiveHub(ctx);
    liveRoutes(app, ctx, hub);
    // Open streams would keep the server from closing.
    app.addHook('preClose', async () => hub.close());
  },
};
