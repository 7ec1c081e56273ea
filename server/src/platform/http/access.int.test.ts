import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { testDbKind } from '../../../test/test-database.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

describe('every route states who may call it', () => {
  it('has an access rule on every registered route', () => {
    expect(s.routeTable.length).toBeGreaterThan(10);
    const missing = s.routeTable.filter((r) => !r.access);
    expect(missing).toEqual([]);
  });

  it('refuses the anonymous public on every route that is not public', async () => {
    const guarded = s.routeTable.filter((r) => r.access?.kind === 'roles' && r.method !== 'HEAD');
    expect(guarded.length).toBeGreaterThan(5);
    for (const r of guarded) {
      const path = r.url.replace(/:[a-zA-Z]+/g, '1').replace('*', 'x');
      const res = await s.api(path, { method: r.method, json: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      expect({ route: `${r.method} ${r.url}`, status: res.status }).toEqual({ route: `${r.method} ${r.url}`, status: 401 });
    }
  });

  it('refuses a role that is not listed', async () => {
    const leader = await s.login('leader');
    const adminOnly = s.routeTable.filter((r) => r.access?.kind === 'roles' && r.access.roles.length === 1 && r.access.roles[0] === 'admin' && r.method === 'GET');
    expect(adminOnly.length).toBeGreaterThan(0);
    for (const r of adminOnly) expect((await s.api(r.url, { token: leader })).status).toBe(403);
  });

  it('an unknown Bearer token is an error, not an anonymous call', async () => {
    const res = await s.api('/api/areas', { token: 'cot_not-a-real-token' });
    expect(res.status).toBe(401);
  });
});

// On the embedded engine every query shares one session: a long one (a first data-quality report,
// an import) made the web client's page and scripts wait behind it, because the caller's session
// was looked up for every request. Files do not look it up.
describe.skipIf(testDbKind() === 'postgres')('the web client while the database is busy', () => {
  it('serves its files without waiting for the database', async () => {
    const token = await s.login('operator');
    let sleepDone = false;
    const busy = sql`select pg_sleep(2)`.execute(s.ctx.db.kysely).then(() => {
      sleepDone = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the sleep holds the session now
    const page = await s.api('/map', { token });
    const servedWhileBusy = !sleepDone;
    await page.arrayBuffer();
    await busy;
    expect(servedWhileBusy).toBe(true);
    // An API call made the same way does wait for the database: the test can tell the two apart.
    let sleep2Done = false;
    const busy2 = sql`select pg_sleep(1)`.execute(s.ctx.db.kysely).then(() => {
      sleep2Done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await s.api('/api/auth/me', { token })).status).toBe(200);
    expect(sleep2Done).toBe(true);
    await busy2;
  });
});
