// GIS clients and exports at full speed (issue 15): GDAL's ogr2ogr reading all 30,025 enterprises
// through OGC API – Features, and the CSV, XLSX and GeoJSON exports of the same dataset, each
// beside a plain SQL read of the same rows in the same run (alternating, BENCH_OGC_RUNS times,
// default 3; medians).
//
// Baselines: on PostgreSQL, `COPY (select …) TO STDOUT (FORMAT csv)` through psql (the plain SQL
// export); on the embedded engine (no COPY to a client), one plain `select` of the same columns
// serialised to CSV text in Node. GDAL runs twice: with its default page size (10 features a
// request in GDAL 3.6, which does not read the limit's maximum from the API definition) and with
// -oo PAGE_SIZE=10000 (what QGIS and GDAL ≥ 3.9 derive from the declared maximum).
//
// Data: the embedded test template (.cache/test-template-*, built by any integration run) is
// copied when present; otherwise a fresh data folder is seeded (several minutes). PostgreSQL runs
// when BENCH_OGC_DATABASE_URL names a database that already holds the demo (e.g. a copy of the
// PostgreSQL test template). Prints one JSON line per engine.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { prepare } from '../server/src/startup.ts';

const RUNS = Math.max(1, Number(process.env.BENCH_OGC_RUNS ?? 3));
const DATASET = 'enterprises';
const run = promisify(execFile);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r2 = (x: number) => +x.toFixed(2);

function newestTemplate(): string | undefined {
  const dir = '.cache';
  if (!existsSync(dir)) return undefined;
  const t = readdirSync(dir)
    .filter((n) => n.startsWith('test-template-') && existsSync(join(dir, n, 'pg')))
    .map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t)[0];
  return t ? join(dir, t.n) : undefined;
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
}

async function readBody(url: string): Promise<number> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  let bytes = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.length;
  }
}

async function psqlCopy(databaseUrl: string): Promise<number> {
  const q = `copy (select id, props::text, ST_X(geom), ST_Y(geom) from records where dataset_id = '${DATASET}' order by id) to stdout (format csv)`;
  return await new Promise<number>((resolve, reject) => {
    const p = spawn('psql', [databaseUrl, '-X', '-q', '-c', q]);
    let bytes = 0;
    p.stdout.on('data', (c: Buffer) => (bytes += c.length));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(bytes) : reject(new Error(`psql exited ${code}`))));
  });
}

async function bench(engine: 'embedded' | 'postgres'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-bench-ogc-'));
  const databaseUrl = engine === 'postgres' ? process.env.BENCH_OGC_DATABASE_URL : undefined;
  const template = newestTemplate();
  if (engine === 'embedded' && template) cpSync(join(template, 'pg'), join(dataDir, 'pg'), { recursive: true });
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: '0', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl });
  const { app, ctx, services } = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await prepare(ctx, services);
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  const base = `http://127.0.0.1:${addr.port}`;
  const n = (await sql<{ n: number }>`select count(*)::int as n from records where dataset_id = ${DATASET}`.execute(ctx.db.kysely)).rows[0]!.n;
  const out = mkdtempSync(join(tmpdir(), 'cityops-bench-ogr-'));

  const sqlBaseline = async () => {
    if (databaseUrl) return psqlCopy(databaseUrl);
    const r = await sql<{ id: number; props: unknown; x: number | null; y: number | null }>`
      select id, props, ST_X(geom) as x, ST_Y(geom) as y from records where dataset_id = ${DATASET} order by id`.execute(ctx.db.kysely);
    return r.rows.map((x) => `${x.id},"${JSON.stringify(x.props).replaceAll('"', '""')}",${x.x},${x.y}`).join('\n').length;
  };
  const ogr = async (pageSize?: number) => {
    const file = join(out, `e-${pageSize ?? 'default'}-${Math.random().toString(36).slice(2)}.geojson`);
    await run('ogr2ogr', ['-f', 'GeoJSON', file, `OAPIF:${base}/ogc`, DATASET, ...(pageSize ? ['-oo', `PAGE_SIZE=${pageSize}`] : [])], { timeout: 30 * 60_000 });
    const info = await run('ogrinfo', ['-ro', '-so', file, DATASET]);
    const m = /Feature Count: (\d+)/.exec(info.stdout);
    if (Number(m?.[1]) !== n) throw new Error(`ogr2ogr read ${m?.[1]} of ${n} features`);
    rmSync(file);
  };

  const t: Record<string, number[]> = { sql: [], gdalDefault: [], gdalBigPages: [], csv: [], xlsx: [], geojson: [] };
  for (let i = 0; i < RUNS; i++) {
    t.sql!.push(await timed(sqlBaseline));
    t.gdalBigPages!.push(await timed(() => ogr(10_000)));
    t.gdalDefault!.push(await timed(() => ogr()));
    for (const f of ['csv', 'xlsx', 'geojson'] as const) t[f]!.push(await timed(() => readBody(`${base}/api/datasets/${DATASET}/export?format=${f}`)));
    t.sql!.push(await timed(sqlBaseline));
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
  console.log(
    JSON.stringify({
      bench: 'ogc-export',
      engine,
      features: n,
      runs: RUNS,
      load1: r2(loadavg()[0]!),
      baseline: databaseUrl ? 'psql COPY … TO STDOUT (csv)' : 'one plain select, rows to CSV text in Node',
      sqlSeconds: r2(m.sql!),
      gdalDefaultPageSeconds: r2(m.gdalDefault!),
      gdalPageSize10000Seconds: r2(m.gdalBigPages!),
      csvSeconds: r2(m.csv!),
      xlsxSeconds: r2(m.xlsx!),
      geojsonSeconds: r2(m.geojson!),
      ratios: Object.fromEntries(['gdalDefault', 'gdalBigPages', 'csv', 'xlsx', 'geojson'].map((k) => [k, r2(m[k]! / m.sql!)])),
    }),
  );
  await app.close();
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}

await bench('embedded');
if (process.env.BENCH_OGC_DATABASE_URL) await bench('postgres');
