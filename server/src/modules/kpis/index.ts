// KPIs and dashboards: KPI definitions as data over whitelisted sources (data hub records,
// citizen feedback, alerts, incidents), values with trend / previous period / breakdown and
// drill-down, stored dashboards, exports and a live stream for the wall screen.
import type { ServerModule } from '../../platform/context.ts';
import { kpisRoutes } from './kpis.routes.ts';
import type { KpisService } from './kpis.service.ts';

export { createKpisService, type KpisService } from './kpis.service.ts';
export { BUILT_IN_KPIS, BUILT_IN_DASHBOARDS } from './builtin-kpis.ts';

export const kpisModule: ServerModule<{ kpis: KpisService }> = {
  name: 'kpis',
  // The clock is read at each use: tests may swap ctx.clock.
  routes: (app, ctx, { kpis }) => kpisRoutes(app, kpis, { now: () => ctx.clock.now() }),
  async prepare(_ctx, _opts, { kpis }) {
    await kpis.prepare();
  },
  async start(ctx, { kpis }) {
    // Warm the aggregates in the background; requests never wait for this.
    let stopped = false;
    void kpis.warm().catch((e: unknown) => {
      if (!stopped) ctx.log.warn({ err: e }, 'warming the KPI aggregates failed');
    });
    return { stop: async () => { stopped = true; } };
  },
};
