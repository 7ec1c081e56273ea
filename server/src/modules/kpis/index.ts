// KPIs and dashboards: KPI definitions as data over whitelisted sources (data hub records,
// citizen feedback, alerts, incidents), values with trend / previous period / breakdown and
// drill-down, stored dashboards, exports and a live stream for the wall screen.
import type { ServerModule } from '../../platform/context.ts';
import { kpisRoutes } from './kpis.routes.ts';
import { createKpisService, type KpisService } from './kpis.service.ts';

export { createKpisService, type KpisService } from './kpis.service.ts';
export { BUILT_IN_KPIS, BUILT_IN_DASHBOARDS } from './builtin-kpis.ts';

/** One service per application context (its caches live as long as the app). */
const services = new WeakMap<object, KpisService>();
function serviceOf(ctx: Parameters<NonNullable<ServerModule['prepare']>>[0]): KpisService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = createKpisService(ctx)));
  return s;
}

export const kpisModule: ServerModule = {
  name: 'kpis',
  // The clock is read at each use: tests may swap ctx.clock.
  routes: (app, ctx) => kpisRoutes(app, serviceOf(ctx), { now: () => ctx.clock.now() }),
  async prepare(ctx) {
    await serviceOf(ctx).prepare();
  },
  async start(ctx) {
    // Warm the aggregates in the background; requests never wait for this.
    let stopped = false;
    void serviceOf(ctx).warm().catch((e: unknown) => {
      if (!stopped) ctx.log.warn({ err: e }, 'warming the KPI aggregates failed');
    });
    return { stop: async () => { stopped = true; } };
  },
};
