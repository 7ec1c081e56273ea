// Point → administrative area through the HTTP API, against the same query run directly on
// the same database in the same run. Prints JSON lines: medians and p95 in ms, and the ratio.
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { mulberry32 } from '../server/src/platform/random.ts';
import { prepare } from '../server/src/startup.ts';

const N = Number(process.env.BENCH_N ?? 400);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function run(engine: 'embedded' | 'postgres'): Promise<void> {
  const dataDir = '.cache/bench-data';
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = engine === 'postgres' ? process.env.BENCH_DATABASE_URL : undefined;
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl });
  const { app, ctx, services } = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await prepare(ctx, services);
  const port = (app.server.address() as { port: number }).port;
  const rand = mulberry32(7);
  // Random points over the former District 7 (bounding box).
  const points = Array.from({ length: N }, () => [106.69 + rand() * 0.07, 10.69 + rand() * 0.06] as const);

  const api: number[] = [];
  const raw: number[] = [];
  for (const [lon, lat] of points.slice(0, 20)) await fetch(`http://127.0.0.1:${port}/api/areas/locate?lon=${lon}&lat=${lat}`); // warm-up
  for (const [lon, lat] of points) {
    let t = performance.now();
    await sql`select a.id, a.code from areas a where ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))
      and a.valid_from <= ${'2026-01-01'}::date and (a.valid_to is null or a.valid_to > ${'2026-01-01'}::date)`.execute(db.kysely);
    raw.push(performance.now() - t);
    t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/areas/locate?lon=${lon}&lat=${lat}&date=2026-01-01`);
    await res.json();
    api.push(performance.now() - t);
  }
  const result = {
    bench: 'areas-locate',
    engine,
    n: N,
    api_p50_ms: +pct(api, 0.5).toFixed(2),
    api_p95_ms: +pct(api, 0.95).toFixed(2),
    raw_sql_p50_ms: +pct(raw, 0.5).toFixed(2),
    raw_sql_p95_ms: +pct(raw, 0.95).toFixed(2),
    ratio_p50: +(pct(api, 0.5) / pct(raw, 0.5)).toFixed(2),
  };
  console.log(JSON.stringify(result));
  await app.close();
  await db.close();
}

await run('embedded');
if (process.env.BENCH_DATABASE_URL) await run('postgres');
