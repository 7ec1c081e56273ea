// Epidemics: (1) the chain graph of a 2,000-person cluster through the module's service, against
// a plain recursive SQL walk of the same relationships; (2) the weekly levels of all 168 units
// over a year (both rule sets, figures computed and stored), against a plain SQL count of cases
// per unit and week banded into levels (no vaccination, capacity or storage) — same database,
// same run. Synthetic data, seeded PRNG-free (generate_series). Prints JSON lines (medians in ms).
import { mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { prepare } from '../server/src/startup.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLUSTER = 2000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function run(engine: 'embedded' | 'postgres'): Promise<void> {
  const dataDir = `.cache/bench-epidemics-${engine}`;
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = engine === 'postgres' ? process.env.BENCH_DATABASE_URL : undefined;
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', CITYOPS_DEMO: 'false', DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl });
  const { app, ctx, services } = await buildApp({ config, db, logger: false });
  await prepare(ctx, services);
  const k = db.kysely;
  await sql`delete from epi_outbreaks where code = 'BENCH'`.execute(k);
  const oid = (await sql<{ id: number }>`insert into epi_outbreaks (code, disease, name_vi, name_en, area_codes, starts_on, follow_up_days, follow_ups_per_day)
    values ('BENCH', 'covid-19', 'bench', 'bench', array['x'], '2021-01-01', 14, 1) returning id`.execute(k)).rows[0]!.id;
  const wards = (await sql<{ code: string }>`select distinct code from v_areas where level = 'ward' and valid_to is null`.execute(k)).rows.map((r) => r.code);
  await sql`delete from epi_populations`.execute(k);
  await sql`insert into epi_populations (ward_code, age_group, population, source)
    select w, g, 10000 + (abs(hashtext(w || g)) % 20000), 'bench' from unnest(${wards}::text[]) w cross join unnest(array['0-11','12-17','18-49','50-64','65+']) g`.execute(k);
  // A year of cases over every unit: 0–3 a unit and day (~250,000).
  await sql`insert into epi_persons (outbreak_id, code, kind, ward_code, classification, confirmed_on, became_case_on, community, outcome)
    select ${oid}, 'B-' || w || '-' || d || '-' || n, 'case', w, 'confirmed', '2021-01-04'::date + d, '2021-01-04'::date + d, n % 2 = 0, 'recovered'
    from unnest(${wards}::text[]) w cross join generate_series(0, 363) d cross join lateral generate_series(1, abs(hashtext(w || d::text)) % 4) n`.execute(k);
  // The cluster: a tree of 2,000 people, three children each.
  await sql`insert into epi_persons (outbreak_id, code, kind, ward_code, classification, confirmed_on, became_case_on)
    select ${oid}, 'CL-' || lpad(i::text, 5, '0'), case when i % 4 = 0 then 'contact' else 'case' end, ${wards[0]!}, 'confirmed', '2021-06-01'::date + (i / 100), '2021-06-01'::date + (i / 100)
    from generate_series(1, ${CLUSTER}) i`.execute(k);
  await sql`insert into epi_relationships (outbreak_id, source_id, target_id, contact_on, certainty, exposure_type)
    select ${oid}, s.id, t.id, t.confirmed_on, 'high', 'household'
    from epi_persons t join epi_persons s on s.outbreak_id = t.outbreak_id and s.code = 'CL-' || lpad(((substr(t.code, 4)::int - 2) / 3 + 1)::text, 5, '0')
    where t.outbreak_id = ${oid} and t.code like 'CL-%' and substr(t.code, 4)::int > 1`.execute(k);
  const cases = (await sql<{ n: number }>`select count(*)::int as n from epi_persons where outbreak_id = ${oid}`.execute(k)).rows[0]!.n;

  // (1) chain graph
  const member = 'CL-01500';
  const svc: number[] = [];
  const raw: number[] = [];
  let nodes = 0;
  for (let i = 0; i < RUNS; i++) {
    svc.push(await time(async () => {
      nodes = (await services.epidemics.chainGraph(oid, member)).nodes.length;
    }));
    raw.push(await time(async () => {
      const r = await sql<{ id: number }>`with recursive c(id) as (
          select id from epi_persons where outbreak_id = ${oid} and code = ${member}
          union select case when r.source_id = c.id then r.target_id else r.source_id end from epi_relationships r join c on r.source_id = c.id or r.target_id = c.id)
        select p.id, p.code, p.kind from c join epi_persons p on p.id = c.id`.execute(k);
      await sql`select s.code, t.code from epi_relationships r join epi_persons s on s.id = r.source_id join epi_persons t on t.id = r.target_id
        where r.source_id = any(${r.rows.map((x) => x.id)}::bigint[])`.execute(k);
    }));
  }
  if (nodes !== CLUSTER) throw new Error(`chain graph: ${nodes} nodes, expected ${CLUSTER}`);
  console.log(JSON.stringify({ bench: 'epidemics-chain-graph', engine, people: CLUSTER, outbreak_persons: cases, service_ms: +median(svc).toFixed(1), raw_sql_ms: +median(raw).toFixed(1), ratio: +(median(svc) / median(raw)).toFixed(2) }));

  // (2) weekly levels of every unit over a year
  const weeks: string[] = [];
  for (let i = 0; i < 52; i++) weeks.push(new Date(Date.parse('2021-01-04') + i * 7 * 86_400_000).toISOString().slice(0, 10));
  const lv: number[] = [];
  const base: number[] = [];
  let ratings = 0;
  for (let i = 0; i < RUNS; i++) {
    lv.push(await time(async () => {
      ratings = await services.epidemics.computeLevels('covid-19', weeks);
    }));
    base.push(await time(() => sql`with w as (select unnest(${weeks}::date[]) as ws),
        pop as (select ward_code, sum(population) as p from epi_populations group by ward_code),
        c as (select pop.ward_code, w.ws, count(e.id) filter (where e.confirmed_on >= w.ws) as wk, count(e.id) as two, pop.p
          from pop cross join w left join epi_persons e on e.ward_code = pop.ward_code and e.kind = 'case' and e.confirmed_on >= w.ws - 7 and e.confirmed_on < w.ws + 7
          group by pop.ward_code, w.ws, pop.p)
      select ward_code, ws, case when two / 2.0 * 100000 / p >= 150 then 4 when two / 2.0 * 100000 / p >= 50 then 3 when two / 2.0 * 100000 / p >= 20 then 2 else 1 end as level from c`.execute(k)));
  }
  console.log(JSON.stringify({ bench: 'epidemics-weekly-levels', engine, units: wards.length, weeks: weeks.length, ratings, cases, service_ms: +median(lv).toFixed(1), raw_sql_ms: +median(base).toFixed(1), ratio: +(median(lv) / median(base)).toFixed(2) }));
  await app.close();
  await db.close();
}

await run('embedded');
if (process.env.BENCH_DATABASE_URL) await run('postgres');
