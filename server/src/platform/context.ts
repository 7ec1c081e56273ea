// What every module receives: configuration, storage and the shared services with side
// effects, so a module never reaches for globals.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from './db/database.ts';
import type { Lifecycle } from './lifecycle.ts';
import type { AuditLog } from '../modules/audit/index.ts';

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
}

/** A domain module: one folder under server/src/modules, one public entry (its index.ts). */
export interface ServerModule {
  name: string;
  /** Adds the module's routes; called once while the app is built. */
  routes?(app: FastifyInstance, ctx: AppContext): Promise<void> | void;
}
