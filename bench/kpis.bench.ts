// KPI queries through the HTTP API (value, previous period, trend, per-area breakdown) over the
// demo data, against the raw SQL a naive implementation would run for the same value (count
// over the records with the area and period filters) in the same run; then the largest
// contentful paint of the overview dashboard in headless Chromium. Prints JSON lines.
//
//   BENCH_N               number of KPI requests (default 300)
//   BENCH_DATABASE_URL    also run the API part against PostgreSQL
//   BENCH_WEB_DIST        an already built web client (default: built into a temporary folder)
//   BENCH_SKIP_LCP=1      skip the browser part
//   BENCH_LCP_RUNS        navigations measured per page (default 3)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { mulberry32 } from '../server/src/platform/random.ts';
import { prepare } from '../server/src/startup.ts';

const N = Number(process.env.BENCH_N ?? 300);
const GOAL_P95_MS = 100;
const GOAL_LCP_MS = 2500;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (x: number) => +x.toFixed(2);

/** KPIs over the records, with the dataset and date field the raw baseline needs. */
const CASES = [
  { id: 'household-businesses', dataset: 'household-businesses', dateField: null },
  { id: 'enterprises', dataset: 'enterprises', dateField: null },
  { id: 'new-enterprises', dataset: 'enterprises', dateField: 'registeredOn' },
  { id: 'food-service-licensed', dataset: 'food-service-businesses', dateField: null },
  { id: 'schools', dataset: 'schools', dateField: null },
  { id: 'security-cameras', dataset: 'security-cameras', dateField: null },
];
const AREAS: { code: string | null; scheme: 'vn2025' | 'vn2008' }[] = [
  { code: null, scheme: 'vn2025' },
  ...['27475', '27478', '27484', '27487'].map((code) => ({ code, scheme: 'vn2025' as const })),
  ...['27466', '27469', '27472', '27481', '27490'].map((code) => ({ code, scheme: 'vn2008' as const })),
  { code: '778', scheme: 'vn2008' },
];

function buildWeb(): { dir: string; temp: boolean } {
  if (process.env.BENCH_WEB_DIST) return { dir: process.env.BENCH_WEB_DIST, temp: false };
  const dir = mkdtempSync(join(tmpdir(), 'cityops-bench-web-'));
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
  return { dir, temp: true };
}

async function run(engine: 'embedded' | 'postgres', webDist: string | null): Promise<void> {
  const dataDir = '.cache/bench-kpis';
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = engine === 'postgres' ? process.env.BENCH_DATABASE_URL : undefined;
  const config = loadConfig({
    DATA_DIR: dataDir, LOG_LEVEL: 'warn', CITYOPS_DEMO: 'true',
    ...(webDist ? { CITYOPS_WEB_DIST: webDist } : {}), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl });
  const { app, ctx, services } = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await prepare(ctx, services);
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'demo' }) });
  const token = ((await login.json()) as { token: string }).token;
  const headers = { authorization: `Bearer ${token}` };

  // Ward ids of each area (the raw baseline filters records by them, as the API does).
  const areaIds = new Map<string, number[]>();
  for (const a of AREAS) {
    if (!a.code) continue;
    const r = await sql<{ id: number }>`
      with recursive t as (select id, level from areas where code = ${a.code} and scheme = ${a.scheme}
        union all select c.id, c.level from areas c join t on c.parent_id = t.id)
      select id from t where level = 'ward'`.execute(db.kysely);
    areaIds.set(`${a.scheme}:${a.code}`, r.rows.map((x) => x.id));
  }

  const rand = mulberry32(11);
  const requests = Array.from({ length: N }, () => {
    const c = CASES[Math.floor(rand() * CASES.length)]!;
    const a = AREAS[Math.floor(rand() * AREAS.length)]!;
    const year = 2015 + Math.floor(rand() * 10);
    return { c, a, from: c.dateField ? `${year}-01-01` : null, to: c.dateField ? `${year}-12-31` : null };
  });

  // Cold: the first request of each KPI builds its aggregate.
  const cold: number[] = [];
  for (const c of CASES) {
    const t = performance.now();
    await (await fetch(`${base}/api/kpis/${c.id}`, { headers })).json();
    cold.push(performance.now() - t);
  }

  const api: number[] = [];
  const raw: number[] = [];
  let mismatches = 0;
  for (const q of requests) {
    const ids = q.a.code ? areaIds.get(`${q.a.scheme}:${q.a.code}`)! : null;
    let t = performance.now();
    const r = await sql<{ n: number }>`select count(*)::int as n from records r where r.dataset_id = ${q.c.dataset}
      ${ids ? sql`and r.area_ids && ${ids}::int[]` : sql``}
      ${q.c.dateField && q.from ? sql`and (r.props ->> ${q.c.dateField}) >= ${q.from} and (r.props ->> ${q.c.dateField}) <= ${q.to}` : sql``}`.execute(db.kysely);
    raw.push(performance.now() - t);
    const params = new URLSearchParams({ scheme: q.a.scheme, ...(q.a.code ? { area: q.a.code } : {}), ...(q.from ? { from: q.from, to: q.to!, compare: 'previous' } : {}) });
    t = performance.now();
    const res = await fetch(`${base}/api/kpis/${q.c.id}?${params}`, { headers });
    const body = (await res.json()) as { count: number };
    api.push(performance.now() - t);
    if (body.count !== r.rows[0]!.n) mismatches++;
  }
  console.log(JSON.stringify({
    bench: 'kpis-query', engine, n: N,
    api_p50_ms: ms(pct(api, 0.5)), api_p95_ms: ms(pct(api, 0.95)),
    raw_sql_p50_ms: ms(pct(raw, 0.5)), raw_sql_p95_ms: ms(pct(raw, 0.95)),
    ratio_p50: +(pct(api, 0.5) / pct(raw, 0.5)).toFixed(2),
    cold_first_request_max_ms: ms(Math.max(...cold)),
    value_mismatches_vs_raw: mismatches,
    goal_p95_ms: GOAL_P95_MS, goal_met: pct(api, 0.95) <= GOAL_P95_MS && mismatches === 0,
  }));

  if (webDist && process.env.BENCH_SKIP_LCP !== '1') await lcp(base);
  await app.close();
  await db.close();
}

/** Largest contentful paint of a page already signed in: fresh navigation; the entry and its element. */
async function measureLcp(page: Page, url: string, ready: string): Promise<{ ms: number; element: string }> {
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500); // let the last paints land before reading the entries
  return page.evaluate(() => new Promise<{ ms: number; element: string }>((resolve) => {
    new PerformanceObserver((list) => {
      const entries = list.getEntries() as (PerformanceEntry & { element?: Element | null })[];
      const last = entries[entries.length - 1]!;
      const el = last.element;
      resolve({ ms: last.startTime, element: el ? `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : el.className ? `.${String(el.className).split(' ')[0]}` : ''}` : '' });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  }));
}

/**
 * Largest contentful paint of /dashboards/overview, signed in, fresh navigation, median of
 * BENCH_LCP_RUNS (default 3); the baseline in the same run is the LCP of /data (the data
 * catalogue: same shell and bundle, one small API answer), so the machine's load shows in both.
 */
async function lcp(base: string): Promise<void> {
  const runs = Number(process.env.BENCH_LCP_RUNS ?? 3);
  const profile = mkdtempSync(join(tmpdir(), 'cityops-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    viewport: { width: 1920, height: 1080 }, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/login`);
    await page.getByTestId('login-username').fill('leader');
    await page.getByTestId('login-password').fill('demo');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
    const samples: number[] = [];
    const baseline: number[] = [];
    let element = '';
    for (let i = 0; i < runs; i++) {
      const o = await measureLcp(page, `${base}/dashboards/overview`, '[data-testid^="kpi-value-"]');
      samples.push(o.ms);
      element = o.element;
      baseline.push((await measureLcp(page, `${base}/data`, 'main h1, main table, main li')).ms);
    }
    const median = pct(samples, 0.5);
    console.log(JSON.stringify({
      bench: 'dashboards-lcp', page: '/dashboards/overview', viewport: '1920x1080', samples_ms: samples.map(ms), lcp_median_ms: ms(median), lcp_element: element,
      baseline_page: '/data', baseline_samples_ms: baseline.map(ms), baseline_median_ms: ms(pct(baseline, 0.5)), ratio_to_baseline: +(median / pct(baseline, 0.5)).toFixed(2),
      goal_ms: GOAL_LCP_MS, goal_met: median <= GOAL_LCP_MS,
    }));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const web = process.env.BENCH_SKIP_LCP === '1' ? null : buildWeb();
try {
  await run('embedded', web?.dir ?? null);
  if (process.env.BENCH_DATABASE_URL) await run('postgres', null);
} finally {
  if (web?.temp && existsSync(web.dir)) rmSync(web.dir, { recursive: true, force: true });
}
