// Spatial SQL for administrative areas. Works unchanged on PGlite and PostgreSQL.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

export interface AreaRow {
  id: number;
  code: string;
  scheme: string;
  name_vi: string;
  name_en: string;
  level: string;
  parent_id: number | null;
  parent_code: string | null;
  valid_from: string;
  valid_to: string | null;
  approximate: boolean;
  area_km2: number;
  properties: Record<string, unknown>;
  geometry?: GeoJSON.MultiPolygon;
}

export interface AreaFilter {
  date: string;
  level?: string | undefined;
  parentCode?: string | undefined;
  codes?: string[] | undefined;
  withGeometry: boolean;
}

export interface NewArea {
  code: string;
  scheme: string;
  nameVi: string;
  nameEn: string;
  level: string;
  parentId: number | null;
  validFrom: string;
  validTo: string | null;
  approximate: boolean;
  properties: Record<string, unknown>;
  geometry: GeoJSON.Geometry;
}

/** Rows valid on a day: valid_from <= day < valid_to. */
/** SQL: the area aliased `alias` is valid on `date` (from inclusive, to exclusive). Other modules' repositories use it on v_areas. */
export const validOn = (alias: string, date: string) =>
  sql`${sql.ref(`${alias}.valid_from`)} <= ${date}::date and (${sql.ref(`${alias}.valid_to`)} is null or ${sql.ref(`${alias}.valid_to`)} > ${date}::date)`;

export function areasRepository(db: Kysely<DB> | Transaction<DB>) {
  return {
    async list(f: AreaFilter): Promise<AreaRow[]> {
      const r = await sql<AreaRow>`
        select a.id, a.code, a.scheme, a.name_vi, a.name_en, a.level, a.parent_id, p.code as parent_code,
               a.valid_from, a.valid_to, a.approximate, a.area_km2, a.properties
               ${f.withGeometry ? sql`, ST_AsGeoJSON(a.geom, 6)::json as geometry` : sql``}
        from areas a left join areas p on p.id = a.parent_id
        where ${validOn('a', f.date)}
          ${f.level ? sql`and a.level = ${f.level}` : sql``}
          ${f.parentCode ? sql`and p.code = ${f.parentCode} and ${validOn('p', f.date)}` : sql``}
          ${f.codes?.length ? sql`and a.code = any(${f.codes}::text[])` : sql``}
        order by a.level, a.code`.execute(db);
      return r.rows;
    },

    async get(id: number, withGeometry: boolean): Promise<AreaRow | undefined> {
      const r = await sql<AreaRow>`
        select a.id, a.code, a.scheme, a.name_vi, a.name_en, a.level, a.parent_id, p.code as parent_code,
               a.valid_from, a.valid_to, a.approximate, a.area_km2, a.properties
               ${withGeometry ? sql`, ST_AsGeoJSON(a.geom, 6)::json as geometry` : sql``}
        from areas a left join areas p on p.id = a.parent_id where a.id = ${id}`.execute(db);
      return r.rows[0];
    },

    /** Every area valid on `date` that contains the point, largest first (city, district, ward…). */
    async containing(lon: number, lat: number, date: string, level?: string): Promise<AreaRow[]> {
      const r = await sql<AreaRow>`
        select a.id, a.code, a.scheme, a.name_vi, a.name_en, a.level, a.parent_id, p.code as parent_code,
               a.valid_from, a.valid_to, a.approximate, a.area_km2, a.properties
        from areas a left join areas p on p.id = a.parent_id
        where ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))
          and ${validOn('a', date)}
          ${level ? sql`and a.level = ${level}` : sql``}
        order by a.area_km2 desc`.execute(db);
      return r.rows;
    },

    async lineage(id: number) {
      const r = await sql<{ direction: 'predecessor' | 'successor'; id: number; code: string; name_vi: string; valid_from: string; whole: boolean; effective_date: string; legal_basis: string | null }>`
        select 'predecessor' as direction, a.id, a.code, a.name_vi, a.valid_from, l.whole, l.effective_date, l.legal_basis
        from area_lineage l join areas a on a.id = l.predecessor_id where l.successor_id = ${id}
        union all
        select 'successor' as direction, a.id, a.code, a.name_vi, a.valid_from, l.whole, l.effective_date, l.legal_basis
        from area_lineage l join areas a on a.id = l.successor_id where l.predecessor_id = ${id}
        order by 1, 3`.execute(db);
      return r.rows;
    },

    async findVersion(code: string, date: string): Promise<{ id: number } | undefined> {
      const r = await sql<{ id: number }>`select a.id from areas a where a.code = ${code} and ${validOn('a', date)}`.execute(db);
      return r.rows[0];
    },

    /** Inserts or replaces one version of an area (same code and start date). */
    async upsert(a: NewArea): Promise<number> {
      const r = await sql<{ id: number }>`
        insert into areas (code, scheme, name_vi, name_en, level, parent_id, valid_from, valid_to, approximate, properties, geom, area_km2)
        select ${a.code}, ${a.scheme}, ${a.nameVi}, ${a.nameEn}, ${a.level}, ${a.parentId}::int, ${a.validFrom}::date,
               ${a.validTo}::date, ${a.approximate}::boolean, ${JSON.stringify(a.properties)}::jsonb, g.geom,
               ST_Area(g.geom::geography) / 1e6
        from (select ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(a.geometry)}), 4326)), 3)) as geom) g
        on conflict (code, valid_from) do update set
          scheme = excluded.scheme, name_vi = excluded.name_vi, name_en = excluded.name_en, level = excluded.level,
          parent_id = excluded.parent_id, valid_to = excluded.valid_to, approximate = excluded.approximate,
          properties = excluded.properties, geom = excluded.geom, area_km2 = excluded.area_km2
        returning id`.execute(db);
      return r.rows[0]!.id;
    },

    /** Sets an area's geometry to the union of its children valid on a day. */
    async unionOfChildren(parentId: number, date: string): Promise<void> {
      await sql`
        update areas set geom = u.geom, area_km2 = ST_Area(u.geom::geography) / 1e6
        from (select ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(c.geom)), 3)) as geom
              from areas c where c.parent_id = ${parentId} and ${validOn('c', date)}) u
        where areas.id = ${parentId} and u.geom is not null`.execute(db);
    },

    async addLineage(l: { predecessorId: number; successorId: number; whole: boolean; effectiveDate: string; legalBasis: string | null }) {
      await sql`
        insert into area_lineage (predecessor_id, successor_id, whole, effective_date, legal_basis)
        values (${l.predecessorId}, ${l.successorId}, ${l.whole}, ${l.effectiveDate}::date, ${l.legalBasis})
        on conflict (predecessor_id, successor_id) do update set whole = excluded.whole,
          effective_date = excluded.effective_date, legal_basis = excluded.legal_basis`.execute(db);
    },
  };
}

export type AreasRepository = ReturnType<typeof areasRepository>;
