// Browser benchmark of every page of the demo (issue 20, defect 5: "every page interactive
// ≤ 2 s"): headless Chromium (playwright-core, Debian's /usr/bin/chromium, default GPU settings)
// signs in as the role that uses the page, opens it, and records the time to interactive — from
// the navigation to the moment the page shows its content with nothing loading any more (no
// spinner, no "Đang tải…", no aria-busy, every map drawn: each MapLibre map idle once, and its
// own data marker set). Each page is opened BENCH_PAGES_RUNS times (default 3, the first on a
// fresh start: cold caches); prints one JSON line per page with the median and the first (cold)
// run. Not a test: nothing here fails on a slow page.
//
//   BENCH_PAGES_DATA_DIR   database folder (default .cache/bench-pages-data; kept between runs)
//   CITYOPS_WEB_DIST       built web client (default: built into a temporary folder)
//   BENCH_PAGES_ONLY       comma-separated paths to measure (default: all)
//   BENCH_PAGES_TRACE      print every request slower than this many ms (diagnosis; off by default)
//
// Baselines in the same run (the browser's floor on this machine at this moment, so that a page's
// figure can be read against what the machine gives that day): "static page" — a page of plain
// HTML text from the same origin; "bare map" — MapLibre alone (no app code) drawing the same
// offline base map at the map page's size, zoom and place, until its first idle. A map page of
// the app cannot be faster than the bare map; the summary gives each map page's ratio to it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { prepare } from '../server/src/startup.ts';

const RUNS = Number(process.env.BENCH_PAGES_RUNS ?? 3);
const TIMEOUT_MS = 60_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// Chromium as it runs on a desk without a GPU: no GPU flags, so pages are composited in software
// and WebGL draws with SwiftShader, as the browser chooses by itself. (Earlier runs forced
// `--use-angle=swiftshader --ignore-gpu-blocklist`, which makes Chromium treat SwiftShader as a
// GPU and composite every page through it too — a set-up no browser picks on its own, where each
// WebGL shader program took ~100 ms to link behind the compositor's work; see docs/benchmarks.md.)
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const temp = mkdtempSync(join(tmpdir(), 'cityops-bench-pages-'));
let webDist = process.env.CITYOPS_WEB_DIST;
if (!webDist) {
  webDist = join(temp, 'web-dist');
  const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--outDir', webDist, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('web build failed');
}

const dataDir = process.env.BENCH_PAGES_DATA_DIR ?? '.cache/bench-pages-data';
mkdirSync(dataDir, { recursive: true });
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', CITYOPS_DEMO: 'true', CITYOPS_WEB_DIST: webDist, MQTT_PORT: '0' });
const db = openDatabase({ dataDir: config.dataDir });
const { app, ctx, services } = await buildApp({ config, db, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
await prepare(ctx, services);
// The server computes the catalogue's data-quality reports at start-up (the datasets module's
// background start); the benchmark starts no background service, so it does that one here — or a
// page's first visit computes a report (seconds, on the embedded engine's single session) and
// every request of the next page waits behind it.
await services.datasets.warmScores(() => false);
const address = app.server.address();
const base = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';

// Ids for the detail pages, read from the demo.
const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(ctx.db.kysely)).rows[0];
const record = await one(sql<{ dataset_id: string; id: number }>`select dataset_id, id from v_records where dataset_id = 'household-businesses' order by id limit 1`);
const sensor = await one(sql<{ id: string }>`select id from v_sensors order by id limit 1`).catch(() => undefined);

type Role = 'admin' | 'leader' | 'operator' | 'officer' | 'citizen';
const PAGES: { role: Role; path: string }[] = [
  { role: 'leader', path: '/' },
  { role: 'leader', path: '/dashboards' },
  { role: 'leader', path: '/dashboards/economy' },
  { role: 'leader', path: '/direction' },
  { role: 'leader', path: '/m' },
  { role: 'leader', path: '/wall' },
  { role: 'operator', path: '/map' },
  { role: 'operator', path: '/live' },
  { role: 'operator', path: '/incidents' },
  { role: 'operator', path: '/sensors' },
  ...(sensor ? [{ role: 'operator' as const, path: `/sensors/${sensor.id}` }] : []),
  { role: 'operator', path: '/feedback' },
  { role: 'operator', path: '/alert-rules' },
  { role: 'officer', path: '/data' },
  { role: 'officer', path: '/data/household-businesses' },
  ...(record ? [{ role: 'officer' as const, path: `/data/${record.dataset_id}/records/${record.id}` }] : []),
  { role: 'officer', path: '/tasks' },
  { role: 'officer', path: '/procedures' },
  { role: 'officer', path: '/documents' },
  { role: 'admin', path: '/privacy' },
  { role: 'admin', path: '/account' },
  { role: 'admin', path: '/admin' },
  { role: 'officer', path: '/reporting' },
  { role: 'operator', path: '/epidemics' },
  { role: 'citizen', path: '/phan-anh' },
  { role: 'citizen', path: '/phan-anh/ban-do' },
  { role: 'citizen', path: '/thu-tuc' },
];
const only = process.env.BENCH_PAGES_ONLY?.split(',');

/** True once the page shows content and nothing is loading any more. */
async function waitInteractive(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const root = document.getElementById('root');
      if (!root || (root.textContent ?? '').trim().length < 20) return false;
      if (document.querySelector('.spinner, .widget__loading, [aria-busy="true"]')) return false;
      if (/Đang tải…|Đang tính…|Loading…/.test(document.body.innerText)) return false;
      // Every MapLibre map has drawn once (data-map-idle, set by createMap), and the maps that
      // mark their own data as drawn (data-map-ready: the map page's wards, the choropleths) have.
      for (const m of document.querySelectorAll('.maplibregl-map')) if (m.getAttribute('data-map-idle') !== 'true') return false;
      for (const m of document.querySelectorAll('[data-map-ready]')) if (m.getAttribute('data-map-ready') !== 'true') return false;
      return true;
    },
    undefined,
    { timeout: TIMEOUT_MS, polling: 50 },
  );
}

// The baselines' pages are answered by the browser context itself (never by the server), under
// a path the app does not use.
const BASELINE_PREFIX = '/__bench-baseline';
const MAPLIBRE_DIST = 'node_modules/maplibre-gl/dist/';
const BARE_MAP_HTML = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><link rel="stylesheet" href="${BASELINE_PREFIX}/maplibre-gl.css">
<style>html,body,#map{margin:0;width:100%;height:100%}</style></head><body><div id="map"></div><script type="module">
import { Map, setWorkerUrl } from '${BASELINE_PREFIX}/maplibre-gl.mjs';
setWorkerUrl('${BASELINE_PREFIX}/maplibre-gl-worker.mjs');
// The map page's camera over the demo's wards (former District 7) and createMap's fade setting.
const map = new Map({ container: 'map', style: '/tiles/basemap/style-day.json?lang=vi', center: [106.715, 10.745], zoom: 12.6, fadeDuration: 0, attributionControl: false });
map.once('idle', () => document.body.setAttribute('data-bare-map-idle', 'true'));
</script></body></html>`;
const STATIC_HTML = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>cityops</title></head><body><div id="root"><h1>Trung tâm điều hành đô thị thông minh</h1><p>Trang tĩnh: mốc so sánh của phép đo.</p></div></body></html>`;

async function routeBaselines(page: Page): Promise<void> {
  await page.route(`${base}${BASELINE_PREFIX}/**`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice(BASELINE_PREFIX.length + 1);
    if (name === 'static') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: STATIC_HTML });
    if (name === 'bare-map') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: BARE_MAP_HTML });
    if (/^maplibre-gl(-worker|-shared)?\.(mjs|css)$/.test(name)) {
      return route.fulfill({ contentType: name.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(`${MAPLIBRE_DIST}${name}`, 'utf8') });
    }
    return route.fulfill({ status: 404, body: '' });
  });
}

/** Medians of the baselines, opened RUNS times each like the pages. */
async function measureBaselines(page: Page): Promise<Record<'static' | 'bareMap', { medianMs: number; runs: number[] }>> {
  const timed = async (path: string, ready: string) => {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto('about:blank');
      const t0 = Date.now();
      await page.goto(`${base}${BASELINE_PREFIX}/${path}`, { waitUntil: 'commit' });
      try {
        await page.waitForFunction(ready, undefined, { timeout: TIMEOUT_MS, polling: 50 });
        runs.push(Date.now() - t0);
      } catch {
        runs.push(Number.NaN);
      }
    }
    return { medianMs: median(runs), runs };
  };
  return {
    static: await timed('static', `(document.getElementById('root')?.textContent ?? '').trim().length >= 20`),
    bareMap: await timed('bare-map', `document.body?.getAttribute('data-bare-map-idle') === 'true'`),
  };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
const results: { role: Role; path: string; medianMs: number; coldMs: number; runs: number[] }[] = [];
/** Paths whose page shows a full-size map (compared with the bare map in the summary). */
const MAP_PAGES = new Set(['/', '/map', '/live', '/wall']);
let baselines: Awaited<ReturnType<typeof measureBaselines>> | null = null;
try {
  {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await routeBaselines(page);
    baselines = await measureBaselines(page);
    for (const [name, r] of Object.entries(baselines)) console.log(JSON.stringify({ bench: 'page-baseline', name, ...r }));
    await context.close();
  }
  for (const role of ['leader', 'operator', 'officer', 'admin', 'citizen'] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const traceMs = Number(process.env.BENCH_PAGES_TRACE ?? 0);
    if (traceMs > 0) {
      page.on('requestfinished', (req) => {
        const t = req.timing();
        if (t.responseEnd > traceMs) console.log(JSON.stringify({ trace: role, page: new URL(page.url()).pathname, url: req.url().replace(base, ''), ms: Math.round(t.responseEnd), waitMs: Math.round(t.responseStart - t.requestStart) }));
      });
    }
    if (role !== 'citizen') {
      const res = await page.request.post(`${base}/api/auth/login`, { data: { username: role, password: 'demo' } });
      if (!res.ok()) throw new Error(`login ${role}: HTTP ${res.status()}`);
    }
    for (const p of PAGES.filter((x) => x.role === role && (!only || only.includes(x.path)))) {
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await page.goto('about:blank');
        const t0 = Date.now();
        await page.goto(`${base}${p.path}`, { waitUntil: 'commit' });
        try {
          await waitInteractive(page);
          runs.push(Date.now() - t0);
        } catch {
          runs.push(Number.NaN);
        }
      }
      const r = { role, path: p.path, medianMs: median(runs), coldMs: runs[0]!, runs };
      results.push(r);
      console.log(JSON.stringify({ bench: 'page-interactive', ...r, engine: ctx.db.kind }));
    }
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
  rmSync(temp, { recursive: true, force: true });
}
const slow = results.filter((r) => !(r.medianMs <= 2000));
const bare = baselines?.bareMap.medianMs;
const toBareMap = Object.fromEntries(results.filter((r) => MAP_PAGES.has(r.path) && bare).map((r) => [r.path, Math.round((r.medianMs / bare!) * 100) / 100]));
console.log(
  JSON.stringify({
    bench: 'page-interactive-summary',
    pages: results.length,
    over2s: slow.map((r) => `${r.path} (${r.medianMs} ms)`),
    baselineMs: baselines ? { static: baselines.static.medianMs, bareMap: baselines.bareMap.medianMs } : null,
    mapPagesToBareMap: toBareMap,
  }),
);
process.exit(0);
