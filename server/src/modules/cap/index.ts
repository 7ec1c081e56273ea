// CAP module: public alerts as CAP 1.2 messages and an Atom feed; outbound webhooks.
import type { ServerModule } from '../../platform/context.ts';
import { capRoutes } from './cap.routes.ts';
import { capService } from './cap.service.ts';
import { createWebhooks, readWebhookSettings, type Webhooks } from './webhooks.service.ts';
import type { AppContext } from '../../platform/context.ts';

const instances = new WeakMap<AppContext, Webhooks>();
/** One delivery pump per application, so a pending delivery is never POSTed twice at once. */
function webhooksFor(ctx: AppContext): Webhooks {
  let w = instances.get(ctx);
  if (!w) {
    w = createWebhooks(ctx, capService(ctx));
    instances.set(ctx, w);
  }
  return w;
}

export { capXml, capService } from './cap.service.ts';

export const capModule: ServerModule = {
  name: 'cap',
  routes(app, ctx) {
    const cap = capService(ctx);
    const webhooks = webhooksFor(ctx);
    capRoutes(app, ctx, cap, webhooks);
    const off = ctx.events.on('alert.changed', ({ change, alert }) => {
      webhooks.enqueue(change, alert).catch((err: unknown) => ctx.log.error({ err }, 'queuing webhook deliveries failed'));
    });
    app.addHook('onClose', async () => {
      off();
      webhooks.close();
    });
  },
  async prepare(ctx) {
    readWebhookSettings(ctx);
  },
  async start(ctx) {
    // Resumes deliveries left pending by a restart, and keeps retrying on schedule.
    const webhooks = webhooksFor(ctx);
    const timer = setInterval(() => void webhooks.pump(), 15_000);
    timer.unref();
    void webhooks.pump();
    return { async stop() { clearInterval(timer); } };
  },
};
