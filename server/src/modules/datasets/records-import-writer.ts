// Many records of one dataset upserted by natural key in a few statements (imports): the
// same stored shape as datasets.repository.ts writes for one record — natural key, props,
// geometry, ward area_ids (computed in SQL, like `wardsOf`), search text — and one history
// entry per created or changed record. A record whose properties and geometry are the same
// is left alone (no write, no history), so re-importing a file changes nothing.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { DatasetDecl } from './declarations.ts';
import { naturalKey, searchText, type Props } from './validation.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ImportRecordInput {
  props: Props;
  /** WGS 84 GeoJSON, or null. */
  geometry: GeoJSON.Geometry | null;
}

export interface ImportWriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportWriteOptions {
  actor: string;
  actorId: number | null;
  /** Count what would happen, write nothing. */
  dryRun?: boolean;
}

/** Stable JSON (sorted keys) to compare property objects. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/**
 * Upserts `rows` (already validated and cleaned; natural keys unique within the call) into
 * dataset `decl.id`. Run it inside a transaction: the batch is written whole or not at all.
 * Datasets without a natural key always insert.
 */
export async function upsertImportedRecords(
  db: Db,
  decl: DatasetDecl,
  rows: ImportRecordInput[],
  opts: ImportWriteOptions,
): Promise<ImportWriteResult> {
  const result: ImportWriteResult = { inserted: 0, updated: 0, unchanged: 0 };
  if (!rows.length) return result;
  const keys = rows.map((r) => naturalKey(decl, r.props));
  const geojson = rows.map((r) => (r.geometry ? JSON.stringify(r.geometry) : null));

  // Existing records with these keys, and whether the stored geometry equals the new one
  // (compared as GeoJSON at 7 decimals, the precision the API returns).
  const existing = new Map<string, { id: number; props: Props; geometry: GeoJSON.Geometry | null; sameGeom: boolean }>();
  if (decl.naturalKey.length) {
    const found = await sql<{ id: number; natural_key: string; props: Props; geometry: GeoJSON.Geometry | null; same_geom: boolean }>`
      select r.id, r.natural_key, r.props, ST_AsGeoJSON(r.geom, 7)::json as geometry,
             (ST_AsGeoJSON(r.geom, 7) is not distinct from ST_AsGeoJSON(ST_SetSRID(ST_GeomFromGeoJSON(i.g), 4326), 7)) as same_geom
      from unnest(${keys}::text[], ${geojson}::text[]) as i(nk, g)
      join records r on r.dataset_id = ${decl.id} and r.natural_key = i.nk
      ${opts.dryRun ? sql`` : sql`for update of r`}`.execute(db);
    for (const r of found.rows) existing.set(r.natural_key, { id: r.id, props: r.props, geometry: r.geometry, sameGeom: r.same_geom });
  }

  const inserts: number[] = [];
  const updates: { i: number; id: number; before: { properties: Props; geometry: GeoJSON.Geometry | null } }[] = [];
  rows.forEach((r, i) => {
    const key = keys[i];
    const old = key !== null && key !== undefined ? existing.get(key) : undefined;
    if (!old) inserts.push(i);
    else if (old.sameGeom && canonical(old.props) === canonical(r.props)) result.unchanged++;
    else updates.push({ i, id: old.id, before: { properties: old.props, geometry: old.geometry } });
  });
  result.inserted = inserts.length;
  result.updated = updates.length;
  if (opts.dryRun) return result;

  const pick = <T>(idx: number[], f: (i: number) => T) => idx.map(f);
  if (inserts.length) {
    // One statement: the records (ward area ids in SQL, as the repository's `wardsOf`) and their history.
    await sql`
      with input as (
        select t.nk, t.props::jsonb as props, t.g,
               case when t.g is null then null::geometry else ST_SetSRID(ST_GeomFromGeoJSON(t.g), 4326) end as geom, t.search
        from unnest(${pick(inserts, (i) => keys[i] ?? null)}::text[], ${pick(inserts, (i) => JSON.stringify(rows[i]!.props))}::text[],
                    ${pick(inserts, (i) => geojson[i] ?? null)}::text[], ${pick(inserts, (i) => searchText(decl, rows[i]!.props))}::text[])
             with ordinality as t(nk, props, g, search, ord)
        order by t.ord
      ), ins as (
        insert into records (dataset_id, natural_key, props, geom, area_ids, search, synthetic, created_by, updated_by)
        select ${decl.id}, i.nk, i.props, i.geom,
               case when i.geom is null then '{}'::int[] else
                 array(select a.id from areas a where a.level = 'ward' and ST_Intersects(a.geom, i.geom) order by a.valid_from desc, a.id) end,
               i.search, false, ${opts.actor}, ${opts.actor}
        from input i
        returning id, props, geom
      )
      insert into record_history (record_id, dataset_id, action, actor_id, actor, before, after)
      select ins.id, ${decl.id}, 'create', ${opts.actorId}, ${opts.actor}, null,
             jsonb_build_object('properties', ins.props, 'geometry', case when ins.geom is null then 'null'::jsonb else ST_AsGeoJSON(ins.geom, 7)::jsonb end)
      from ins`.execute(db);
  }
  if (updates.length) {
    await sql`
      with input as (
        select t.id, t.nk, t.props::jsonb as props, t.before::jsonb as before,
               case when t.g is null then null::geometry else ST_SetSRID(ST_GeomFromGeoJSON(t.g), 4326) end as geom, t.search
        from unnest(${updates.map((u) => u.id)}::bigint[], ${updates.map((u) => keys[u.i] ?? null)}::text[],
                    ${updates.map((u) => JSON.stringify(rows[u.i]!.props))}::text[], ${updates.map((u) => JSON.stringify(u.before))}::text[],
                    ${updates.map((u) => geojson[u.i] ?? null)}::text[], ${updates.map((u) => searchText(decl, rows[u.i]!.props))}::text[])
             as t(id, nk, props, before, g, search)
      ), upd as (
        update records r set natural_key = i.nk, props = i.props, geom = i.geom,
          area_ids = case when i.geom is null then '{}'::int[] else
            array(select a.id from areas a where a.level = 'ward' and ST_Intersects(a.geom, i.geom) order by a.valid_from desc, a.id) end,
          search = i.search, updated_at = now(), updated_by = ${opts.actor}
        from input i
        where r.dataset_id = ${decl.id} and r.id = i.id
        returning r.id, r.props, r.geom
      )
      insert into record_history (record_id, dataset_id, action, actor_id, actor, before, after)
      select upd.id, ${decl.id}, 'update', ${opts.actorId}, ${opts.actor}, i.before,
             jsonb_build_object('properties', upd.props, 'geometry', case when upd.geom is null then 'null'::jsonb else ST_AsGeoJSON(upd.geom, 7)::jsonb end)
      from upd join input i on i.id = upd.id`.execute(db);
  }
  return result;
}

/** The record rules an import applies to every row (the same functions single writes use). */
export { recordProblems, cleanProps, naturalKey, fieldValueProblem, normaliseText, type Props, type FieldProblem } from './validation.ts';
export type { DatasetDecl, FieldDecl } from './declarations.ts';
