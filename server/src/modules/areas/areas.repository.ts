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

/** One position to check against the territory and, when the row names one, its claimed wards. */
export interface LocationProbe {
  lon: number;
  lat: number;
  /** Ids of the area versions the row's claim resolves to (a former ward: its successors); empty: no claim. */
  claimIds: number[];
}

export interface LocationFacts {
  inTerritory: boolean;
  /** Longitude and latitude swapped: inside the territory. */
  swappedInTerritory: boolean;
  /** null when the row claims no ward. */
  inClaim: boolean | null;
  swappedInClaim: boolean | null;
  /** Distance in metres from the point to the nearest claimed ward (0 inside; null without a claim). */
  claimDistanceM: number | null;
}

/** The territory, wards by name, and the positions checked in one statement per batch. */
export function territoryRepository(db: Kysely<DB> | Transaction<DB>) {
  return {
    /** Changes whenever areas are loaded or replaced. */
    async signature(): Promise<string> {
      const r = await sql<{ s: string }>`select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(area_km2)::numeric(20,3)::text, '') as s from areas`.execute(db);
      return r.rows[0]!.s;
    },

    /** Computes the territory for (signature, margin) unless it is there: the top-level areas' union, buffered. */
    async ensure(signature: string, marginM: number): Promise<boolean> {
      const r = await sql<{ n: number }>`select count(*)::int as n from area_territory where signature = ${signature} and margin_m = ${marginM}`.execute(db);
      if (r.rows[0]!.n) return true;
      const made = await sql`
        insert into area_territory (signature, margin_m, geom)
        select ${signature}, ${marginM}::float8,
               case when ${marginM}::float8 > 0 then ST_Buffer(ST_Union(ST_SimplifyPreserveTopology(geom, 0.0002))::geography, ${marginM}::float8)::geometry
                    else ST_Union(geom) end
        from areas where parent_id is null
        having count(*) > 0
        on conflict do nothing`.execute(db);
      return Number(made.numAffectedRows ?? 0) > 0;
    },

    /** Every area (any period) with its folded-ready names, for resolving a claimed ward. */
    async claimables(): Promise<{ id: number; code: string; name_vi: string; name_en: string; level: string; valid_to: string | null }[]> {
      const r = await sql<{ id: number; code: string; name_vi: string; name_en: string; level: string; valid_to: string | null }>`
        select id, code, name_vi, name_en, level, valid_to from areas where parent_id is not null order by id`.execute(db);
      return r.rows;
    },

    /** Successors (current versions) of areas, through the lineage, transitively. */
    async successors(): Promise<{ predecessor_id: number; successor_id: number }[]> {
      const r = await sql<{ predecessor_id: number; successor_id: number }>`select predecessor_id, successor_id from area_lineage`.execute(db);
      return r.rows;
    },

    async check(signature: string, marginM: number, probes: LocationProbe[]): Promise<LocationFacts[]> {
      if (!probes.length) return [];
      const r = await sql<{ i: number; in_territory: boolean; swapped_in_territory: boolean; in_claim: boolean | null; swapped_in_claim: boolean | null; claim_distance_m: number | null }>`
        with t as (select geom from area_territory where signature = ${signature} and margin_m = ${marginM}),
        p as (
          select u.i, ST_SetSRID(ST_MakePoint(u.x, u.y), 4326) as g,
                 case when abs(u.y) <= 180 and abs(u.x) <= 90 then ST_SetSRID(ST_MakePoint(u.y, u.x), 4326) end as s,
                 nullif(u.c, '{}')::int[] as claim
          from unnest(${probes.map((_, i) => i)}::int[], ${probes.map((p) => p.lon)}::float8[], ${probes.map((p) => p.lat)}::float8[],
                      ${probes.map((p) => `{${p.claimIds.join(',')}}`)}::text[]) as u(i, x, y, c)),
        q as (
          select p.i, p.g, p.claim,
                 coalesce((select ST_Covers(t.geom, p.g) from t), false) as in_territory,
                 coalesce(p.s is not null and (select ST_Covers(t.geom, p.s) from t), false) as swapped_in_territory,
                 case when p.claim is not null then exists (select 1 from areas a where a.id = any(p.claim) and ST_Covers(a.geom, p.g)) end as in_claim,
                 case when p.claim is not null and p.s is not null then exists (select 1 from areas a where a.id = any(p.claim) and ST_Covers(a.geom, p.s))
                      when p.claim is not null then false end as swapped_in_claim
          from p)
        select q.i, q.in_territory, q.swapped_in_territory, q.in_claim, q.swapped_in_claim,
               case when q.in_claim then 0
                    when q.claim is not null then (select min(ST_Distance(a.geom::geography, q.g::geography)) from areas a where a.id = any(q.claim)) end as claim_distance_m
        from q order by q.i`.execute(db);
      return r.rows.map((x) => ({
        inTerritory: x.in_territory,
        swappedInTerritory: x.swapped_in_territory,
        inClaim: x.in_claim,
        swappedInClaim: x.swapped_in_claim,
        claimDistanceM: x.claim_distance_m === null ? null : Number(x.claim_distance_m),
      }));
    },
  };
}
