// Procedures module: administrative procedures and public services (thủ tục hành chính, dịch
// vụ công) — catalogue, dossiers in the national portal's field names (file, API, connector),
// the Decision 766 index with drill-down, the watch list and due alerts, public lookup and
// ratings, the officials' ranking. Working days come from the feedback module's calendar.
import type { ServerModule } from '../../platform/context.ts';
import { seedDemoProcedures } from './demo.ts';
import { proceduresRoutes } from './procedures.routes.ts';
import type { ProceduresService } from './procedures.service.ts';

export { createProceduresService, type ProceduresService } from './procedures.service.ts';

export const proceduresModule: ServerModule<{ procedures: ProceduresService }> = {
  name: 'procedures',
  routes: (app, _ctx, { procedures }) => proceduresRoutes(app, procedures),
  async prepare(ctx, { demo }, { procedures }) {
    if (!demo) return;
    const seeded = await seedDemoProcedures(ctx.db.kysely, procedures, ctx.clock.now());
    if (seeded.seeded) ctx.log.info({ dossiers: seeded.dossiers }, 'demo procedures and dossiers created');
  },
  async start(ctx, { procedures: service }) {
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      running = service.runDueAlerts().catch((err: unknown) => ctx.log.error({ err }, 'procedure due alerts failed'));
    };
    tick();
    const timer = setInterval(tick, service.settings.checkMinutes * 60_000);
    // The connector polls its JSON endpoint on a schedule when one is configured.
    let polling: Promise<unknown> = Promise.resolve();
    const poll = () => {
      polling = service.pollConnector().catch((err: unknown) => ctx.log.error({ err }, 'procedures connector failed'));
    };
    const connector = service.settings.connectorUrl ? setInterval(poll, service.settings.connectorMinutes * 60_000) : null;
    if (connector) poll();
    return {
      async stop() {
        clearInterval(timer);
        if (connector) clearInterval(connector);
        await Promise.all([running, polling]);
      },
    };
  },
};
