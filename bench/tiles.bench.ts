// Vector tile latency at city scale: the city scenario (168 units, ≥300k points) on PostgreSQL
// and on the embedded engine. Tiles at zooms 10–16 over the city, cold (first request) and warm
// (cached), through the HTTP API; on PostgreSQL side by side with the raw ST_AsMVT query in the
// same run. The raw query aggregates the points of the tile at request time; the API serves
// aggregated zooms ≤ GRID_MAX_ZOOM from the pre-aggregated grid (migration 0014), so at those
// zooms cold vs raw is the grid's gain. The scenario is built once per version and kept (.cache/, a scratch database).
// Prints one JSON line per engine.
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { prepare } from '../server/src/startup.ts';
import { VERSION } from '../server/src/version.ts';
import { CITY_FACTOR, seedCityScenario } from '../server/src/modules/datasets/demo/city-scenario.ts';
import { GRID_MAX_ZOOM, tilesRepository } from '../server/src/modules/tiles/tiles.repository.ts';
import { layerFields } from '../server/src/modules/tiles/layer-fields.ts';
import { tileOf } from '../server/src/modules/tiles/tile-math.ts';
import type { FieldDecl } from '../server/src/modules/datasets/declarations.ts';

const SCENARIO = `city-${VERSION}-x${CITY_FACTOR}`;
const PER_ZOOM = Number(process.env.BENCH_TILES_PER_ZOOM ?? 12);
const ZOOMS = [10, 11, 12, 13, 14, 15, 16];
const LAYERS = ['enterprises', 'household-businesses'];
const CLUSTER_MAX_ZOOM = 13;

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : NaN);
const r2 = (x: number) => +x.toFixed(2);

async function ensurePgDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.href });
  await c.connect();
  try {
    const r = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (!r.rowCount) {
      await c.query(`create database "${name}"`);
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      await d.query('create extension if not exists postgis');
      await d.end();
    }
  } finally {
    await c.end();
  }
}

async function run(engine: 'embedded' | 'postgres'): Promise<void> {
  const dataDir = `.cache/bench-tiles-${SCENARIO}`;
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = engine === 'postgres' ? (process.env.BENCH_TILES_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cityops_bench_tiles') : undefined;
  if (databaseUrl) await ensurePgDatabase(databaseUrl);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', TILES_CLUSTER_MAX_ZOOM: String(CLUSTER_MAX_ZOOM), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl });
  const { app, ctx, services } = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await prepare(ctx, services);
  const k = db.kysely;
  const state = await sql<{ value: { scenario?: string } }>`select value from app_state where key = 'seed.city-scenario'`.execute(k);
  let seedMs = 0;
  if (state.rows[0]?.value.scenario !== SCENARIO) {
    const r = await seedCityScenario(k, { scale: 1, log: (m) => console.error(`  ${engine}: ${m}`) });
    await sql`update app_state set value = value || ${JSON.stringify({ scenario: SCENARIO })}::jsonb where key = 'seed.city-scenario'`.execute(k);
    seedMs = r.ms;
  }
  const counts = await sql<{ points: number }>`select count(*)::int as points from records where GeometryType(geom) = 'POINT'`.execute(k);
  const port = (app.server.address() as { port: number }).port;
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
  const token = ((await login.json()) as { token: string }).token;

  // Tiles where the data is: the tile of evenly spread records, per zoom and layer.
  const tiles: { layer: string; z: number; x: number; y: number }[] = [];
  for (const layer of LAYERS) {
    const pts = await sql<{ lon: number; lat: number }>`
      select ST_X(geom) as lon, ST_Y(geom) as lat from records where dataset_id = ${layer} and id % 997 = 0 order by id`.execute(k);
    for (const z of ZOOMS) {
      const seen = new Set<string>();
      for (let i = 0; i < pts.rows.length && seen.size < PER_ZOOM; i += Math.max(1, Math.floor(pts.rows.length / (PER_ZOOM * 3)))) {
        const t = tileOf(z, pts.rows[i]!.lon, pts.rows[i]!.lat);
        const key = `${t.x}/${t.y}`;
        if (seen.has(key)) continue;
        seen.add(key);
        tiles.push({ layer, ...t });
      }
    }
  }
  const repo = tilesRepository(k);
  const fieldsOf = new Map<string, ReturnType<typeof layerFields>>();
  for (const layer of LAYERS) {
    const d = await sql<{ declaration: { fields: FieldDecl[] } }>`select declaration from datasets where id = ${layer}`.execute(k);
    fieldsOf.set(layer, layerFields(d.rows[0]!.declaration.fields));
  }
  const get = async (t: (typeof tiles)[number]) => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/tiles/${t.layer}/${t.z}/${t.x}/${t.y}.mvt`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = (await res.arrayBuffer()).byteLength;
    return { ms: performance.now() - t0, bytes, cache: res.headers.get('x-tile-cache'), status: res.status };
  };

  const raw: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const byZoom: Record<number, { raw: number[]; cold: number[]; warm: number[]; bytes: number[] }> = {};
  for (const z of ZOOMS) byZoom[z] = { raw: [], cold: [], warm: [], bytes: [] };
  for (const t of tiles) {
    // Raw query first, so both see the same warm database buffers.
    if (engine === 'postgres') {
      const t0 = performance.now();
      await repo.mvtPointQuery(t.layer, t.z, t.x, t.y, fieldsOf.get(t.layer)!, t.z <= CLUSTER_MAX_ZOOM).execute(k);
      raw.push(performance.now() - t0);
      byZoom[t.z]!.raw.push(raw.at(-1)!);
    } else {
      const t0 = performance.now();
      await repo.pointRows(t.layer, t.z, t.x, t.y, fieldsOf.get(t.layer)!, t.z <= CLUSTER_MAX_ZOOM);
      raw.push(performance.now() - t0);
      byZoom[t.z]!.raw.push(raw.at(-1)!);
    }
    const c = await get(t);
    if (c.cache !== 'miss' && c.status === 200) throw new Error(`expected a cold tile, got ${c.cache}`);
    cold.push(c.ms);
    byZoom[t.z]!.cold.push(c.ms);
    byZoom[t.z]!.bytes.push(c.bytes);
  }
  for (let pass = 0; pass < 3; pass++) {
    for (const t of tiles) {
      const w = await get(t);
      if (w.status === 200 && w.cache !== 'hit') throw new Error('expected a cached tile');
      warm.push(w.ms);
      byZoom[t.z]!.warm.push(w.ms);
    }
  }
  const result = {
    bench: 'tiles',
    engine,
    scenario: SCENARIO,
    points: counts.rows[0]!.points,
    seed_ms: seedMs,
    tiles: tiles.length,
    zooms: ZOOMS,
    raw_query: engine === 'postgres' ? 'ST_AsMVT' : 'tile selection (rows; encoded in Node by the API)',
    api_grid_max_zoom: Math.min(GRID_MAX_ZOOM, CLUSTER_MAX_ZOOM),
    raw_p50_ms: r2(pct(raw, 0.5)),
    raw_p95_ms: r2(pct(raw, 0.95)),
    cold_p50_ms: r2(pct(cold, 0.5)),
    cold_p95_ms: r2(pct(cold, 0.95)),
    warm_p50_ms: r2(pct(warm, 0.5)),
    warm_p95_ms: r2(pct(warm, 0.95)),
    ratio_cold_p50_vs_raw: r2(pct(cold, 0.5) / pct(raw, 0.5)),
    ratio_warm_p95_vs_raw_p95: r2(pct(warm, 0.95) / pct(raw, 0.95)),
    goal_warm_p95_le_50ms: pct(warm, 0.95) <= 50,
    goal_warm_le_1_3x_raw: pct(warm, 0.95) <= 1.3 * pct(raw, 0.95),
    by_zoom: Object.fromEntries(
      ZOOMS.map((z) => [z, { raw_p50: r2(pct(byZoom[z]!.raw, 0.5)), cold_p50: r2(pct(byZoom[z]!.cold, 0.5)), cold_p95: r2(pct(byZoom[z]!.cold, 0.95)), warm_p50: r2(pct(byZoom[z]!.warm, 0.5)), kb_p50: r2(pct(byZoom[z]!.bytes, 0.5) / 1024) }]),
    ),
  };
  console.log(JSON.stringify(result));
  await app.close();
  await db.close();
}

const only = process.env.BENCH_TILES_ENGINE;
if (!only || only === 'postgres') await run('postgres');
if (!only || only === 'embedded') await run('embedded');
