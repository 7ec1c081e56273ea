// MQTT ingest. Embedded: an aedes broker whose authorizePublish hook stores the reading
// before aedes writes the PUBACK (aedes acknowledges a QoS 1 publish only after that hook
// calls back), so an acknowledged reading is committed. External: a subscriber with a
// shared subscription; mqtt.js sends the PUBACK only after our handleMessage calls back.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import mqtt, { type ISubscriptionMap, type MqttClient } from 'mqtt';
import type { AppContext } from '../../platform/context.ts';
import { activeCredentialAccount, activeCredentialRole, tokenHash } from '../auth/index.ts';
import type { IngestPipeline, Publisher } from './ingest.ts';
import { TOPIC } from './payload.ts';
import type { SensorSettings } from './sensors.settings.ts';

export const SUBSCRIPTION = 'cityops/sensors/+/readings';
/** Roles whose API tokens may publish readings. */
const PUBLISHER_ROLES = ['device', 'admin', 'operator'];

export interface MqttIngest {
  mode: 'embedded' | 'external' | 'disabled';
  port: number | null;
  url: string | null;
  connected(): boolean;
  clients(): number;
  /** Credentials of the in-process simulator (embedded broker only). */
  internal: { username: string; password: string } | null;
  stop(): Promise<void>;
}

/**
 * The sensor id of a topic's segment, percent-decoded when it decodes. A malformed escape
 * (`%ZZ`) is not an error to throw inside the broker's hooks — that would end the process —
 * but an id no sensor has: the reading goes to the dead letters with its reason.
 */
export function sensorIdOfTopicSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const authError = (message: string): AuthenticateError => Object.assign(new Error(message), { returnCode: 4 }) as AuthenticateError;

/** Device tokens are verified by the auth module's own look-up (the same as the API's Bearer tokens). */
export async function startEmbeddedBroker(ctx: AppContext, settings: SensorSettings, pipeline: IngestPipeline): Promise<MqttIngest> {
  const internal = { username: 'cityops-internal', password: randomBytes(24).toString('base64url') };
  const tokenCache = new Map<string, { ok: boolean; at: number; account: Publisher | null }>();
  /** Who each connected device is (its token's account), for the sensor binding. */
  const publisherOf = new WeakMap<Client, Publisher>();
  /** The token hash each connected device signed in with, to re-check when credentials change. */
  const tokenOf = new WeakMap<Client, string>();
  const internalClients = new WeakSet<Client>();
  const broker = await Aedes.createBroker({
    id: `cityops-${hostname()}`,
    authenticate(client, username, password, done) {
      const secret = password?.toString('utf8') ?? '';
      if (!secret) return done(authError('a device token is required as the MQTT password'), false);
      if (username === internal.username && secret === internal.password) {
        internalClients.add(client);
        return done(null, true);
      }
      // The same hashing as the API's Bearer tokens (one definition, in the auth module).
      const hash = tokenHash(secret);
      tokenOf.set(client, hash);
      const cached = tokenCache.get(hash);
      // Cache age: elapsed time on the monotonic clock (a test clock does not move it).
      if (cached && performance.now() - cached.at < 60_000) {
        if (cached.ok && cached.account) publisherOf.set(client, cached.account);
        return cached.ok ? done(null, true) : done(authError('unknown, expired or revoked token'), false);
      }
      // The same look-up as the API's Bearer tokens: active (not revoked, not expired), account enabled.
      activeCredentialAccount(ctx, hash).then(
        (account) => {
          const role = account?.role ?? null;
          const ok = !!role && PUBLISHER_ROLES.includes(role);
          tokenCache.set(hash, { ok, at: performance.now(), account });
          if (ok && account) publisherOf.set(client, account);
          if (ok) done(null, true);
          else done(authError(role ? `role ${role} may not publish readings` : 'unknown, expired or revoked token'), false);
        },
        (e: unknown) => done(Object.assign(new Error(String(e)), { returnCode: 3 }) as AuthenticateError, false),
      );
    },
    // Devices publish; they do not read other devices' readings, nor the broker's $SYS topics.
    // Only the server's own client may subscribe (a refused subscription is granted 0x80).
    authorizeSubscribe(client, subscription, callback) {
      if (client && internalClients.has(client)) return callback(null, subscription);
      return callback(null, null);
    },
    authorizePublish(client, packet, callback) {
      if (!client) return callback(null); // the broker's own messages ($SYS, wills handled by aedes)
      const m = TOPIC.exec(packet.topic);
      if (!m) return callback(new Error(`publishing is allowed on cityops/sensors/{sensorId}/readings only (got ${packet.topic})`));
      // Commit first, then let aedes acknowledge and forward the message.
      pipeline.submit('mqtt', packet.topic, sensorIdOfTopicSegment(m[1]!), packet.payload.toString('utf8'), publisherOf.get(client)).then(
        () => callback(null),
        (e: unknown) => {
          ctx.log.warn({ err: e, topic: packet.topic }, 'MQTT reading not stored; the client will resend');
          callback(e instanceof Error ? e : new Error(String(e)));
        },
      );
    },
  });
  // A revoked token, a disabled account or a changed role ends the device's connection now,
  // not when a cached verdict expires: every connected device is checked again.
  const devices = new Set<Client>();
  broker.on('client', (c) => { if (tokenOf.has(c)) devices.add(c); });
  broker.on('clientDisconnect', (c) => devices.delete(c));
  const offCredentials = ctx.events.on('auth.credentials_changed', () => {
    tokenCache.clear();
    for (const c of devices) {
      const hash = tokenOf.get(c);
      if (!hash) continue;
      activeCredentialRole(ctx, hash).then(
        (role) => {
          if (!role || !PUBLISHER_ROLES.includes(role)) {
            ctx.log.info({ client: c.id }, 'MQTT device disconnected: its token is no longer valid');
            c.close();
          }
        },
        (err: unknown) => ctx.log.warn({ err }, 'MQTT: re-checking a device token failed'),
      );
    }
  });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.mqttPort, settings.mqttHost, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.mqttPort;
  ctx.log.info({ host: settings.mqttHost, port }, 'embedded MQTT broker listening');
  return {
    mode: 'embedded',
    port,
    url: null,
    connected: () => true,
    clients: () => broker.connectedClients,
    internal,
    async stop() {
      offCredentials();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Subscribes to an external broker. mqtt.js handles one message at a time per connection, so
 * several connections share the subscription group to keep batches full.
 */
export async function startExternalSubscriber(ctx: AppContext, settings: SensorSettings, pipeline: IngestPipeline, url: string): Promise<MqttIngest> {
  const prefix = settings.mqttClientId ?? `cityops-${hostname()}`;
  const topic = `$share/${settings.mqttShareGroup}/${SUBSCRIPTION}`;
  const clients: MqttClient[] = [];
  /** Connections whose subscription the broker acknowledged since they (re)connected. */
  const subscribed = new Set<MqttClient>();
  for (let i = 0; i < settings.mqttConnections; i++) {
    const client = mqtt.connect(url, {
      clientId: `${prefix}-${i}`,
      clean: settings.mqttCleanSession,
      username: settings.mqttUsername,
      password: settings.mqttPassword,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      protocolVersion: 4,
    });
    client.handleMessage = (packet, done) => {
      const m = TOPIC.exec(packet.topic);
      if (!m) return done();
      const text = typeof packet.payload === 'string' ? packet.payload : Buffer.from(packet.payload).toString('utf8');
      pipeline.submit('mqtt', packet.topic, sensorIdOfTopicSegment(m[1]!), text).then(
        () => done(),
        (e: unknown) => {
          // No PUBACK: drop the connection so the broker redelivers on reconnect (persistent session).
          ctx.log.warn({ err: e, topic: packet.topic }, 'MQTT reading not stored; reconnecting for redelivery');
          client.stream?.destroy();
          done(e instanceof Error ? e : new Error(String(e)));
        },
      );
    };
    // Always (re)subscribe on connect: subscribing again keeps a persistent session's queued
    // messages, and some brokers (Mosquitto 2.0) do not restore shared subscriptions from their
    // persistence after a restart although they report the session as present.
    client.on('connect', () => {
      // `resubscribe: true`: mqtt.js would otherwise skip a topic it believes is still subscribed.
      client.subscribe({ [topic]: { qos: 1 }, resubscribe: true } as ISubscriptionMap, (err) => {
        if (err) ctx.log.error({ err, topic }, 'MQTT subscription failed');
        else subscribed.add(client);
      });
    });
    client.on('close', () => subscribed.delete(client));
    client.on('error', (err) => ctx.log.warn({ err: err.message, url: redact(url) }, 'MQTT client error'));
    clients.push(client);
  }
  const first = clients[0]!;
  await new Promise<void>((resolve) => {
    // Do not block start-up forever on a broker that is down: reconnection goes on in the background.
    const t = setTimeout(resolve, 5000);
    first.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
  });
  ctx.log.info({ url: redact(url), topic, connections: clients.length }, 'subscribed to the external MQTT broker');
  return {
    mode: 'external',
    port: null,
    url: redact(url),
    connected: () => clients.some((c) => c.connected && subscribed.has(c)),
    clients: () => clients.filter((c) => c.connected && subscribed.has(c)).length,
    internal: null,
    async stop() {
      await Promise.all(clients.map((c) => c.endAsync()));
    },
  };
}

export const redact = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
