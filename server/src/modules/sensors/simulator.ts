// Demo simulator: every tick, each demo sensor (except the silent ones) publishes its
// current value over MQTT QoS 1, like a real device would.
import mqtt, { type MqttClient } from 'mqtt';
import type { AppContext } from '../../platform/context.ts';
import { demoValue } from './demo-model.ts';
import { demoSensorPlan } from './demo.ts';
import type { IngestPipeline } from './ingest.ts';

export interface Simulator {
  tickSeconds: number;
  running(): boolean;
  stop(): Promise<void>;
}

export interface SimulatorTarget {
  /** Broker to publish to; null: hand readings to the pipeline directly (MQTT disabled). */
  url: string | null;
  username?: string | undefined;
  password?: string | undefined;
}

export async function startSimulator(ctx: AppContext, target: SimulatorTarget, pipeline: IngestPipeline, tickSeconds: number): Promise<Simulator> {
  const sensors = demoSensorPlan().filter((s) => !s.silent);
  let client: MqttClient | null = null;
  if (target.url) {
    client = mqtt.connect(target.url, {
      clientId: `cityops-simulator-${process.pid}`,
      username: target.username,
      password: target.password,
      reconnectPeriod: 2000,
      protocolVersion: 4,
    });
    client.on('error', (err) => ctx.log.warn({ err: err.message }, 'simulator MQTT client error'));
  }
  let busy = false;
  const tick = async () => {
    if (busy) return; // the previous tick is still waiting for acknowledgements
    busy = true;
    try {
      const now = ctx.clock.now().getTime();
      const ts = new Date(Math.floor(now / 1000) * 1000).toISOString();
      await Promise.all(
        sensors.map(async (s) => {
          const body = JSON.stringify({ ts, value: demoValue(s, now) });
          const topic = `cityops/sensors/${s.sensorId}/readings`;
          if (client) {
            if (client.connected) await client.publishAsync(topic, body, { qos: 1 });
          } else await pipeline.submit('mqtt', topic, s.sensorId, body);
        }),
      );
    } catch (e) {
      ctx.log.warn({ err: e }, 'simulator tick failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), tickSeconds * 1000);
  void tick();
  ctx.log.info({ sensors: sensors.length, tickSeconds, via: target.url ? 'mqtt' : 'pipeline' }, 'sensor simulator started');
  return {
    tickSeconds,
    running: () => true,
    async stop() {
      clearInterval(timer);
      while (busy) await new Promise((r) => setTimeout(r, 20));
      await client?.endAsync();
    },
  };
}
