// Document search through the HTTP API (GET /api/documents?q=, folded words, tsvector + GIN,
// ranked, with snippets) over the demo register topped up to ≥ 5,000 documents with text (the
// demo's 4,500 with their body text, 1,000 more registered through the service, 100 of them
// with generated PDFs — one in five scanned and read by OCR), beside the plain SQL text query
// (ILIKE over subject and file text) in the same run. Prints JSON lines.
//
//   BENCH_N               number of search requests (default 300)
//   BENCH_DATABASE_URL    also run against PostgreSQL
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { mulberry32 } from '../server/src/platform/random.ts';
import { userActor } from '../server/src/platform/actor.ts';
import { prepare } from '../server/src/startup.ts';
import { generateDemoFiles } from '../server/src/modules/documents/index.ts';

const N = Number(process.env.BENCH_N ?? 300);
const GOAL_P95_MS = 200;
const TARGET_DOCUMENTS = 5500;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (x: number) => +x.toFixed(2);

/** What users type: with and without diacritics; [query, ILIKE term of the baseline]. */
const QUERIES: [string, string][] = [
  ['ngap nuoc', 'ngập nước'], ['phòng, chống ngập nước', 'ngập nước'], ['chuyen doi so', 'chuyển đổi số'], ['dịch vụ công trực tuyến', 'dịch vụ công'],
  ['lan chiem via he', 'lấn chiếm'], ['sốt xuất huyết', 'sốt xuất huyết'], ['an toan thuc pham tet', 'an toàn thực phẩm'], ['Sở Xây dựng', 'Sở Xây dựng'],
  ['phong chay chua chay', 'phòng cháy'], ['ho ngheo can ngheo', 'hộ nghèo'], ['chieu sang cay xanh', 'chiếu sáng'], ['tuyển sinh đầu cấp', 'tuyển sinh'],
  ['chung cu cu xuong cap', 'chung cư'], ['tiet kiem chong lang phi', 'tiết kiệm'], ['trat tu xay dung', 'trật tự xây dựng'], ['cải cách hành chính', 'cải cách hành chính'],
  ['nao vet kenh rach', 'nạo vét'], ['cong an thanh pho', 'Công an'], ['ke hoach', 'Kế hoạch'], ['tiep nhan ho so', 'tiếp nhận hồ sơ'],
];

async function run(engine: 'embedded' | 'postgres'): Promise<void> {
  const dataDir = '.cache/bench-documents';
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = engine === 'postgres' ? process.env.BENCH_DATABASE_URL : undefined;
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', CITYOPS_DEMO: 'true', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl });
  const { app, ctx, services } = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await prepare(ctx, services);
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  // Top the register up once (the data folder is kept between runs).
  const admin = (await sql<{ id: number }>`select id from users where username = 'admin'`.execute(db.kysely)).rows[0]!;
  const actor = userActor({ id: admin.id, username: 'admin', role: 'admin', unitId: null, areaIds: [] });
  let count = (await sql<{ n: number }>`select count(*)::int as n from documents`.execute(db.kysely)).rows[0]!.n;
  const rand = mulberry32(5);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const topics = QUERIES.map((q) => q[1]);
  for (let i = 0; count < TARGET_DOCUMENTS; i++, count++) {
    await services.documents.create(actor, {
      direction: 'incoming', docType: 'cong-van', number: String(10_000 + count), notation: 'BENCH', issuer: pick(['Sở Xây dựng', 'Sở Y tế', 'Công an Thành phố', 'UBND Thành phố Hồ Chí Minh']),
      issuedDate: '2026-06-01', arrivalDate: '2026-06-02', subject: `Công văn về việc ${pick(topics)} và ${pick(topics)} trên địa bàn (${i})`,
    });
  }
  const files = (await sql<{ n: number }>`select count(*)::int as n from document_files`.execute(db.kysely)).rows[0]!.n;
  if (files < 100) await generateDemoFiles(services.documents, actor, 100 - files, (m) => console.error(m));
  const withText = (await sql<{ n: number }>`select count(*)::int as n from documents where length(search_folded) > 200`.execute(db.kysely)).rows[0]!.n;

  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'demo' }) });
  const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  const api: number[] = [];
  const raw: number[] = [];
  let empty = 0;
  const emptyQueries = new Set<string>();
  for (let i = 0; i < N; i++) {
    const [q, term] = pick(QUERIES);
    let t = performance.now();
    await services.documents.searchIlike(term, 20);
    raw.push(performance.now() - t);
    t = performance.now();
    const body = (await (await fetch(`${base}/api/documents?q=${encodeURIComponent(q)}&limit=20`, { headers })).json()) as { total: number };
    api.push(performance.now() - t);
    if (!body.total) {
      empty++;
      emptyQueries.add(q);
    }
  }
  console.log(JSON.stringify({
    bench: 'documents-search', engine, n: N, documents: count, documents_with_text: withText, files: Math.max(files, 100),
    api_p50_ms: ms(pct(api, 0.5)), api_p95_ms: ms(pct(api, 0.95)),
    plain_sql_ilike_p50_ms: ms(pct(raw, 0.5)), plain_sql_ilike_p95_ms: ms(pct(raw, 0.95)),
    ratio_p50: +(pct(api, 0.5) / pct(raw, 0.5)).toFixed(2), queries_without_hits: empty, ...(emptyQueries.size ? { empty: [...emptyQueries] } : {}),
    goal_p95_ms: GOAL_P95_MS, goal_met: pct(api, 0.95) <= GOAL_P95_MS && empty === 0,
  }));
  await app.close();
  await db.close();
}

await run('embedded');
if (process.env.BENCH_DATABASE_URL) await run('postgres');
