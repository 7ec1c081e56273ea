// The city scenario: synthetic records over all 168 Ho Chi Minh City units of 2025, for
// map and tile benchmarks at city scale. Uses the deterministic demo generator; replaces the
// synthetic records of the built-in datasets (real records are never touched). At scale 1
// the District 7 demo counts are multiplied by CITY_FACTOR: about 324,000 points in total.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/database.ts';
import { BUILT_IN_DATASETS, DEMO_COUNTS } from '../builtin-datasets.ts';
import { loadBuiltInDatasets } from '../builtin-loader.ts';
import { datasetsRepository } from '../datasets.repository.ts';
import { naturalKey, searchText } from '../validation.ts';
import { DEMO_SEED, generateDataset, scaledCounts } from './generator.ts';
import { toWkt } from './geometry.ts';
import { loadDemoWards } from './seed.ts';

export const CITY_FACTOR = 5;
const STATE_KEY = 'seed.city-scenario';
const BATCH = 5000;

export interface CityScenarioResult {
  wards: number;
  records: number;
  points: number;
  ms: number;
}

/** The codes of the city's units valid on the day (168 on 2025-07-01). */
export async function cityWardCodes(db: Kysely<DB>, date = '2025-07-01'): Promise<string[]> {
  const r = await sql<{ code: string }>`
    select code from v_areas where scheme = 'vn2025' and level = 'ward'
      and valid_from <= ${date}::date and (valid_to is null or valid_to > ${date}::date) order by code`.execute(db);
  return r.rows.map((x) => x.code);
}

export async function seedCityScenario(
  db: Kysely<DB>,
  opts: { scale?: number; seed?: string; log?: (msg: string) => void } = {},
): Promise<CityScenarioResult> {
  const started = Date.now();
  const scale = opts.scale ?? 1;
  const log = opts.log ?? (() => undefined);
  await loadBuiltInDatasets(db);
  const codes = await cityWardCodes(db);
  const wards = await loadDemoWards(db, codes);
  const counts = scaledCounts(DEMO_COUNTS, CITY_FACTOR * scale);
  let records = 0;
  let points = 0;
  await db.transaction().execute(async (tx) => {
    const ids = BUILT_IN_DATASETS.map((d) => d.id);
    await sql`delete from records where synthetic and dataset_id = any(${ids}::text[])`.execute(tx);
    const repo = datasetsRepository(tx);
    for (const decl of BUILT_IN_DATASETS) {
      const count = counts[decl.id] ?? 0;
      if (!count) continue;
      const t = Date.now();
      const generated = generateDataset(decl, count, wards, opts.seed ?? DEMO_SEED);
      for (let i = 0; i < generated.length; i += BATCH) {
        const rows = generated.slice(i, i + BATCH).map((g) => ({
          naturalKey: naturalKey(decl, g.props),
          props: g.props,
          wkt: g.geometry ? toWkt(g.geometry) : null,
          areaIds: g.areaIds,
          search: searchText(decl, g.props),
        }));
        await repo.bulkInsert(decl.id, rows, { synthetic: true, actor: 'city-scenario' });
      }
      records += generated.length;
      if (decl.geometryType === 'point') points += generated.length;
      log(`${decl.id}: ${generated.length} records (${Date.now() - t} ms)`);
    }
    const value = JSON.stringify({ seed: opts.seed ?? DEMO_SEED, scale, factor: CITY_FACTOR, wards: wards.length, records, points, at: new Date().toISOString() });
    // The District 7 demo must not be seeded again over the scenario at the next start.
    await sql`insert into app_state (key, value) values ('seed.demo-datasets', ${value}::jsonb) on conflict (key) do nothing`.execute(tx);
    await sql`insert into app_state (key, value) values (${STATE_KEY}, ${value}::jsonb)
      on conflict (key) do update set value = excluded.value`.execute(tx);
  });
  await sql`analyze records`.execute(db);
  return { wards: wards.length, records, points, ms: Date.now() - started };
}
