// Retention module: applies every module's retention policy once a day (and at an admin's
// request), and lists the policies with their last run for admins (Law 91/2025).
import type { ServerModule } from '../../platform/context.ts';
import type { RetentionRegistry } from '../../platform/retention.ts';
import { retentionRoutes } from './retention.routes.ts';

const DAY_MS = 24 * 60 * 60_000;

export const retentionModule: ServerModule<{ retention: RetentionRegistry }> = {
  name: 'retention',
  routes(app, ctx, { retention }) {
    const run = async () => {
      await retention.runAll(ctx.clock.now());
      for (const p of retention.list()) {
        if (p.lastRun?.error) ctx.log.error({ kind: p.kind, error: p.lastRun.error }, 'retention policy failed');
        else if (p.lastRun?.changed) ctx.log.info({ kind: p.kind, changed: p.lastRun.changed }, 'retention applied');
      }
    };
    retentionRoutes(app, ctx, retention, run);
  },
  async start(ctx, { retention }) {
    const run = () => retention.runAll(ctx.clock.now()).catch((err: unknown) => ctx.log.error({ err }, 'retention run failed'));
    const first = setTimeout(() => void run(), 60_000);
    const timer = setInterval(() => void run(), DAY_MS);
    first.unref();
    timer.unref();
    return { async stop() { clearTimeout(first); clearInterval(timer); } };
  },
};
