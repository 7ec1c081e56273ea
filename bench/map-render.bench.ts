// Map rendering in headless Chromium (WebGL through SwiftShader): time to the first full
// render of the map with every point layer on (areas drawn, map idle, all vector tiles
// loaded), and the frame rate while panning across the city. Baseline in the same run: the
// same page with no data layer. Prints one JSON line per scenario.
//
//   BENCH_MAP_CITY=1          seed the city scenario first (~324k points, `cli seed-city`); else
//                             the District 7 demo data is used (result says which). Seeded once
//                             per data folder and scale (kept in app_state), not at every run.
//   BENCH_MAP_CITY_SCALE      scale of the city scenario (default 1; e.g. 0.02 to validate quickly)
//   BENCH_MAP_RUNS            renders and pans per scenario (default 3; the median is reported)
//   BENCH_MAP_DATA_DIR        database folder (default .cache/bench-map-data; kept between runs)
//   CITYOPS_WEB_DIST          built web client (default: built into a temporary folder)
//   BENCH_MAP_PAN_MS          length of the scripted pan (default 8000)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { seedCityScenario } from '../server/src/modules/datasets/demo/city-scenario.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { prepare } from '../server/src/startup.ts';

const PAN_MS = Number(process.env.BENCH_MAP_PAN_MS ?? 8000);
const RUNS = Number(process.env.BENCH_MAP_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Chromium with software WebGL (SwiftShader): no GPU on the test machines. */
const CHROMIUM_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const temp = mkdtempSync(join(tmpdir(), 'cityops-bench-map-'));
let webDist = process.env.CITYOPS_WEB_DIST;
if (!webDist) {
  webDist = join(temp, 'web-dist');
  const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--outDir', webDist, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('web build failed');
}

const dataDir = process.env.BENCH_MAP_DATA_DIR ?? '.cache/bench-map-data';
mkdirSync(dataDir, { recursive: true });
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', CITYOPS_DEMO: 'true', CITYOPS_WEB_DIST: webDist });
const db = openDatabase({ dataDir: config.dataDir });
const { app, ctx, services } = await buildApp({ config, db, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
await prepare(ctx, services);
const CITY = process.env.BENCH_MAP_CITY === '1';
const CITY_SCALE = Number(process.env.BENCH_MAP_CITY_SCALE ?? 1);
if (CITY) {
  const state = await sql<{ value: { scale?: number } }>`select value from app_state where key = 'seed.city-scenario'`.execute(db.kysely);
  if (state.rows[0]?.value.scale !== CITY_SCALE) {
    const seeded = await seedCityScenario(db.kysely, { scale: CITY_SCALE, log: (message) => console.error(message) });
    console.error(`city scenario: ${seeded.points} points`);
  }
}
const baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const pointLayers = (
  await sql<{ id: string; n: string }>`select d.id, count(r.id)::text as n from datasets d join records r on r.dataset_id = d.id
    where d.geometry_type = 'point' group by d.id order by d.id`.execute(db.kysely)
).rows;
const totalPoints = pointLayers.reduce((sum, row) => sum + Number(row.n), 0);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
  const login = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username: 'operator', password: 'demo' } });
  if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
  const page = await context.newPage();
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
  });

  async function firstRender(layers: string): Promise<number> {
    await page.goto('about:blank');
    await page.evaluate(() => localStorage.clear()).catch(() => undefined);
    const started = Date.now();
    await page.goto(`${baseUrl}/${layers ? `?layers=${layers}` : ''}`);
    await page.locator('[data-testid="map"][data-map-ready="true"]').waitFor({ state: 'attached', timeout: 180_000 });
    await page.waitForFunction(
      (expected) => {
        const map = window.__cityopsMap;
        if (!map) return false;
        const sources = expected ? expected.split(',').map((id) => `ds-${id}`) : [];
        map.triggerRepaint();
        return sources.every((id) => map.getSource(id) && map.isSourceLoaded(id)) && map.loaded() && map.areTilesLoaded();
      },
      layers,
      { timeout: 180_000, polling: 50 },
    );
    return Date.now() - started;
  }

  /** Frames per second while panning west→east and back across the city at city zoom. */
  async function panFps(): Promise<{ fps: number; frames: number }> {
    // A plain string: tsx would wrap named functions in a `__name` helper the page lacks.
    return page.evaluate(`(async (durationMs) => {
      const map = window.__cityopsMap;
      map.jumpTo({ center: [106.66, 10.78], zoom: 12 });
      let frames = 0;
      let counting = true;
      const tick = () => { frames++; if (counting) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      const started = performance.now();
      const legs = [[106.78, 10.78], [106.78, 10.72], [106.62, 10.72], [106.62, 10.84]];
      const legMs = durationMs / legs.length;
      for (const center of legs) {
        map.easeTo({ center, duration: legMs, easing: (t) => t });
        await new Promise((resolve) => setTimeout(resolve, legMs));
      }
      counting = false;
      const elapsed = performance.now() - started;
      return { fps: (frames * 1000) / elapsed, frames };
    })(${PAN_MS})`);
  }

  const allLayers = pointLayers.map((row) => row.id).join(',');
  let baseline: { render: number; fps: number } | null = null;
  for (const [scenario, layers] of [
    ['baseline-no-layers', ''],
    ['all-point-layers', allLayers],
  ] as const) {
    const renders: number[] = [];
    const fps: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      renders.push(await firstRender(layers));
      fps.push((await panFps()).fps);
    }
    const render = median(renders);
    const panFpsMedian = median(fps);
    baseline ??= { render, fps: panFpsMedian };
    console.log(
      JSON.stringify({
        bench: 'map-render',
        scenario,
        data: CITY ? `city-scenario x${CITY_SCALE}` : 'district7-demo',
        points: layers ? totalPoints : 0,
        layers: layers ? pointLayers.length : 0,
        runs: RUNS,
        first_render_ms_median: render,
        first_render_ms: renders,
        pan_fps_median: +panFpsMedian.toFixed(1),
        pan_ms: PAN_MS,
        // Against the no-layer page of the same run (1 for the baseline itself).
        first_render_vs_baseline: +(render / baseline.render).toFixed(2),
        pan_fps_vs_baseline: +(panFpsMedian / baseline.fps).toFixed(2),
        renderer,
      }),
    );
  }
} finally {
  await browser.close();
  await app.close();
  await db.close();
  rmSync(temp, { recursive: true, force: true });
}
