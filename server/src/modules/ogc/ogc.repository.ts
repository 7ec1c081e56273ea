// SQL behind OGC API – Features: spatial datasets and their records, and the areas.
// Items are paged by key (id > cursor, on the (dataset_id, id) index): no page costs an
// offset scan, and counts are separate queries the service caches per change stamp.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { FilterExpr, Literal } from './cql2.ts';

export interface CollectionMeta {
  id: string;
  declaration: { titleVi?: string; titleEn?: string; domain?: string; fields?: { name: string; personal?: boolean; type?: string }[] };
  geometry_type: string;
  public_read: boolean;
  /** The dataset's change stamp (0 before its first write): counts and extents are cached per stamp. */
  stamp: number;
  version: number;
}

export interface CollectionStats {
  count: number;
  xmin: number | null;
  ymin: number | null;
  xmax: number | null;
  ymax: number | null;
}

/** What selects the features of a page (and of its count). */
export interface ItemsFilter {
  bbox?: [number, number, number, number] | undefined;
  /** Inclusive bounds on the temporal property, ISO text; either may be open. */
  datetime?: { from?: string | undefined; to?: string | undefined } | undefined;
  /** The temporal property: a declared date field, else the record's last update. */
  temporalField?: string | undefined;
  where?: FilterExpr | undefined;
  /** Declared types of the properties a filter may name (numbers compare as numbers). */
  numeric?: ReadonlySet<string> | undefined;
}

export interface ItemsQuery {
  limit: number;
  /** Key paging: features with an id above this one. */
  after?: number | undefined;
  /** Offset paging, kept for clients that build their own URLs. */
  offset?: number | undefined;
}

export interface FeatureRow {
  id: number;
  props: Record<string, unknown>;
  geometry: GeoJSON.Geometry | null;
  updated_at: Date;
}

const envelope = (b: [number, number, number, number]) => sql`ST_MakeEnvelope(${b[0]}, ${b[1]}, ${b[2]}, ${b[3]}, 4326)`;

/** CQL2 LIKE patterns (% and _ wildcards, \\ escapes) are SQL's as they are. */
function compileExpr(e: FilterExpr, numeric: ReadonlySet<string>): RawBuilder<unknown> {
  const prop = (name: string) => sql`r.props ->> ${name}::text`;
  const num = (name: string) => sql`(case when jsonb_typeof(r.props -> ${name}::text) = 'number' then (r.props ->> ${name}::text)::numeric end)`;
  const lhs = (name: string, v: Literal) => (numeric.has(name) && typeof v === 'number' ? num(name) : prop(name));
  const rhs = (name: string, v: Literal) => (numeric.has(name) && typeof v === 'number' ? sql`${v}::numeric` : sql`${String(v)}`);
  if ('and' in e) return sql`(${sql.join(e.and.map((x) => compileExpr(x, numeric)), sql` and `)})`;
  if ('or' in e) return sql`(${sql.join(e.or.map((x) => compileExpr(x, numeric)), sql` or `)})`;
  if ('not' in e) return sql`(not coalesce(${compileExpr(e.not, numeric)}, false))`;
  if ('isNull' in e) return sql`(${prop(e.isNull)} is null)`;
  if ('like' in e) return e.caseInsensitive ? sql`(${prop(e.like)} ilike ${e.pattern})` : sql`(${prop(e.like)} like ${e.pattern})`;
  if ('in' in e) {
    const name = e.in;
    return sql`(${sql.join(e.values.map((v) => sql`${lhs(name, v)} = ${rhs(name, v)}`), sql` or `)})`;
  }
  const ops = { '=': sql`=`, '<>': sql`<>`, '<': sql`<`, '<=': sql`<=`, '>': sql`>`, '>=': sql`>=` } as const;
  return sql`(${lhs(e.property, e.value)} ${ops[e.cmp]} ${rhs(e.property, e.value)})`;
}

function recordWhere(datasetId: string, f: ItemsFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`r.dataset_id = ${datasetId}`];
  if (f.bbox) parts.push(sql`r.geom && ${envelope(f.bbox)} and ST_Intersects(r.geom, ${envelope(f.bbox)})`);
  if (f.datetime) {
    const col = f.temporalField ? sql`(r.props ->> ${f.temporalField}::text)` : sql`r.updated_at`;
    const cast = (v: string) => (f.temporalField ? sql`${v}` : sql`${v}::timestamptz`);
    if (f.datetime.from) parts.push(sql`${col} >= ${cast(f.datetime.from)}`);
    if (f.datetime.to) parts.push(sql`${col} <= ${cast(f.datetime.to)}`);
  }
  if (f.where) parts.push(sql`coalesce(${compileExpr(f.where, f.numeric ?? new Set())}, false)`);
  return sql.join(parts, sql` and `);
}

export function ogcRepository(db: Kysely<DB>) {
  return {
    /** The spatial datasets with their change stamps (one primary-key read each, no aggregate). */
    async collections(publicOnly: boolean, id?: string): Promise<CollectionMeta[]> {
      const r = await sql<CollectionMeta>`
        select d.id, d.declaration, d.geometry_type, d.public_read, d.version, coalesce(s.stamp, 0)::bigint as stamp
        from v_datasets d left join v_dataset_change_stamps s on s.dataset_id = d.id
        where d.geometry_type <> 'none'
          ${publicOnly ? sql`and d.public_read` : sql``}
          ${id !== undefined ? sql`and d.id = ${id}` : sql``}
        order by d.id`.execute(db);
      return r.rows.map((x) => ({ ...x, stamp: Number(x.stamp) }));
    },

    /** Count and extent of some datasets' records. */
    async stats(ids: string[]): Promise<Map<string, CollectionStats>> {
      const out = new Map<string, CollectionStats>();
      if (!ids.length) return out;
      const r = await sql<CollectionStats & { dataset_id: string }>`
        select dataset_id, count(*) as count, ST_XMin(ST_Extent(geom)) as xmin, ST_YMin(ST_Extent(geom)) as ymin,
               ST_XMax(ST_Extent(geom)) as xmax, ST_YMax(ST_Extent(geom)) as ymax
        from v_records where dataset_id in (${sql.join(ids)}) group by dataset_id`.execute(db);
      for (const { dataset_id, ...s } of r.rows) out.set(dataset_id, s);
      return out;
    },

    /** One page of features plus one more row (so the caller knows whether a next page exists). */
    async items(datasetId: string, f: ItemsFilter, q: ItemsQuery): Promise<FeatureRow[]> {
      const rows = await sql<FeatureRow>`
        select r.id, r.props, ST_AsGeoJSON(r.geom, 7)::json as geometry, r.updated_at
        from v_records r where ${recordWhere(datasetId, f)} ${q.after !== undefined ? sql`and r.id > ${q.after}` : sql``}
        order by r.id limit ${q.limit + 1} ${q.after === undefined && q.offset ? sql`offset ${q.offset}` : sql``}`.execute(db);
      return rows.rows;
    },

    async count(datasetId: string, f: ItemsFilter): Promise<number> {
      const r = await sql<{ n: number }>`select count(*) as n from v_records r where ${recordWhere(datasetId, f)}`.execute(db);
      return r.rows[0]?.n ?? 0;
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

    async areaItems(date: string, bbox: [number, number, number, number] | undefined, q: ItemsQuery, id?: number) {
      const where = sql`a.valid_from <= ${date}::date and (a.valid_to is null or a.valid_to > ${date}::date)
        ${bbox ? sql`and a.geom && ${envelope(bbox)} and ST_Intersects(a.geom, ${envelope(bbox)})` : sql``}
        ${id !== undefined ? sql`and a.id = ${id}` : sql``}`;
      const count = await sql<{ n: number }>`select count(*) as n from v_areas a where ${where}`.execute(db);
      const rows = await sql<{ id: number; code: string; name_vi: string; name_en: string; level: string; valid_from: string; valid_to: string | null; approximate: boolean; area_km2: number; geometry: GeoJSON.Geometry }>`
        select a.id, a.code, a.name_vi, a.name_en, a.level, a.valid_from, a.valid_to, a.approximate, a.area_km2,
               ST_AsGeoJSON(a.geom, 6)::json as geometry
        from v_areas a where ${where} ${q.after !== undefined ? sql`and a.id > ${q.after}` : sql``}
        order by a.id limit ${q.limit + 1} ${q.after === undefined && q.offset ? sql`offset ${q.offset}` : sql``}`.execute(db);
      return { matched: count.rows[0]?.n ?? 0, rows: rows.rows };
    },
  };
}
