// CAP module: public alerts as CAP 1.2 messages and an Atom feed; outbound webhooks.
import type { ServerModule } from '../../platform/context.ts';
import { capRoutes } from './cap.routes.ts';
import type { CapService } from './cap.service.ts';
import { readWebhookSettings, type Webhooks } from './webhooks.service.ts';

export { capXml, createCapService, type CapService } from './cap.service.ts';
export { createWebhooks, type Webhooks } from './webhooks.service.ts';

export const capModule: ServerModule<{ cap: CapService; webhooks: Webhooks }> = {
  name: 'cap',
  routes(app, ctx, { cap, webhooks }) {
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
  async start(_ctx, { webhooks }) {
    // Resumes deliveries left pending by a restart, and keeps retrying on schedule.
    const timer = setInterval(() => void webhooks.pump(), 15_000);
    timer.unref();
    void webhooks.pump();
    return { async stop() { clearInterval(timer); } };
  },
};
