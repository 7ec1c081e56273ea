// SQL behind OGC API – Features: spatial datasets and their records, and the areas.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

export interface CollectionRow {
  id: string;
  declaration: { titleVi?: string; titleEn?: string; domain?: string; fields?: { name: string; personal?: boolean; type?: string }[] };
  geometry_type: string;
  public_read: boolean;
  count: number;
  xmin: number | null;
  ymin: number | null;
  xmax: number | null;
  ymax: number | null;
}

export interface ItemsQuery {
  limit: number;
  offset: number;
  bbox?: [number, number, number, number] | undefined;
}

export interface FeatureRow {
  id: number;
  props: Record<string, unknown>;
  geometry: GeoJSON.Geometry | null;
  updated_at: Date;
}

const envelope = (b: [number, number, number, number]) => sql`ST_MakeEnvelope(${b[0]}, ${b[1]}, ${b[2]}, ${b[3]}, 4326)`;

export function ogcRepository(db: Kysely<DB>) {
  return {
    async collections(publicOnly: boolean, id?: string): Promise<CollectionRow[]> {
      const r = await sql<CollectionRow>`
        select d.id, d.declaration, d.geometry_type, d.public_read,
               coalesce(s.count, 0) as count, s.xmin, s.ymin, s.xmax, s.ymax
        from v_datasets d
        left join (
          select dataset_id, count(*) as count, ST_XMin(ST_Extent(geom)) as xmin, ST_YMin(ST_Extent(geom)) as ymin,
                 ST_XMax(ST_Extent(geom)) as xmax, ST_YMax(ST_Extent(geom)) as ymax
          from v_records ${id ? sql`where dataset_id = ${id}` : sql``} group by dataset_id
        ) s on s.dataset_id = d.id
        where d.geometry_type <> 'none'
          ${publicOnly ? sql`and d.public_read` : sql``}
          ${id ? sql`and d.id = ${id}` : sql``}
        order by d.id`.execute(db);
      return r.rows;
    },

    async items(datasetId: string, q: ItemsQuery): Promise<{ matched: number; rows: FeatureRow[] }> {
      const where = sql`r.dataset_id = ${datasetId} ${q.bbox ? sql`and r.geom && ${envelope(q.bbox)} and ST_Intersects(r.geom, ${envelope(q.bbox)})` : sql``}`;
      const count = await sql<{ n: number }>`select count(*) as n from v_records r where ${where}`.execute(db);
      const rows = await sql<FeatureRow>`
        select r.id, r.props, ST_AsGeoJSON(r.geom, 7)::json as geometry, r.updated_at
        from v_records r where ${where} order by r.id limit ${q.limit} offset ${q.offset}`.execute(db);
      return { matched: count.rows[0]?.n ?? 0, rows: rows.rows };
    },

    async item(datasetId: string, id: number): Promise<FeatureRow | undefined> {
      const r = await sql<FeatureRow>`
        select r.id, r.props, ST_AsGeoJSON(r.geom, 7)::json as geometry, r.updated_at
        from v_records r where r.dataset_id = ${datasetId} and r.id = ${id}`.execute(db);
      return r.rows[0];
    },

    async areaExtent(date: string) {
      const r = await sql<{ count: number; xmin: number; ymin: number; xmax: number; ymax: number }>`
        select count(*) as count, ST_XMin(ST_Extent(geom)) as xmin, ST_YMin(ST_Extent(geom)) as ymin,
               ST_XMax(ST_Extent(geom)) as xmax, ST_YMax(ST_Extent(geom)) as ymax
        from v_areas where valid_from <= ${date}::date and (valid_to is null or valid_to > ${date}::date)`.execute(db);
      return r.rows[0]!;
    },

    async areaItems(date: string, q: ItemsQuery, id?: number) {
      const where = sql`a.valid_from <= ${date}::date and (a.valid_to is null or a.valid_to > ${date}::date)
        ${q.bbox ? sql`and a.geom && ${envelope(q.bbox)} and ST_Intersects(a.geom, ${envelope(q.bbox)})` : sql``}
        ${id !== undefined ? sql`and a.id = ${id}` : sql``}`;
      const count = await sql<{ n: number }>`select count(*) as n from v_areas a where ${where}`.execute(db);
      const rows = await sql<{ id: number; code: string; name_vi: string; name_en: string; level: string; valid_from: string; valid_to: string | null; approximate: boolean; area_km2: number; geometry: GeoJSON.Geometry }>`
        select a.id, a.code, a.name_vi, a.name_en, a.level, a.valid_from, a.valid_to, a.approximate, a.area_km2,
               ST_AsGeoJSON(a.geom, 6)::json as geometry
        from v_areas a where ${where} order by a.id limit ${q.limit} offset ${q.offset}`.execute(db);
      return { matched: count.rows[0]?.n ?? 0, rows: rows.rows };
    },
  };
}
