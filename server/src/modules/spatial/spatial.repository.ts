// SQL behind the spatial tools: counts inside a zone, nearest features, per-area measures.
// Distances and areas are geodesic (geography); the geometry GiST index does the searching.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

export interface SpatialDatasetRow {
  id: string;
  title_vi: string;
  title_en: string;
  domain: string;
  geometry_type: string;
  public_read: boolean;
  fields: { name: string; type: string; titleVi: string; titleEn: string; personal?: boolean }[];
  display_field: string | null;
  stamp: string;
  version: number;
}

export interface ChoroplethRow {
  code: string;
  name_vi: string;
  name_en: string;
  area_km2: number;
  population: number | null;
  count: number;
  sum: number | null;
  avg: number | null;
}

/** The selection as a geometry (4326): a GeoJSON polygon, or a geodesic circle. */
export type Selection = { kind: 'geojson'; geojson: string } | { kind: 'circle'; lon: number; lat: number; radiusM: number };

const point = (lon: number, lat: number) => sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)`;

/** A numeric field of the properties, null when missing or not a number. */
export const numericValue = (field: string, alias = 'r'): RawBuilder<number | null> =>
  sql.raw(`case when jsonb_typeof(${alias}.props -> '${field}') = 'number' then (${alias}.props -> '${field}')::text::float8 end`);

export function spatialRepository(db: Kysely<DB>) {
  return {
    async spatialDatasets(ids?: string[]): Promise<SpatialDatasetRow[]> {
      const r = await sql<SpatialDatasetRow>`
        select d.id, d.declaration ->> 'titleVi' as title_vi, d.declaration ->> 'titleEn' as title_en, d.domain, d.geometry_type,
               d.public_read, d.declaration -> 'fields' as fields, d.declaration ->> 'displayField' as display_field, coalesce(s.stamp, 0)::text as stamp, d.version
        from v_datasets d left join v_dataset_change_stamps s on s.dataset_id = d.id
        where d.geometry_type <> 'none' ${ids ? sql`and d.id = any(${ids}::text[])` : sql``}
        order by d.id`.execute(db);
      return r.rows;
    },

    async validateGeoJson(geojson: string): Promise<{ valid: boolean; reason: string | null; type: string | null }> {
      const r = await sql<{ valid: boolean; reason: string | null; type: string | null }>`
        select ST_IsValid(g) as valid, case when ST_IsValid(g) then null else ST_IsValidReason(g) end as reason, GeometryType(g) as type
        from (select ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326) as g) s`.execute(db);
      return r.rows[0]!;
    },

    /** Geodesic area of the selection, m². */
    async selectionArea(sel: Selection): Promise<number> {
      if (sel.kind === 'circle') return Math.PI * sel.radiusM * sel.radiusM;
      const r = await sql<{ a: number }>`select ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(${sel.geojson}), 4326)::geography) as a`.execute(db);
      return r.rows[0]!.a;
    },

    /** Records of each dataset intersecting the selection (a record partly inside counts). */
    async countInside(sel: Selection, datasetIds: string[]): Promise<Map<string, number>> {
      if (!datasetIds.length) return new Map();
      const r =
        sel.kind === 'geojson'
          ? await sql<{ dataset_id: string; n: number }>`
              with z as (select ST_SetSRID(ST_GeomFromGeoJSON(${sel.geojson}), 4326) as g)
              select r.dataset_id, count(*)::int as n from v_records r, z
              where r.dataset_id = any(${datasetIds}::text[]) and r.geom && z.g and ST_Intersects(r.geom, z.g)
              group by r.dataset_id`.execute(db)
          : await sql<{ dataset_id: string; n: number }>`
              with c as (select ${point(sel.lon, sel.lat)}::geography as p,
                                ST_Envelope(ST_Buffer(${point(sel.lon, sel.lat)}::geography, ${sel.radiusM * 1.02 + 1}::float8)::geometry) as box)
              select r.dataset_id, count(*)::int as n from v_records r, c
              where r.dataset_id = any(${datasetIds}::text[]) and r.geom && c.box and ST_DWithin(r.geom::geography, c.p, ${sel.radiusM}::float8)
              group by r.dataset_id`.execute(db);
      return new Map(r.rows.map((x) => [x.dataset_id, x.n]));
    },

    /**
     * The n nearest records by geodesic distance: the KNN operator (<->) finds candidates fast,
     * then a geodesic search within the n-th candidate's distance makes the answer exact.
     */
    async nearest(datasetId: string, lon: number, lat: number, n: number, nameField: string | null) {
      const p = point(lon, lat);
      const name = nameField ? sql.raw(`r.props ->> '${nameField}'`) : sql`null::text`;
      const candidates = await sql<{ d: number }>`
        select ST_Distance(k.geom::geography, ${p}::geography) as d
        from (select r.geom from v_records r where r.dataset_id = ${datasetId} and r.geom is not null order by r.geom <-> ${p} limit ${n}) k`.execute(db);
      if (!candidates.rows.length) return [];
      const bound = Math.max(...candidates.rows.map((c) => c.d)) + 0.001;
      const r = await sql<{ id: number; name: string | null; distance_m: number; geometry: GeoJSON.Geometry }>`
        with c as (select ${p}::geography as g, ST_Envelope(ST_Buffer(${p}::geography, ${bound * 1.02 + 1}::float8)::geometry) as box)
        select r.id, ${name} as name, ST_Distance(r.geom::geography, c.g) as distance_m, ST_AsGeoJSON(r.geom, 7)::json as geometry
        from v_records r, c
        where r.dataset_id = ${datasetId} and r.geom && c.box and ST_DWithin(r.geom::geography, c.g, ${bound}::float8)
        order by distance_m, r.id limit ${n}`.execute(db);
      return r.rows;
    },

    /** Per-area count (and sum/avg of a numeric field) of the records whose point-on-surface lies in the area. */
    async perArea(datasetId: string, scheme: string, date: string, field: string | null): Promise<ChoroplethRow[]> {
      const value = field ? numericValue(field) : sql`null::float8`;
      const r = await sql<ChoroplethRow>`
        select a.code, a.name_vi, a.name_en, a.area_km2,
               case when jsonb_typeof(a.properties -> 'population') = 'number' then (a.properties -> 'population')::text::float8 end as population,
               coalesce(c.n, 0)::int as count, c.s as sum, c.av as avg
        from v_areas a
        left join lateral (
          select count(*) as n, sum(v) as s, avg(v) as av from (
            select ${value} as v from v_records r
            where r.dataset_id = ${datasetId} and r.geom && a.geom and ST_Intersects(a.geom, ST_PointOnSurface(r.geom))
          ) x
        ) c on true
        where a.level = 'ward' and a.scheme = ${scheme}
          and a.valid_from <= ${date}::date and (a.valid_to is null or a.valid_to > ${date}::date)
        order by a.code`.execute(db);
      return r.rows;
    },

    /** Points aggregated on a grid of `cell` degrees inside a box: [lon, lat, weight]. */
    async heat(datasetId: string, bbox: [number, number, number, number], cell: number | null, limit: number) {
      const box = sql`ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`;
      const c = sql`ST_PointOnSurface(r.geom)`;
      const r = cell
        ? await sql<{ lon: number; lat: number; w: number }>`
            select avg(ST_X(${c})) as lon, avg(ST_Y(${c})) as lat, count(*)::int as w
            from v_records r where r.dataset_id = ${datasetId} and r.geom && ${box}
            group by floor(ST_X(${c}) / ${cell}::float8), floor(ST_Y(${c}) / ${cell}::float8) limit ${limit}`.execute(db)
        : await sql<{ lon: number; lat: number; w: number }>`
            select ST_X(${c}) as lon, ST_Y(${c}) as lat, 1 as w
            from v_records r where r.dataset_id = ${datasetId} and r.geom && ${box} limit ${limit}`.execute(db);
      return r.rows;
    },

    async countInBox(datasetId: string, bbox: [number, number, number, number]): Promise<number> {
      const r = await sql<{ n: number }>`select count(*)::int as n from v_records r
        where r.dataset_id = ${datasetId} and r.geom && ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`.execute(db);
      return r.rows[0]!.n;
    },

    async anyPopulation(): Promise<boolean> {
      const r = await sql<{ n: number }>`select count(*)::int as n from v_areas where jsonb_typeof(properties -> 'population') = 'number'`.execute(db);
      return r.rows[0]!.n > 0;
    },

    async recordCounts(): Promise<Map<string, number>> {
      const r = await sql<{ dataset_id: string; n: number }>`select dataset_id, geometry_count::int as n from v_dataset_record_stats`.execute(db);
      return new Map(r.rows.map((x) => [x.dataset_id, x.n]));
    },
  };
}

export type SpatialRepository = ReturnType<typeof spatialRepository>;
