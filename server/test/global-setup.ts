// Prepares the template database once per test run (migrations, boundaries, demo accounts).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { prepare } from '../src/startup.ts';
import { embeddedTemplateDir, postgresTestUrl, templateKey, testDbKind, withClient, maintenanceUrl } from './test-database.ts';

async function buildTemplate(dataDir: string, databaseUrl?: string): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', CITYOPS_DEMO: 'true' });
  const db = openDatabase({ dataDir, databaseUrl });
  const { ctx, services, app } = await buildApp({ config, db, logger: false });
  await prepare(ctx, services);
  await app.close();
  await db.close();
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

export default async function setup(): Promise<void> {
  const kind = testDbKind();
  if (kind === 'embedded') {
    const key = templateKey();
    // Test workers are forked after this and inherit it, so they copy this very template.
    process.env.CITYOPS_TEST_TEMPLATE_KEY = key;
    const dir = embeddedTemplateDir(key);
    pruneOldTemplates(dir);
    if (existsSync(join(dir, 'pg'))) return;
    const building = `${dir}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    await buildTemplate(building);
    // Another run may have built the same template meanwhile: keep theirs.
    if (existsSync(dir)) rmSync(building, { recursive: true, force: true });
    else renameSync(building, dir);
    return;
  }
  // PostgreSQL: the database named by CITYOPS_TEST_DATABASE_URL becomes the template.
  const url = postgresTestUrl();
  await withClient(maintenanceUrl(new URL(url)), async (c) => {
    await c.query('select 1');
  }).catch((e: Error) => {
    throw new Error(`PostgreSQL at CITYOPS_TEST_DATABASE_URL cannot be reached: ${e.message}`);
  });
  await buildTemplate('/tmp/cityops-unused', url);
}
