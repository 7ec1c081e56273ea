// Sensors module: sensors as the declared dataset `sensors`, ingest over MQTT (embedded
// broker or external broker) and HTTP with commit-before-acknowledge, dead letters, time
// series with 1-minute / 1-hour aggregates and retention, and the demo simulator.
import type { ServerModule } from '../../platform/context.ts';
import { ensureDeclaration } from '../datasets/index.ts';
import { seedDemoSensors } from './demo.ts';
import { startEmbeddedBroker, startExternalSubscriber, type MqttIngest } from './mqtt.ts';
import { SENSORS_DATASET } from './sensors.dataset.ts';
import { sensorsRoutes } from './sensors.routes.ts';
import type { SensorsRuntime, SensorsService } from './sensors.service.ts';
import { startSimulator, type Simulator } from './simulator.ts';
import './events.ts';

export { SENSORS_DATASET, SENSORS_DATASET_ID } from './sensors.dataset.ts';
export { createSensorsRuntime, createSensorsService, sensorState, type SensorsRuntime, type SensorsService } from './sensors.service.ts';

const RETENTION_EVERY_MS = 60 * 60_000;

export const sensorsModule: ServerModule<{ sensors: SensorsService; sensorsRuntime: SensorsRuntime }> = {
  name: 'sensors',
  async routes(app, _ctx, { sensors, sensorsRuntime }) {
    await sensorsRoutes(app, sensors, sensorsRuntime.pipeline);
  },
  async prepare(ctx, { demo }, { sensorsRuntime: rt }) {
    // The dataset declaration: saved when missing, or as a new version when this code changed
    // it; a declaration an admin edited since is left alone.
    await ensureDeclaration(ctx.db.kysely, SENSORS_DATASET);
    if (demo) {
      const r = await seedDemoSensors(ctx.db.kysely, ctx.clock.now());
      if (r.sensors || r.readings) ctx.log.info(r, 'demo sensors and history created');
    }
    await rt.pipeline.directory.reload();
  },
  async start(ctx, { sensorsRuntime: rt }) {
    const { settings } = rt;
    let mqtt: MqttIngest | null = null;
    if (settings.mqttUrl) mqtt = await startExternalSubscriber(ctx, settings, rt.pipeline, settings.mqttUrl);
    else if (settings.mqttPort > 0) {
      try {
        mqtt = await startEmbeddedBroker(ctx, settings, rt.pipeline);
      } catch (e) {
        // A machine that already runs a broker (Mosquitto on 1883) must still get a working
        // centre: HTTP ingest and the simulator go on; the operator is told how to fix MQTT.
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        ctx.log.error(
          { port: settings.mqttPort },
          `MQTT port ${settings.mqttPort} is already in use (another broker?): the embedded broker is not running. ` +
            'Set MQTT_PORT to a free port, MQTT_URL=mqtt://host:port to use that broker, or MQTT_PORT=0 to silence this.',
        );
      }
    }
    rt.mqtt = mqtt;

    let simulator: Simulator | null = null;
    if (settings.simulator && ctx.config.demo) {
      const target = settings.mqttUrl
        ? { url: settings.mqttUrl, username: settings.mqttUsername, password: settings.mqttPassword }
        : mqtt?.internal
          ? { url: `mqtt://${settings.mqttHost === '0.0.0.0' ? '127.0.0.1' : settings.mqttHost}:${mqtt.port}`, ...mqtt.internal }
          : { url: null };
      simulator = await startSimulator(ctx, target, rt.pipeline, settings.simulatorTickSeconds);
      rt.simulator = simulator;
    }

    const retention = async () => {
      try {
        const deleted = await rt.repo.applyRetention(ctx.clock.now(), {
          raw: settings.rawRetentionDays, minute: settings.minuteRetentionDays, hour: settings.hourRetentionDays, deadLetters: settings.deadLetterRetentionDays,
        });
        if (Object.values(deleted).some((n) => n > 0)) ctx.log.info({ deleted }, 'sensor retention applied');
      } catch (e) {
        ctx.log.warn({ err: e }, 'sensor retention failed');
      }
    };
    const retentionTimer = setInterval(() => void retention(), RETENTION_EVERY_MS);
    const first = setTimeout(() => void retention(), 30_000);

    return {
      async stop() {
        clearInterval(retentionTimer);
        clearTimeout(first);
        await simulator?.stop();
        rt.simulator = null;
        await mqtt?.stop();
        rt.mqtt = null;
        await rt.pipeline.stop();
      },
    };
  },
};
