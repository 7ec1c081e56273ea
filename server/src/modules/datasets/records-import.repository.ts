// SQL of the import writer (records-import-writer.ts): many records of one dataset read and
// upserted by natural key in a few statements, with ward area_ids computed in SQL (as the
// repository's `wardsOf`) and one history entry per created or changed record.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Props } from './validation.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ExistingImportRecord {
  id: number;
  natural_key: string;
  props: Props;
  geometry: GeoJSON.Geometry | null;
  /** The stored geometry equals the new one (compared as GeoJSON at 7 decimals, the precision the API returns). */
  same_geom: boolean;
}

export interface ImportInsertRow {
  naturalKey: string | null;
  /** JSON text of the properties. */
  props: string;
  /** GeoJSON text, or null. */
  geojson: string | null;
  search: string;
  /** JSON text of the record's flags (issue 15). */
  flags: string;
}

export interface ImportUpdateRow extends ImportInsertRow {
  id: number;
  /** JSON text of the history's `before` snapshot. */
  before: string;
}

export function recordsImportRepository(db: Db) {
  return {
    /** Existing records with these natural keys (locked for update unless `lock` is false). */
    async existingByKeys(datasetId: string, keys: (string | null)[], geojson: (string | null)[], lock: boolean): Promise<ExistingImportRecord[]> {
      const found = await sql<ExistingImportRecord>`
      select r.id, r.natural_key, r.props, ST_AsGeoJSON(r.geom, 7)::json as geometry,
             (ST_AsGeoJSON(r.geom, 7) is not distinct from ST_AsGeoJSON(ST_SetSRID(ST_GeomFromGeoJSON(i.g), 4326), 7)) as same_geom
      from unnest(${keys}::text[], ${geojson}::text[]) as i(nk, g)
      join records r on r.dataset_id = ${datasetId} and r.natural_key = i.nk
      ${lock ? sql`for update of r` : sql``}`.execute(db);
      return found.rows;
    },

    /** One statement: the records (ward area ids in SQL, as the repository's `wardsOf`) and their history. */
    async insertWithHistory(datasetId: string, rows: ImportInsertRow[], actor: { name: string; id: number | null }): Promise<void> {
      await sql`
      with input as (
        select t.nk, t.props::jsonb as props, t.g, t.flags::jsonb as flags,
               case when t.g is null then null::geometry else ST_SetSRID(ST_GeomFromGeoJSON(t.g), 4326) end as geom, t.search
        from unnest(${rows.map((r) => r.naturalKey)}::text[], ${rows.map((r) => r.props)}::text[],
                    ${rows.map((r) => r.geojson)}::text[], ${rows.map((r) => r.search)}::text[], ${rows.map((r) => r.flags)}::text[])
             with ordinality as t(nk, props, g, search, flags, ord)
        order by t.ord
      ), ins as (
        insert into records (dataset_id, natural_key, props, geom, area_ids, search, synthetic, created_by, updated_by, flags)
        select ${datasetId}, i.nk, i.props, i.geom,
               case when i.geom is null then '{}'::int[] else
                 array(select a.id from v_areas a where a.level = 'ward' and ST_Intersects(a.geom, i.geom) order by a.valid_from desc, a.id) end,
               i.search, false, ${actor.name}, ${actor.name}, i.flags
        from input i
        returning id, props, geom
      )
      insert into record_history (record_id, dataset_id, action, actor_id, actor, before, after)
      select ins.id, ${datasetId}, 'create', ${actor.id}, ${actor.name}, null,
             jsonb_build_object('properties', ins.props, 'geometry', case when ins.geom is null then 'null'::jsonb else ST_AsGeoJSON(ins.geom, 7)::jsonb end)
      from ins`.execute(db);
    },

    /** One statement: the changed records and their history (before: the given snapshot). */
    async updateWithHistory(datasetId: string, rows: ImportUpdateRow[], actor: { name: string; id: number | null }): Promise<void> {
      await sql`
      with input as (
        select t.id, t.nk, t.props::jsonb as props, t.before::jsonb as before, t.flags::jsonb as flags,
               case when t.g is null then null::geometry else ST_SetSRID(ST_GeomFromGeoJSON(t.g), 4326) end as geom, t.search
        from unnest(${rows.map((u) => u.id)}::bigint[], ${rows.map((u) => u.naturalKey)}::text[],
                    ${rows.map((u) => u.props)}::text[], ${rows.map((u) => u.before)}::text[],
                    ${rows.map((u) => u.geojson)}::text[], ${rows.map((u) => u.search)}::text[], ${rows.map((u) => u.flags)}::text[])
             as t(id, nk, props, before, g, search, flags)
      ), upd as (
        update records r set natural_key = i.nk, props = i.props, geom = i.geom,
          area_ids = case when i.geom is null then '{}'::int[] else
            array(select a.id from v_areas a where a.level = 'ward' and ST_Intersects(a.geom, i.geom) order by a.valid_from desc, a.id) end,
          search = i.search, updated_at = now(), updated_by = ${actor.name}, flags = i.flags
        from input i
        where r.dataset_id = ${datasetId} and r.id = i.id
        returning r.id, r.props, r.geom
      )
      insert into record_history (record_id, dataset_id, action, actor_id, actor, before, after)
      select upd.id, ${datasetId}, 'update', ${actor.id}, ${actor.name}, i.before,
             jsonb_build_object('properties', upd.props, 'geometry', case when upd.geom is null then 'null'::jsonb else ST_AsGeoJSON(upd.geom, 7)::jsonb end)
      from upd join input i on i.id = upd.id`.execute(db);
    },
  };
}
