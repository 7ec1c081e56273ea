// Real databases for integration tests: a migrated, seeded template is made once per run
// (global-setup.ts), and every test file gets its own copy of it, on the embedded engine
// (a copied data folder) or on PostgreSQL (CREATE DATABASE … TEMPLATE).
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export type TestDbKind = 'embedded' | 'postgres';
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function testDbKind(): TestDbKind {
  const kind = process.env.CITYOPS_TEST_DB ?? 'embedded';
  if (kind !== 'embedded' && kind !== 'postgres') throw new Error(`CITYOPS_TEST_DB must be embedded or postgres, got ${kind}`);
  return kind;
}

export function postgresTestUrl(): string {
  const url = process.env.CITYOPS_TEST_DATABASE_URL;
  if (!url) throw new Error('the postgres test project needs CITYOPS_TEST_DATABASE_URL (see .ci/run)');
  return url;
}

/**
 * Hash of what shapes the template's content: migrations, built-in boundaries, and the server
 * code that seeds (module entry points with their prepare hooks, demo generators, built-in
 * declarations, start-up). Other server code does not change the template, so editing a route
 * does not rebuild it. CITYOPS_TEST_TEMPLATE_ALL=1 hashes all of server/src.
 */
const SHAPES_TEMPLATE = /(^|\/)(index\.ts|startup\.ts|app\.ts|[^/]*(seed|demo|builtin|prepare|generator)[^/]*)$|\/demo\//;

export function templateKey(): string {
  const h = createHash('sha256');
  const all = process.env.CITYOPS_TEST_TEMPLATE_ALL === '1';
  const walk = (dir: string, filter: boolean) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, filter);
      else if (!name.endsWith('.test.ts') && (!filter || SHAPES_TEMPLATE.test(p))) h.update(p).update(readFileSync(p));
    }
  };
  walk(join(ROOT, 'server/migrations'), false);
  walk(join(ROOT, 'assets/geo'), false);
  walk(join(ROOT, 'server/src'), !all);
  return h.digest('hex').slice(0, 16);
}

export const embeddedTemplateDir = (key: string) => join(ROOT, '.cache', `test-template-${key}`);

/**
 * A private copy of the template: a data folder, or a database URL. `drop` removes it: an
 * embedded copy is ~300 MB, and a run makes one per test file (global-setup also removes the
 * run's whole temporary folder at the end, for copies a crashed test left behind).
 */
/** DATA_DIR of the PostgreSQL template's build (its demo data key), inside the run's folder. */
export const postgresTemplateDataDir = () => join(tmpdir(), 'postgres-template-data');

/**
 * The demo's data key (`DATA_DIR/keys`, made when the template's demo data was encrypted) goes
 * with every copy: without it the copy could not read the template's encrypted columns.
 */
function copyTemplateKeys(templateDataDir: string, dataDir: string): void {
  const keys = join(templateDataDir, 'keys');
  if (existsSync(keys)) cpSync(keys, join(dataDir, 'keys'), { recursive: true });
}

export async function copyTemplate(kind: TestDbKind): Promise<{ dataDir: string; databaseUrl?: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'embedded') {
    // The key global-setup built (files may change while the run goes on).
    const key = process.env.CITYOPS_TEST_TEMPLATE_KEY ?? templateKey();
    cpSync(join(embeddedTemplateDir(key), 'pg'), join(dataDir, 'pg'), { recursive: true });
    copyTemplateKeys(embeddedTemplateDir(key), dataDir);
    // Removed in the background: the next file need not wait for 200 MB to be unlinked (the
    // run's temporary folder is removed whole at the end in any case).
    return { dataDir, drop: async () => void rm(dataDir, { recursive: true, force: true }).catch(() => undefined) };
  }
  const templateUrl = new URL(postgresTestUrl());
  const template = templateUrl.pathname.slice(1);
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = maintenanceUrl(templateUrl);
  await withClient(admin, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  copyTemplateKeys(postgresTemplateDataDir(), dataDir);
  const url = new URL(templateUrl.href);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.href,
    drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => removeDir()),
  };
}

export function maintenanceUrl(url: URL): string {
  const u = new URL(url.href);
  u.pathname = '/postgres';
  return u.href;
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
