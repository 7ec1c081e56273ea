// Prepares the template database once per test run (migrations, boundaries, demo accounts).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { prepare } from '../src/startup.ts';
import { embeddedTemplateDir, postgresTemplateDataDir, postgresTestUrl, templateKey, testDbKind, withClient, maintenanceUrl } from './test-database.ts';

async function buildTemplate(dataDir: string, databaseUrl?: string): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', CITYOPS_DEMO: 'true' });
  const db = openDatabase({ dataDir, databaseUrl });
  const { ctx, services, app } = await buildApp({ config, db, logger: false });
  await prepare(ctx, services);
  const walNow = databaseUrl ? undefined : (await sql<{ f: string }>`select pg_walfile_name(pg_current_wal_insert_lsn()) as f`.execute(db.kysely)).rows[0]?.f;
  await app.close();
  await db.close();
  if (walNow) trimPreallocatedWal(join(dataDir, 'pg', 'pg_wal'), walNow);
}

/**
 * PostgreSQL keeps up to ~200 MB of recycled WAL segments ahead of the one it writes: never read,
 * but copied with the template for every test file. Segments named after the current one (plus
 * one spare, for the shutdown checkpoint) are removed; the server creates new ones when needed.
 */
function trimPreallocatedWal(walDir: string, current: string): void {
  const next = (BigInt(`0x${current}`) + 1n).toString(16).toUpperCase().padStart(24, '0');
  for (const name of readdirSync(walDir)) {
    if (/^[0-9A-F]{24}$/.test(name) && name > next) rmSync(join(walDir, name));
  }
}

/** Templates of earlier code versions pile up (~250 MB each): drop those unused for 2 hours. */
function pruneOldTemplates(current: string): void {
  const parent = dirname(current);
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const p = join(parent, name);
    if (p === current || !name.startsWith('test-template-')) continue;
    if (Date.now() - statSync(p).mtimeMs > 2 * 3600_000) rmSync(p, { recursive: true, force: true });
  }
}

/**
 * One temporary folder per run, made the test workers' TMPDIR (they are forked after this and
 * inherit it): database copies, broker folders and client outputs all land in it, and the
 * teardown removes it whole, so a run never leaves gigabytes behind (an embedded copy is
 * ~300 MB, one per test file), even when a test crashes before its own clean-up. Folders that
 * killed runs left in the system's temporary folder are removed after 6 hours.
 */
function useRunTmpDir(): () => Promise<void> {
  const systemTmp = tmpdir();
  for (const name of readdirSync(systemTmp)) {
    if (!/^cityops-(run|test)-/.test(name)) continue;
    const p = join(systemTmp, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > 6 * 3600_000) rmSync(p, { recursive: true, force: true });
    } catch {
      // another run removed it meanwhile
    }
  }
  const runDir = mkdtempSync(join(systemTmp, 'cityops-run-'));
  // Mosquitto drops to its own user and must reach its folder inside this one.
  chmodSync(runDir, 0o755);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  return async () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(runDir, { recursive: true, force: true });
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const teardown = useRunTmpDir();
  // The project's `env` reaches its test workers, not this global setup, which runs in the main
  // process: the engine comes from the project's configuration. (Reading only process.env here
  // once built the embedded template for the PostgreSQL project too, so every PostgreSQL test
  // file migrated and seeded its own copy of an empty database.)
  const configured = project.config.env?.CITYOPS_TEST_DB;
  if (configured) process.env.CITYOPS_TEST_DB = configured;
  const kind = testDbKind();
  if (kind === 'embedded') {
    const key = templateKey();
    // Test workers are forked after this and inherit it, so they copy this very template.
    process.env.CITYOPS_TEST_TEMPLATE_KEY = key;
    const dir = embeddedTemplateDir(key);
    pruneOldTemplates(dir);
    if (existsSync(join(dir, 'pg'))) return teardown;
    const building = `${dir}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    await buildTemplate(building);
    // Another run may have built the same template meanwhile: keep theirs.
    if (existsSync(dir)) rmSync(building, { recursive: true, force: true });
    else renameSync(building, dir);
    return teardown;
  }
  // PostgreSQL: the database named by CITYOPS_TEST_DATABASE_URL becomes the template.
  const url = postgresTestUrl();
  await withClient(maintenanceUrl(new URL(url)), async (c) => {
    await c.query('select 1');
  }).catch((e: Error) => {
    throw new Error(`PostgreSQL at CITYOPS_TEST_DATABASE_URL cannot be reached: ${e.message}`);
  });
  await buildTemplate(postgresTemplateDataDir(), url);
  return teardown;
}
