// Import of the 30,025-row enterprise file as XLSX through the real import pipeline (HTTP
// upload → job: parse, map, validate, upsert by natural key with history and ward area ids),
// side by side with a raw batched INSERT of the same rows into the same table in the same
// run (alternating, BENCH_IMPORT_RUNS times, default 3; medians). Embedded engine always; PostgreSQL on a scratch database when CITYOPS_BENCH_DATABASE_URL
// (or BENCH_DATABASE_URL) is set or a server answers on 127.0.0.1:5432. Prints JSON lines.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import pg from 'pg';
import { pgReachable } from './postgres-reachable.ts';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { prepare } from '../server/src/startup.ts';
import { BUILT_IN_DATASETS, DEMO_COUNTS } from '../server/src/modules/datasets/index.ts';
import { generateDataset } from '../server/src/modules/datasets/demo/generator.ts';
import { loadDemoWards, D7_WARD_CODES } from '../server/src/modules/datasets/demo/seed.ts';
import { naturalKey, searchText } from '../server/src/modules/datasets/validation.ts';
import type { DatasetDecl } from '../server/src/modules/datasets/declarations.ts';

const N = Number(process.env.BENCH_IMPORT_ROWS ?? DEMO_COUNTS.enterprises ?? 30_025);
const RAW_BATCH = 2000;
/** Raw INSERT and pipeline import are each run this many times, alternating; the figures are medians. */
const RUNS = Math.max(1, Number(process.env.BENCH_IMPORT_RUNS ?? 3));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function buildXlsx(decl: DatasetDecl, rows: ReturnType<typeof generateDataset>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Doanh nghiệp');
  ws.addRow([...decl.fields.map((f) => f.titleVi), 'Kinh độ', 'Vĩ độ']);
  for (const r of rows) {
    const p = r.geometry?.type === 'Point' ? (r.geometry.coordinates as number[]) : [null, null];
    ws.addRow([...decl.fields.map((f) => (r.props[f.name] ?? null) as ExcelJS.CellValue), p[0], p[1]]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function run(engine: 'embedded' | 'postgres', serverUrl?: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-bench-import-'));
  // Optional head start: a data folder already holding the demo (e.g. a test template), so
  // `prepare` only tops it up instead of seeding for minutes. Not part of any measured figure.
  const template = process.env.BENCH_IMPORT_DATA_TEMPLATE;
  if (engine === 'embedded' && template) cpSync(join(template, 'pg'), join(dataDir, 'pg'), { recursive: true });
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (engine === 'postgres') {
    const base = new URL(serverUrl!);
    const name = `cityops_bench_import_${randomBytes(4).toString('hex')}`;
    const admin = new URL(base.href);
    admin.pathname = '/postgres';
    const c = new pg.Client({ connectionString: admin.href });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const u = new URL(base.href);
    u.pathname = `/${name}`;
    databaseUrl = u.href;
    const c2 = new pg.Client({ connectionString: databaseUrl });
    await c2.connect();
    await c2.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await c2.end();
    dropDb = async () => {
      const d = new pg.Client({ connectionString: admin.href });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    };
  }
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl });
  const { app, ctx, services } = await buildApp({ config, db, logger: false });
  const loadStart = loadavg()[0]!;
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    let t = performance.now();
    await prepare(ctx, services);
    const prepareMs = performance.now() - t;
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };

    // Two empty copies of the enterprise declaration: one fed by the pipeline, one by raw INSERTs.
    const enterprises = BUILT_IN_DATASETS.find((d) => d.id === 'enterprises')!;
    for (const id of ['bench-enterprises', 'bench-enterprises-raw']) {
      const res = await fetch(`${base}/api/datasets`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ ...enterprises, id }) });
      if (res.status !== 201) throw new Error(`declare ${id}: ${res.status} ${await res.text()}`);
    }
    const wards = await loadDemoWards(db.kysely, D7_WARD_CODES);
    const rows = generateDataset(enterprises, N, wards, 'bench-import');
    t = performance.now();
    const xlsx = await buildXlsx(enterprises, rows);
    const buildMs = performance.now() - t;

    // Raw batched INSERT of the same rows (same columns, ward area ids computed by the same SQL), no history.
    const raw = async (datasetId: string, withAreas: boolean) => {
      const t0 = performance.now();
      for (let i = 0; i < rows.length; i += RAW_BATCH) {
        const b = rows.slice(i, i + RAW_BATCH);
        await db.kysely.transaction().execute(async (tx) => {
          await sql`
            insert into records (dataset_id, natural_key, props, geom, area_ids, search, synthetic, created_by, updated_by)
            select ${datasetId}, t.nk, t.props::jsonb, g.geom,
                   ${withAreas ? sql`array(select a.id from areas a where a.level = 'ward' and ST_Intersects(a.geom, g.geom) order by a.valid_from desc, a.id)` : sql`'{}'::int[]`},
                   t.search, false, 'bench', 'bench'
            from unnest(${b.map((r) => naturalKey(enterprises, r.props))}::text[], ${b.map((r) => JSON.stringify(r.props))}::text[],
                        ${b.map((r) => JSON.stringify(r.geometry))}::text[], ${b.map((r) => searchText(enterprises, r.props))}::text[]) as t(nk, props, g, search)
            cross join lateral (select ST_SetSRID(ST_GeomFromGeoJSON(t.g), 4326) as geom) g`.execute(tx);
        });
      }
      return performance.now() - t0;
    };
    const runImport = async () => {
      const t0 = performance.now();
      const f = new FormData();
      f.set('file', new Blob([new Uint8Array(xlsx)]), 'doanh-nghiep.xlsx');
      const res = await fetch(`${base}/api/datasets/bench-enterprises/imports`, { method: 'POST', headers, body: f });
      if (res.status !== 202) throw new Error(`import: ${res.status} ${await res.text()}`);
      const accepted = performance.now() - t0;
      const { id } = (await res.json()) as { id: number };
      for (;;) {
        const j = (await (await fetch(`${base}/api/imports/${id}`, { headers })).json()) as {
          status: string; inserted: number; unchanged: number; rejected: number; error: string | null; startedAt: string | null; finishedAt: string | null;
        };
        if (j.status === 'done' || j.status === 'failed') {
          const jobMs = j.startedAt && j.finishedAt ? Date.parse(j.finishedAt) - Date.parse(j.startedAt) : NaN;
          return { ms: performance.now() - t0, uploadMs: accepted, jobMs, job: j };
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const clear = async (datasetId: string) => {
      await sql`delete from record_history where dataset_id = ${datasetId}`.execute(db.kysely);
      await sql`delete from records where dataset_id = ${datasetId}`.execute(db.kysely);
    };

    // Alternate raw INSERT and pipeline import, each into an emptied dataset, RUNS times; medians.
    const rawRuns: number[] = [];
    const rawNoAreasRuns: number[] = [];
    const imports: Awaited<ReturnType<typeof runImport>>[] = [];
    for (let k = 0; k < RUNS; k++) {
      await clear('bench-enterprises-raw');
      rawRuns.push(await raw('bench-enterprises-raw', true));
      await clear('bench-enterprises-raw');
      rawNoAreasRuns.push(await raw('bench-enterprises-raw', false));
      await clear('bench-enterprises');
      const first = await runImport();
      if (first.job.status !== 'done' || first.job.inserted !== N) throw new Error(`import: ${JSON.stringify(first.job)}`);
      imports.push(first);
    }
    const again = await runImport(); // re-import of the same file: every row unchanged
    const importMs = median(imports.map((r) => r.ms));
    const rawMs = median(rawRuns);
    const rate = (ms: number) => Math.round(N / (ms / 1000));
    console.log(JSON.stringify({
      bench: 'import-xlsx',
      engine,
      rows: N,
      runs: RUNS,
      loadavg_1m: [+loadStart.toFixed(1), +loadavg()[0]!.toFixed(1)],
      xlsx_bytes: xlsx.byteLength,
      xlsx_build_ms: Math.round(buildMs),
      prepare_ms: Math.round(prepareMs),
      import_ms: Math.round(importMs),
      import_runs_ms: imports.map((r) => Math.round(r.ms)),
      import_upload_parse_ms: Math.round(median(imports.map((r) => r.uploadMs))),
      import_job_ms: Math.round(median(imports.map((r) => r.jobMs))),
      import_rows_per_s: rate(importMs),
      import_status: imports[0]!.job.status,
      import_inserted: imports[0]!.job.inserted,
      import_rejected: imports[0]!.job.rejected,
      reimport_ms: Math.round(again.ms),
      reimport_unchanged: again.job.unchanged,
      raw_insert_ms: Math.round(rawMs),
      raw_insert_runs_ms: rawRuns.map(Math.round),
      raw_insert_rows_per_s: rate(rawMs),
      raw_insert_no_areas_ms: Math.round(median(rawNoAreasRuns)),
      ratio_import_to_raw_rate: +(rate(importMs) / rate(rawMs)).toFixed(2),
      goal_embedded_10s: engine === 'embedded' ? importMs <= 10_000 : undefined,
      goal_half_raw_rate: rate(importMs) >= rate(rawMs) / 2,
    }));
  } finally {
    await app.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    await dropDb?.();
  }
}

await run('embedded');
const pgUrl = process.env.CITYOPS_BENCH_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (await pgReachable(pgUrl)) await run('postgres', pgUrl);
else console.error(`import bench: no PostgreSQL at ${pgUrl.replace(/:[^:@/]*@/, ':***@')}, embedded only`);
