// The one storage interface of cityops: PostgreSQL + PostGIS, embedded (PGlite) or server.
import type { Kysely } from 'kysely';
import { openEmbeddedDatabase } from './embedded-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import type { DB } from './schema.ts';

export type { DB } from './schema.ts';

export interface Database {
  readonly kind: 'embedded' | 'postgres';
  readonly kysely: Kysely<DB>;
  /** Resolves once the engine answers queries. */
  readonly ready: Promise<void>;
  /** Runs a multi-statement SQL script (migrations). */
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
}

export function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Database {
  return opts.databaseUrl ? openPostgresDatabase(opts.databaseUrl) : openEmbeddedDatabase(`${opts.dataDir}/pg`);
}
