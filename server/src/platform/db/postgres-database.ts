// Server engine: PostgreSQL + PostGIS through node-postgres, the same Kysely dialect.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database, DB } from './database.ts';

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

// Same parsing as the embedded worker: counts as numbers, dates as 'YYYY-MM-DD' strings
// (node-postgres would otherwise turn a DATE into a local-midnight Date).
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

export function openPostgresDatabase(connectionString: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: typeParsers });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // A checked-out client can lose its server between two queries too (PostgreSQL restarting):
  // the query in progress gets the error and the pool discards the client; the event must not crash.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    kysely,
    ready: pool.query('select 1').then(() => undefined),
    async execScript(sql) {
      // No parameters: node-postgres uses the simple protocol, which runs several statements.
      // A dedicated client, so a failed script's open transaction never goes back to the pool.
      const client = await pool.connect();
      try {
        await client.query(sql);
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => kysely.destroy(),
  };
}
