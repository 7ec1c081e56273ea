// Procedures (issue 17): (1) the demo seeding of two years of dossiers (must stay ≤ 5 s);
// (2) the Decision 766 index through the HTTP API for every unit and every month of the two
// years, against the plain SQL aggregate (counts per unit, no classification) in the same run;
// (3) the ingest of 100,000 dossiers in the portal's field names (validation + upsert by MaHoSo)
// against a raw batched INSERT of the same rows. Embedded engine (PGlite). Prints JSON lines.
//
//   BENCH_IMPORT_N   dossiers imported (default 100000)
import { mkdirSync, rmSync } from 'node:fs';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { SYSTEM_ACTOR } from '../server/src/platform/actor.ts';
import { prepare } from '../server/src/startup.ts';
import { generateDemoDossiers, seedDemoProcedures } from '../server/src/modules/procedures/demo.ts';

const IMPORT_N = Number(process.env.BENCH_IMPORT_N ?? 100_000);
const GOAL_P95_MS = 300;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (x: number) => +x.toFixed(2);

const dataDir = '.cache/bench-procedures';
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', CITYOPS_DEMO: 'true' });
const db = openDatabase({ dataDir: config.dataDir });
const { app, ctx, services } = await buildApp({ config, db, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
await prepare(ctx, services);
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'demo' }) });
const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };

// (1) Seeding again from scratch, timed.
await sql`delete from proc_dossiers where synthetic`.execute(db.kysely);
await sql`delete from app_state where key = 'seed.demo-procedures'`.execute(db.kysely);
let t = performance.now();
const seeded = await seedDemoProcedures(db.kysely, services.procedures, ctx.clock.now());
console.log(JSON.stringify({ bench: 'procedures-demo-seed', engine: 'embedded', dossiers: seeded.dossiers, seconds: +((performance.now() - t) / 1000).toFixed(2), goal_seconds: 5, goal_met: performance.now() - t <= 5000 }));

// (2) The index for every unit and month of the two years.
const now = ctx.clock.now();
const months: string[] = [];
for (let i = 0; i < 24; i++) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
  months.push(d.toISOString().slice(0, 7));
}
const units = ['ubnd-27475', 'ubnd-27478', 'ubnd-27484', 'ubnd-27487'];
const api: number[] = [];
const raw: number[] = [];
for (const month of months) {
  for (const unit of [...units, null]) {
    const q = new URLSearchParams({ period: month, ...(unit ? { unit } : { by: 'unit' }) });
    t = performance.now();
    const res = await fetch(`${base}/api/procedures/index?${q}`, { headers });
    await res.json();
    api.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`index answered ${res.status}`);
  }
  t = performance.now();
  await services.procedures.plainAggregate({ period: month });
  raw.push(performance.now() - t);
}
console.log(JSON.stringify({
  bench: 'procedures-index-766', engine: 'embedded', requests: api.length, months: months.length, units: units.length,
  api_p50_ms: ms(pct(api, 0.5)), api_p95_ms: ms(pct(api, 0.95)), plain_sql_p50_ms: ms(pct(raw, 0.5)), plain_sql_p95_ms: ms(pct(raw, 0.95)),
  ratio_p50: +(pct(api, 0.5) / pct(raw, 0.5)).toFixed(2), goal_p95_ms: GOAL_P95_MS, goal_met: pct(api, 0.95) <= GOAL_P95_MS,
}));

// (3) Import of IMPORT_N dossiers in the portal's field names, against a raw batched INSERT.
// The demo generator gives about 15,500 dossiers at scale 1.
const generated = generateDemoDossiers(now, 99, (IMPORT_N / 15_000) * 1.05).slice(0, IMPORT_N);
const stamp = (d: Date | null) => (d ? d.toISOString() : null);
const portalRows = generated.map((d, i) => ({
  MaHoSo: `BENCH-${i}`, MaTTHC: d.procedureCode, KenhThucHien: d.channel, NgayNopHoSo: stamp(d.submittedAt), NgayTiepNhan: stamp(d.receivedAt), NgayHenTra: stamp(d.dueAt),
  NgayKetThucXuLy: stamp(d.finishedAt), TrangThaiHoSo: d.status, YeuCauBoSung: d.supplements.map((s) => ({ NgayYeuCau: stamp(s.requestedAt), NgayBoSung: stamp(s.suppliedAt) })),
  DuocThanhToanTrucTuyen: d.paidOnline, HoSoCoThanhPhanSoHoa: d.digitised, CoKetQuaDienTu: d.eResult, DonViXuLy: d.unitCode, MaPhuongXa: d.wardCode,
  MaCanBoXuLy: d.officialCode, CanBoXuLy: d.officialName, ChuHoSo: d.applicantName, SoDienThoai: d.applicantPhone,
}));
t = performance.now();
const result = await services.procedures.ingestRows(portalRows, 'bench');
const ingestMs = performance.now() - t;
t = performance.now();
for (let i = 0; i < generated.length; i += 2000) {
  const batch = generated.slice(i, i + 2000);
  await sql`insert into proc_dossiers (code, procedure_code, channel, submitted_at, received_at, due_at, finished_at, status, supplements, paid_online, digitised, e_result, unit_code, ward_code)
    values ${sql.join(batch.map((d, k) => sql`(${`RAW-${i + k}`}, ${d.procedureCode}, ${d.channel}, ${d.submittedAt}, ${d.receivedAt}, ${d.dueAt}, ${d.finishedAt}, ${d.status}, ${JSON.stringify(d.supplements)}, ${d.paidOnline}, ${d.digitised}, ${d.eResult}, ${d.unitCode}, ${d.wardCode})`))}`.execute(db.kysely);
}
const rawMs = performance.now() - t;
t = performance.now();
const again = await services.procedures.ingestRows(portalRows, 'bench');
const againMs = performance.now() - t;
console.log(JSON.stringify({
  bench: 'procedures-import', engine: 'embedded', dossiers: generated.length, inserted: result.inserted, rejected: result.rejected.length,
  ingest_seconds: +(ingestMs / 1000).toFixed(2), rows_per_second: Math.round(generated.length / (ingestMs / 1000)),
  raw_insert_seconds: +(rawMs / 1000).toFixed(2), ratio: +(ingestMs / rawMs).toFixed(2),
  reingest_unchanged_seconds: +(againMs / 1000).toFixed(2), reingest_unchanged: again.unchanged,
}));
void SYSTEM_ACTOR;
await app.close();
await db.close();
