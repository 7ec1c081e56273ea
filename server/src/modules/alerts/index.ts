// Alerts module: declarative rules evaluated as sensor readings arrive, alerts with their
// lifecycle (open → acknowledged → resolved) and timeline, escalation of unacknowledged alerts.
import type { Alert, AlertChange } from '../../../../shared/contracts/alerts.ts';
import type { AppContext, ServerModule } from '../../platform/context.ts';
import { alertsRoutes } from './alerts.routes.ts';
import { readAlertSettings, type AlertsService } from './alerts.service.ts';
import { DEFAULT_RULES } from './default-rules.ts';
// The typed `sensor.readings` event is declared by the sensors module.
import '../sensors/index.ts';

export { createAlertsService, toAlert, canSeeArea, type AlertsService, type SensorReading, type Visibility } from './alerts.service.ts';

declare module '../../platform/events.ts' {
  interface AppEvents {
    /** An alert was opened, updated, cleared, re-fired, acknowledged, resolved, escalated or linked to an incident. */
    'alert.changed': { change: AlertChange; actor: string; alert: Alert };
  }
}

const subscribed = new WeakSet<AppContext>();

export const alertsModule: ServerModule<{ alerts: AlertsService }> = {
  name: 'alerts',
  routes(app, ctx, { alerts }) {
    alertsRoutes(app, alerts);
    // Readings are evaluated whenever the app runs (also in tests without background services).
    if (!subscribed.has(ctx)) {
      subscribed.add(ctx);
      const off = ctx.events.on('sensor.readings', ({ readings }) => {
        alerts.evaluate(readings).catch((err: unknown) => ctx.log.error({ err }, 'alert rules: evaluating readings failed'));
      });
      app.addHook('onClose', async () => off());
    }
  },
  async prepare(ctx, { demo }, { alerts }) {
    readAlertSettings(ctx);
    if (!demo) return;
    const added = await alerts.seedRules(DEFAULT_RULES);
    if (added) ctx.log.info({ added }, 'default alert rules created');
  },
  async start(ctx, { alerts }) {
    const settings = readAlertSettings(ctx);
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await alerts.checkSilence();
        await alerts.escalateDue();
      } catch (err) {
        ctx.log.error({ err }, 'alert checks failed');
      } finally {
        running = false;
      }
    };
    const timer = setInterval(() => void tick(), settings.checkSeconds * 1000);
    timer.unref();
    return { async stop() { clearInterval(timer); } };
  },
};
