// Fills the demo with synthetic records at the reported District 7 counts, once (app_state),
// in batched multi-row inserts so the demo start stays fast on the embedded engine.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/database.ts';
import { BUILT_IN_DATASETS, DEMO_COUNTS } from '../builtin-datasets.ts';
import { loadBuiltInDatasets } from '../builtin-loader.ts';
import { datasetsRepository } from '../datasets.repository.ts';
import { naturalKey, searchText } from '../validation.ts';
import { DEMO_SEED, generateDataset, scaledCounts, type DemoWard } from './generator.ts';
import { toMultiPolygon, toWkt } from './geometry.ts';

const STATE_KEY = 'seed.demo-datasets';
/** The four wards that replaced District 7 on 2025-07-01. */
export const D7_WARD_CODES = ['27475', '27478', '27484', '27487'];
const BATCH = 2000;

/** The wards (valid on `date`) with their shapes and the earlier wards they replaced. */
export async function loadDemoWards(db: Kysely<DB>, codes: string[], date = '2025-07-01'): Promise<DemoWard[]> {
  const wards = await sql<{ id: number; code: string; name_short: string; geometry: GeoJSON.Geometry }>`
    select a.id, a.code, coalesce(a.properties ->> 'name_short', a.name_vi) as name_short, ST_AsGeoJSON(a.geom, 7)::json as geometry
    from v_areas a
    where a.level = 'ward' and a.code = any(${codes}::text[]) and a.valid_from <= ${date}::date and (a.valid_to is null or a.valid_to > ${date}::date)
    order by a.code`.execute(db);
  if (wards.rows.length !== codes.length) throw new Error(`demo wards: found ${wards.rows.length} of ${codes.length} (${codes.join(', ')}) valid on ${date}`);
  const preds = await sql<{ successor_id: number; id: number; code: string; name_short: string; geometry: GeoJSON.Geometry }>`
    select l.successor_id, a.id, a.code, coalesce(a.properties ->> 'name_short', a.name_vi) as name_short, ST_AsGeoJSON(a.geom, 7)::json as geometry
    from v_area_lineage l join v_areas a on a.id = l.predecessor_id
    where l.successor_id = any(${wards.rows.map((w) => w.id)}::int[])
    order by a.code`.execute(db);
  return wards.rows.map((w) => ({
    id: w.id,
    code: w.code,
    nameShort: w.name_short,
    geometry: toMultiPolygon(w.geometry),
    predecessors: preds.rows
      .filter((p) => p.successor_id === w.id)
      .map((p) => ({ id: p.id, code: p.code, nameShort: p.name_short, geometry: toMultiPolygon(p.geometry) })),
  }));
}

export interface DemoSeedResult {
  seeded: boolean;
  records: number;
  ms: number;
}

/**
 * Seeds the synthetic demo records once. `wardCodes` and `scale` allow a larger scenario
 * (e.g. the 168 city units at scale 0.1); the default is District 7 at the real counts.
 */
export async function seedDemoDatasets(
  db: Kysely<DB>,
  opts: { wardCodes?: string[]; scale?: number; seed?: string } = {},
): Promise<DemoSeedResult> {
  const started = Date.now();
  const done = await sql<{ key: string }>`select key from app_state where key = ${STATE_KEY}`.execute(db);
  if (done.rows.length) return { seeded: false, records: 0, ms: 0 };
  await loadBuiltInDatasets(db);
  const wards = await loadDemoWards(db, opts.wardCodes ?? D7_WARD_CODES);
  const counts = scaledCounts(DEMO_COUNTS, opts.scale ?? 1);
  let records = 0;
  await db.transaction().execute(async (tx) => {
    const repo = datasetsRepository(tx);
    for (const decl of BUILT_IN_DATASETS) {
      const count = counts[decl.id] ?? 0;
      if (!count) continue;
      const generated = generateDataset(decl, count, wards, opts.seed ?? DEMO_SEED);
      for (let i = 0; i < generated.length; i += BATCH) {
        const rows = generated.slice(i, i + BATCH).map((g) => ({
          naturalKey: naturalKey(decl, g.props),
          props: g.props,
          wkt: g.geometry ? toWkt(g.geometry) : null,
          areaIds: g.areaIds,
          search: searchText(decl, g.props),
        }));
        await repo.bulkInsert(decl.id, rows, { synthetic: true, actor: 'demo-generator' });
      }
      records += generated.length;
    }
    const value = JSON.stringify({ seed: opts.seed ?? DEMO_SEED, scale: opts.scale ?? 1, records, at: new Date().toISOString() });
    await sql`insert into app_state (key, value) values (${STATE_KEY}, ${value}::jsonb)`.execute(tx);
  });
  return { seeded: true, records, ms: Date.now() - started };
}
