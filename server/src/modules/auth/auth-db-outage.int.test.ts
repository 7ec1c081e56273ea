// Signed-in callers while PostgreSQL is down: a private PostgreSQL 15 cluster (a copy of the
// postgres project's template) that the test stops and restarts, and an in-process cityops app on
// it with a clock the test can move. A credential the database confirmed less than 10 minutes
// ago keeps working; one it never confirmed, or refused, gets 503 database_unavailable; with the
// database up, revocation acts at once. Runs in the postgres project only (the embedded engine is
// in-process: there is no database server to stop).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase, type Database } from '../../platform/db/database.ts';
import { prepare } from '../../startup.ts';
import { postgresTestUrl, testDbKind, withClient } from '../../../test/test-database.ts';
import { copyDatabase, startPgCluster, until } from '../sensors/test-fixtures.ts';

const onPostgres = testDbKind() === 'postgres';
let cluster: Awaited<ReturnType<typeof startPgCluster>> | undefined;
let db: Database | undefined;
let built: BuiltApp | undefined;
let base = '';
/** Added to the app's clock: moves "now" past the cache's 10 minutes. */
let clockOffsetMs = 0;

beforeAll(async () => {
  if (!onPostgres) return;
  cluster = await startPgCluster();
  await copyDatabase(postgresTestUrl(), cluster.url('postgres'), 'cityops');
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cityops-auth-outage-')), LOG_LEVEL: 'warn', PORT: '0', DATABASE_URL: cluster.url('cityops') });
  db = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  built = await buildApp({ config, db, logger: false, clock: { now: () => new Date(Date.now() + clockOffsetMs) } });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  await prepare(built.ctx, built.services);
  const a = built.app.server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => {
  await built?.app.close();
  await db?.close();
  await cluster?.dispose();
});

const call = (path: string, opts: { token?: string; cookie?: string; method?: string; json?: unknown } = {}) =>
  fetch(base + path, {
    method: opts.method ?? 'GET',
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: opts.json !== undefined ? JSON.stringify(opts.json) : null,
  });
const login = async (username: string) => {
  const res = await call('/api/auth/login', { method: 'POST', json: { username, password: 'demo' } });
  expect(res.status).toBe(200);
  return { token: ((await res.json()) as { token: string }).token, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
};
/** Status and error code of GET /api/users (admin only): 403 means "signed in, but not as admin". */
const users = async (auth: { token?: string; cookie?: string }) => {
  const res = await call('/api/users', auth);
  const body = (await res.json()) as { error?: string };
  return { status: res.status, error: body.error, retryAfter: res.headers.get('retry-after') };
};

describe.skipIf(!onPostgres)('authentication while PostgreSQL is unreachable', () => {
  it('keeps recently confirmed credentials working, answers 503 for the rest, and revocation acts while the database is up', async () => {
    const admin = (await login('admin')).token;
    const operatorBearer = (await login('operator')).token;
    const operatorCookie = (await login('operator')).cookie;
    expect(operatorCookie).toMatch(/^cityops_session=cos_/);
    expect((await call('/api/users', { method: 'POST', token: admin, json: { username: 'gauge-9', displayName: 'Gauge', role: 'device' } })).status).toBe(201);
    const issue = async (name: string) => {
      const res = await call('/api/tokens', { method: 'POST', token: admin, json: { name, username: 'gauge-9' } });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: number; token: string };
    };
    const device = await issue('live');
    const revokedByApi = await issue('revoked-by-api');
    const revokedElsewhere = await issue('revoked-elsewhere');

    // Database up: every credential is confirmed (and so remembered); a device is not admin.
    for (const auth of [{ token: operatorBearer }, { cookie: operatorCookie }, { token: device.token }, { token: revokedByApi.token }, { token: revokedElsewhere.token }]) {
      expect(await users(auth)).toMatchObject({ status: 403, error: 'forbidden' });
    }
    // Revoked through this server, and directly in the database (as another server instance
    // would): refused at once, the remembered principal is not used while the database answers.
    expect((await call(`/api/tokens/${revokedByApi.id}`, { method: 'DELETE', token: admin })).status).toBe(204);
    await withClient(cluster!.url('cityops'), (c) => c.query('update credentials set revoked_at = now() where id = $1', [revokedElsewhere.id]));
    expect(await users({ token: revokedByApi.token })).toMatchObject({ status: 401, error: 'invalid_token' });
    expect(await users({ token: revokedElsewhere.token })).toMatchObject({ status: 401, error: 'invalid_token' });

    await cluster!.stop();
    // Confirmed credentials still authenticate: 403 = signed in with the right role, not admin.
    expect(await users({ token: operatorBearer })).toMatchObject({ status: 403, error: 'forbidden' });
    expect(await users({ cookie: operatorCookie })).toMatchObject({ status: 403, error: 'forbidden' });
    expect(await users({ token: device.token })).toMatchObject({ status: 403, error: 'forbidden' });
    // The admin authenticates too; the route itself needs the database: 503, not 500.
    expect(await users({ token: admin })).toEqual({ status: 503, error: 'database_unavailable', retryAfter: '5' });
    // Never seen, or refused by the database before it went down: cannot be checked, 503.
    const unavailable = { status: 503, error: 'database_unavailable', retryAfter: '5' };
    expect(await users({ token: 'cot_never-seen-before' })).toEqual(unavailable);
    expect(await users({ cookie: 'cityops_session=cos_never-seen-before' })).toEqual(unavailable);
    expect(await users({ token: revokedByApi.token })).toEqual(unavailable);
    expect(await users({ token: revokedElsewhere.token })).toEqual(unavailable);
    // Public routes that need no database still answer, anonymous callers get their 401.
    expect((await call('/api/users')).status).toBe(401);

    // The remembered principal lasts 10 minutes after the last confirmation.
    clockOffsetMs = 9 * 60_000;
    expect(await users({ token: operatorBearer })).toMatchObject({ status: 403 });
    clockOffsetMs = 10 * 60_000;
    expect(await users({ token: operatorBearer })).toEqual(unavailable);
    expect(await users({ token: device.token })).toEqual(unavailable);
    clockOffsetMs = 0;

    // Back up: the database decides again.
    await cluster!.start();
    await until(() => users({ token: admin }), (r) => r.status === 200, 30_000, 'the database to answer again');
    expect(await users({ token: operatorBearer })).toMatchObject({ status: 403, error: 'forbidden' });
    expect(await users({ token: device.token })).toMatchObject({ status: 403, error: 'forbidden' });
    expect(await users({ token: revokedByApi.token })).toMatchObject({ status: 401, error: 'invalid_token' });
    expect(await users({ token: revokedElsewhere.token })).toMatchObject({ status: 401, error: 'invalid_token' });
    expect(await users({ token: 'cot_never-seen-before' })).toMatchObject({ status: 401, error: 'invalid_token' });
  }, 240_000);
});
