// Versioned SQL migrations, applied in order at start. An applied migration is frozen:
// its checksum is kept, and a file edited after landing stops the start with a clear error.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));
const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const m = FILE.exec(f);
      if (!m) throw new Error(`migration file name must look like 0001_name.sql: ${f}`);
      const text = readFileSync(`${dir}/${f}`, 'utf8');
      return { version: m[1]!, name: m[2]!, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  await db.execScript(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied = await db.kysely.selectFrom('schema_migrations').selectAll().execute();
  const byVersion = new Map(applied.map((a) => [a.version, a]));
  for (const a of applied) {
    const m = migrations.find((x) => x.version === a.version);
    if (!m) throw new Error(`database has migration ${a.version}_${a.name}, which this version of cityops does not know`);
    if (m.checksum !== a.checksum) {
      throw new Error(`migration ${a.version}_${a.name} was edited after it was applied; add a new migration instead`);
    }
  }
  const done: string[] = [];
  for (const m of migrations) {
    if (byVersion.has(m.version)) continue;
    // One transaction per migration: it lands whole or not at all.
    await db.execScript(
      `BEGIN;\n${m.sql}\n;\nINSERT INTO schema_migrations (version, name, checksum) VALUES ('${m.version}', '${m.name}', '${m.checksum}');\nCOMMIT;`,
    );
    done.push(`${m.version}_${m.name}`);
  }
  return done;
}

export async function appliedVersions(db: Database): Promise<string[]> {
  const r = await sql<{ version: string }>`select version from schema_migrations order by version`.execute(db.kysely);
  return r.rows.map((x) => x.version);
}
