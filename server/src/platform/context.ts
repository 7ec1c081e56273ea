// What every module receives: configuration, storage and the shared services with side
// effects, so a module never reaches for globals.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from './db/database.ts';
import type { Lifecycle } from './lifecycle.ts';
import type { EventBus } from './events.ts';
import type { AuditLog } from './audit.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface AppContext {
  config: Config;
  db: Database;
  clock: Clock;
  log: FastifyBaseLogger;
  lifecycle: Lifecycle;
  audit: AuditLog;
  events: EventBus;
}

/**
 * A domain module: one folder under server/src/modules, one public entry (its index.ts).
 * `S` is what the module needs from the composition root (server/src/composition.ts), where
 * every service is built once: typically its own service and the services it calls.
 */
export interface ServerModule<S = unknown> {
  name: string;
  /** Adds the module's routes; called once while the app is built. Routes stay thin: a schema and a call. */
  routes?(app: FastifyInstance, ctx: AppContext, services: S): Promise<void> | void;
  /**
   * Start-up work after migrations and boundaries, in MODULES order: built-in declarations,
   * and (when `demo`) the module's demo data. Must be idempotent: it runs at every start.
   */
  prepare?(ctx: AppContext, opts: { demo: boolean }, services: S): Promise<void>;
  /**
   * Background services (brokers, simulators, schedulers) started once the service is ready,
   * by main.ts and by tests that ask for them. Returns how to stop them.
   */
  start?(ctx: AppContext, services: S): Promise<BackgroundService | void>;
}

export interface BackgroundService {
  stop(): Promise<void>;
}
