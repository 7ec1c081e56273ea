// Security suite (issue 14, "Proving it"): the authorisation matrix, generated from the
// route table that buildApp() returns, so a new route is covered the day it is added.
// Every route × every role (anonymous, device, officer, leader, operator, admin): a role the
// route does not declare never gets a 2xx (401 anonymous, 403 signed in — what the access
// layer answers), and no request ever gets a 5xx. Then the object-level cases the route-level
// check cannot see: an officer and a foreign ward's feedback report, an officer writing a
// record outside their ward, a non-admin revoking someone else's API token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { RouteAccessEntry } from './access.ts';
import { testDbKind } from '../../../test/test-database.ts';

type Role = 'anonymous' | 'device' | 'officer' | 'leader' | 'operator' | 'admin';
const ROLES: Role[] = ['anonymous', 'device', 'officer', 'leader', 'operator', 'admin'];

let s: TestServer;
const tokens = {} as Record<Role, string | undefined>;
/** Existing ids to put in paths, where one is easy to find. */
const existing = { sensorId: 'x', datasetRecord: 1, feedbackReport: 1, area: '27475' };
/** A numeric id no row has: writes by allowed roles then change nothing (404) and the matrix stays order-independent. */
const MISSING_ID = 2_000_000_000;

/** Streams (SSE) never end: the headers are enough. */
const isStream = (url: string) => /\/stream$/.test(url);

function fillPath(route: RouteAccessEntry, allowedWrite: boolean): string {
  const id = (n: number | string) => (allowedWrite ? MISSING_ID : n);
  const isDataset = route.url.startsWith('/api/datasets/');
  return route.url
    .replace(/:id\.xml/, '1.xml')
    .replace(/:(\w+)/g, (_, name: string) => {
      switch (name) {
        case 'id':
          if (isDataset) return 'pharmacies';
          if (route.url.startsWith('/api/areas/')) return existing.area;
          if (route.url.startsWith('/api/feedback/reports/')) return String(id(existing.feedbackReport));
          return String(id(1));
        case 'rid':
          return String(id(existing.datasetRecord));
        case 'datasetId':
        case 'collectionId':
          return 'pharmacies';
        case 'sensorId':
          return existing.sensorId;
        case 'code':
          return 'PA-ABCDEFGH';
        case 'token':
          return 'not-a-photo-token';
        case 'file':
          return 'x.json';
        case 'type':
          return 'flood';
        case 'action':
          return 'verify';
        case 'z':
          return '14';
        case 'x':
          return '13053';
        case 'y':
          return '7700';
        default:
          return String(id(1));
      }
    })
    .replace(/\*$/, 'some/page');
}

function allowedRoles(route: RouteAccessEntry): Role[] {
  const a = route.access!;
  return a.kind === 'public' || a.kind === 'files' ? ROLES : (a.roles as Role[]);
}

interface Outcome {
  role: Role;
  route: string;
  status: number | 'aborted';
  allowed: boolean;
}

async function call(route: RouteAccessEntry, role: Role): Promise<Outcome> {
  const allowed = allowedRoles(route).includes(role);
  const write = !['GET', 'HEAD'].includes(route.method);
  const path = fillPath(route, allowed && write);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), isStream(route.url) ? 3000 : 60_000);
  const label = `${route.method} ${route.url}`;
  try {
    const res = await s.api(path, { method: route.method, token: tokens[role], signal: ctl.signal, ...(write ? { json: {} } : {}) });
    if (isStream(route.url)) await res.body?.cancel();
    else await res.arrayBuffer();
    return { role, route: label, status: res.status, allowed };
  } catch (e) {
    if (isStream(route.url) && ctl.signal.aborted) return { role, route: label, status: 'aborted', allowed };
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** The ends of a session go last, so that no earlier request runs with a token already logged out. */
const LAST = (r: RouteAccessEntry) => r.url === '/api/auth/logout';

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

async function pointIn(code: string): Promise<[number, number]> {
  const r = await sql<{ x: number; y: number }>`
    select ST_X(p) as x, ST_Y(p) as y from (select ST_PointOnSurface(geom) as p from areas where code = ${code} and valid_to is null) t`.execute(s.ctx.db.kysely);
  return [Number(r.rows[0]!.x), Number(r.rows[0]!.y)];
}

beforeAll(async () => {
  if (testDbKind() === 'postgres') return;
  s = await startTestServer({ FEEDBACK_RATE_PER_IP_HOUR: '100000', FEEDBACK_RATE_PER_PHONE_DAY: '100000' });
  const [admin, officer, leader, operator] = await Promise.all([s.login('admin'), s.login('officer'), s.login('leader'), s.login('operator')]);
  Object.assign(tokens, { anonymous: undefined, admin, officer, leader, operator });
  expect((await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'authz-device', displayName: 'Matrix device', role: 'device' } })).status).toBe(201);
  const issued = await s.api('/api/tokens', { method: 'POST', token: admin, json: { name: 'matrix', username: 'authz-device' } });
  expect(issued.status).toBe(201);
  tokens.device = ((await issued.json()) as { token: string }).token;
  const sensor = await sql<{ key: string }>`select natural_key as key from records where dataset_id = 'sensors' and natural_key is not null order by id limit 1`.execute(s.ctx.db.kysely);
  if (sensor.rows[0]) existing.sensorId = sensor.rows[0].key;
  const rec = await sql<{ id: string }>`select id from records where dataset_id = 'pharmacies' order by id limit 1`.execute(s.ctx.db.kysely);
  if (rec.rows[0]) existing.datasetRecord = Number(rec.rows[0].id);
  const rep = await sql<{ id: string }>`select id from feedback_reports order by id limit 1`.execute(s.ctx.db.kysely);
  if (rep.rows[0]) existing.feedbackReport = Number(rep.rows[0].id);
});
afterAll(() => s?.close());

// Engine-independent (route and object access rules live in the HTTP layer and the services, not in the SQL dialect): run on the embedded engine only, to keep the PostgreSQL phase
// within the CI budget; the same code paths run there through the other files.
describe.skipIf(testDbKind() === 'postgres')('authorisation matrix: every route × every role', () => {
  it('no role beyond the declared ones gets a 2xx, and nothing answers 5xx', async () => {
    const routes = s.routeTable.filter((r) => r.access);
    expect(routes.length).toBe(s.routeTable.length); // every route declares its access
    expect(routes.length).toBeGreaterThan(100);
    const cases = routes.filter((r) => !LAST(r)).flatMap((route) => ROLES.map((role) => ({ route, role })));
    const outcomes = await pool(cases, 4, ({ route, role }) => call(route, role));
    for (const route of routes.filter(LAST)) for (const role of ROLES) outcomes.push(await call(route, role));

    const expectedDenial = (role: Role) => (role === 'anonymous' ? 401 : 403);
    const leaks = outcomes.filter((o) => !o.allowed && o.status !== expectedDenial(o.role));
    const serverErrors = outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500);
    expect(leaks).toEqual([]);
    expect(serverErrors).toEqual([]);
    // Everything was exercised: routes × roles.
    expect(outcomes.length).toBe(routes.length * ROLES.length);
    expect(outcomes.filter((o) => !o.allowed).length).toBeGreaterThan(routes.length);
  });
});

describe.skipIf(testDbKind() === 'postgres')('object-level authorisation (what the route-level check cannot see)', () => {
  // The matrix ended with logouts: fresh sessions.
  beforeAll(async () => {
    const [admin, officer, leader, operator] = await Promise.all([s.login('admin'), s.login('officer'), s.login('leader'), s.login('operator')]);
    Object.assign(tokens, { admin, officer, leader, operator });
  });

  async function submitReport(at: [number, number], description: string): Promise<number> {
    const form = new FormData();
    for (const [k, v] of Object.entries({ category: 'giao-thong', description, lat: at[1], lon: at[0], name: 'Phạm Văn D', phone: '0912345678' })) form.set(k, String(v));
    const res = await s.api('/api/feedback', { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const { trackingCode } = (await res.json()) as { trackingCode: string };
    const r = await sql<{ id: number }>`select id from feedback_reports where tracking_code = ${trackingCode}`.execute(s.ctx.db.kysely);
    return Number(r.rows[0]!.id);
  }

  it("an officer can neither read nor act on a feedback report of another ward", async () => {
    const mine = await submitReport(await pointIn('27475'), 'Ổ gà trước cổng chợ, phường mình');
    const foreign = await submitReport(await pointIn('27487'), 'Ổ gà trước cổng chợ, phường khác');
    const officer = tokens.officer!;
    const seen = async () => {
      const d = (await (await s.api(`/api/feedback/reports/${foreign}`, { token: tokens.admin! })).json()) as Record<string, unknown>;
      return { status: d.status, wardUnit: d.wardUnit, departmentUnit: d.departmentUnit, assignedUnit: d.assignedUnit, mergedInto: d.mergedInto };
    };
    const before = await seen();
    expect(before.status).toBeTruthy();
    expect((await s.api(`/api/feedback/reports/${mine}`, { token: officer })).status).toBe(200); // the control: their own ward
    expect([403, 404]).toContain((await s.api(`/api/feedback/reports/${foreign}`, { token: officer })).status);
    expect([403, 404]).toContain((await s.api(`/api/feedback/reports/${foreign}/reveal`, { method: 'POST', token: officer })).status);
    for (const action of ['verify', 'reject', 'assign', 'start', 'resolve', 'close']) {
      const res = await s.api(`/api/feedback/reports/${foreign}/${action}`, { method: 'POST', token: officer, json: { unitCode: 'ubnd-27475', reason: 'x', answer: 'x', text: 'x' } });
      expect([403, 404], `${action}`).toContain(res.status);
    }
    const merge = await s.api(`/api/feedback/reports/${foreign}/merge`, { method: 'POST', token: officer, json: { intoId: mine, into: mine, targetId: mine } });
    expect([400, 403, 404]).toContain(merge.status);
    const bulk = await s.api('/api/feedback/reports/bulk-assign', { method: 'POST', token: officer, json: { ids: [foreign], unitCode: 'ubnd-27475' } });
    expect(bulk.status).toBeLessThan(500);
    // Nothing changed on the foreign report.
    expect(await seen()).toEqual(before);
    const list = (await (await s.api('/api/feedback/reports?limit=500', { token: officer })).json()) as { reports: { id: number }[] };
    expect(list.reports.map((r) => r.id)).not.toContain(foreign);
  });

  it('an officer cannot write a dataset record outside their ward', async () => {
    const inside = await pointIn('27475');
    const outside = await pointIn('27478');
    const officer = tokens.officer!;
    const pharmacy = (code: string, at: [number, number]) => ({
      properties: { code, name: `Nhà thuốc Ma Trận ${code}`, address: '1 Nguyễn Thị Thập' },
      geometry: { type: 'Point', coordinates: at },
    });
    expect((await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: officer, json: pharmacy('AZ-1', outside) })).status).toBe(403);
    const mine = await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: officer, json: pharmacy('AZ-2', inside) });
    expect(mine.status).toBe(201);
    const mineId = ((await mine.json()) as { id: number }).id;
    // Moving their own record out of the ward is writing outside it.
    expect((await s.api(`/api/datasets/pharmacies/records/${mineId}`, { method: 'PATCH', token: officer, json: { geometry: { type: 'Point', coordinates: outside } } })).status).toBe(403);
    const foreign = await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: tokens.operator!, json: pharmacy('AZ-3', outside) });
    expect(foreign.status).toBe(201);
    const foreignId = ((await foreign.json()) as { id: number }).id;
    expect((await s.api(`/api/datasets/pharmacies/records/${foreignId}`, { method: 'PATCH', token: officer, json: { properties: { name: 'Đổi tên' } } })).status).toBe(403);
    expect((await s.api(`/api/datasets/pharmacies/records/${foreignId}`, { method: 'DELETE', token: officer })).status).toBe(403);
    const bulk = await s.api('/api/datasets/pharmacies/records/bulk', { method: 'POST', token: officer, json: { ids: [foreignId], action: 'delete', operations: [{ op: 'delete', id: foreignId }] } });
    expect(bulk.status).toBeLessThan(500);
    // The foreign record is still there, unchanged.
    const still = await s.api(`/api/datasets/pharmacies/records/${foreignId}`, { token: tokens.admin! });
    expect(still.status).toBe(200);
    expect(((await still.json()) as { properties: { name: string } }).properties.name).toBe('Nhà thuốc Ma Trận AZ-3');
  });

  it("a non-admin cannot revoke someone else's API token", async () => {
    const issued = await s.api('/api/tokens', { method: 'POST', token: tokens.operator!, json: { name: 'operator script' } });
    expect(issued.status).toBe(201);
    const { id, token } = (await issued.json()) as { id: number; token: string };
    for (const role of ['officer', 'leader'] as const) {
      const res = await s.api(`/api/tokens/${id}`, { method: 'DELETE', token: tokens[role]! });
      expect([403, 404], role).toContain(res.status);
    }
    // Nor may they see it in their list.
    const officerList = (await (await s.api('/api/tokens', { token: tokens.officer! })).json()) as { tokens?: { id: number }[] };
    expect((officerList.tokens ?? []).map((t) => t.id)).not.toContain(id);
    expect((await s.api('/api/auth/me', { token })).status).toBe(200); // still alive
  });
});
