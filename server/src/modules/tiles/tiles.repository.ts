// SQL behind vector tiles. One selection per tile, the same on both engines: PostgreSQL
// encodes it with ST_AsMVT; the embedded engine (no ST_AsMVT) returns the rows in tile
// coordinates (points) or GeoJSON (lines, polygons) and the service encodes them in Node.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { LayerFields } from './layer-fields.ts';
import { EXTENT, tileBounds, type TileBounds } from './tile-math.ts';

/** Grid cell (tile units) over which points are aggregated at low zooms: 8 px on a 512 px tile. */
export const CELL = 64;
/** Buffer (tile units) around line and polygon tiles, so strokes do not stop at tile edges. */
export const BUFFER = 64;
/** Cells per tile side (EXTENT / CELL): a tile of zoom z has 64×64 cells of grid level z + 6. */
const CELLS_PER_SIDE = 64;
/**
 * Highest zoom served from the pre-aggregated grid (`tile_point_grid`, migration 0014: levels
 * 6–19, kept exact by triggers on records). Aggregated zooms above it use the query on the points.
 */
export const GRID_MAX_ZOOM = 13;

export interface LayerMeta {
  id: string;
  version: number;
  public_read: boolean;
  geometry_type: string;
  stamp: string;
}

/** Columns of the record properties a layer carries (names are declared field names: safe identifiers). */
export function propertyColumns(fields: LayerFields, alias = 'r'): RawBuilder<unknown> {
  const cols: string[] = [`${alias}.id as id`];
  cols.push(fields.nameField ? `${alias}.props ->> '${fields.nameField}' as name` : `null::text as name`);
  for (const f of fields.keyFields) {
    const v = `${alias}.props -> '${f.name}'`;
    if (f.kind === 'Number') cols.push(`case when jsonb_typeof(${v}) = 'number' then (${v})::text::float8 end as "${f.name}"`);
    else if (f.kind === 'Boolean') cols.push(`case when jsonb_typeof(${v}) = 'boolean' then (${v})::text::boolean end as "${f.name}"`);
    else cols.push(`${alias}.props ->> '${f.name}' as "${f.name}"`);
  }
  return sql.raw(cols.join(', '));
}

const envelope4326 = (b: TileBounds) => sql`ST_MakeEnvelope(${b.west}, ${b.south}, ${b.east}, ${b.north}, 4326)`;

/**
 * Points of a tile in tile coordinates; aggregated per grid cell when `aggregate` (a cell with
 * one record keeps that record's position and properties).
 */
function pointSelection(datasetId: string, b: TileBounds, fields: LayerFields, aggregate: boolean): RawBuilder<unknown> {
  const tx = sql`(ST_X(m.g) - ${b.xmin}::float8) / ${b.size}::float8 * ${EXTENT}`;
  const ty = sql`(${b.ymax}::float8 - ST_Y(m.g)) / ${b.size}::float8 * ${EXTENT}`;
  // A point layer may hold a stray multipoint: it shows at a point on it.
  const inTile = sql`select r.id, ST_Transform(case when GeometryType(r.geom) = 'POINT' then r.geom else ST_PointOnSurface(r.geom) end, 3857) as g
    from v_records r where r.dataset_id = ${datasetId} and r.geom && ${envelope4326(b)}`;
  if (!aggregate) {
    return sql`select r.id as fid, 1 as count, ${propertyColumns(fields)},
        round(${tx})::int as tx, round(${ty})::int as ty
      from (${inTile}) m join v_records r on r.id = m.id`;
  }
  // A cluster has no feature id: it describes no single record.
  return sql`select case when c.n = 1 then c.id end as fid, c.n as count, ${propertyColumns(fields, 'r')}, round(c.ax)::int as tx, round(c.ay)::int as ty
    from (
      select floor(p.tx / ${CELL}) as cx, floor(p.ty / ${CELL}) as cy, count(*)::int as n, min(p.id) as id, avg(p.tx) as ax, avg(p.ty) as ay
      from (select m.id, ${tx} as tx, ${ty} as ty from (${inTile}) m) p
      group by 1, 2
    ) c left join v_records r on c.n = 1 and r.id = c.id`;
}

/**
 * The same aggregation read from the grid: the 64×64 cells of level z + 6 under the tile. A cell
 * with one record is that record (id = the cell's id sum): its position and current properties.
 */
function gridSelection(datasetId: string, z: number, x: number, y: number, fields: LayerFields): RawBuilder<unknown> {
  const b = tileBounds(z, x, y);
  const x0 = x * CELLS_PER_SIDE;
  const y0 = y * CELLS_PER_SIDE;
  return sql`select case when g.n = 1 then g.id_sum end as fid, g.n as count, ${propertyColumns(fields, 'r')},
      round((g.sx / g.n - ${b.xmin}::float8) / ${b.size}::float8 * ${EXTENT})::int as tx,
      round((${b.ymax}::float8 - g.sy / g.n) / ${b.size}::float8 * ${EXTENT})::int as ty
    from tile_point_grid g left join v_records r on g.n = 1 and r.id = g.id_sum
    where g.dataset_id = ${datasetId} and g.level = ${z + 6} and g.n > 0
      and g.cx between ${x0} and ${x0 + CELLS_PER_SIDE - 1} and g.cy between ${y0} and ${y0 + CELLS_PER_SIDE - 1}`;
}

/** Removes id/name/fields of aggregated cells (they describe no single record). */
const singleOnly = (fields: LayerFields, alias: string) => {
  const names = ['id', 'name', ...fields.keyFields.map((f) => f.name)];
  return sql.raw(names.map((n) => `${alias}."${n}"`).join(', '));
};

export function tilesRepository(db: Kysely<DB>) {
  return {
    async layerMeta(datasetId: string): Promise<LayerMeta | undefined> {
      const r = await sql<LayerMeta>`
        select d.id, d.version, d.public_read, d.geometry_type, coalesce(s.stamp, 0)::text as stamp
        from v_datasets d left join v_dataset_change_stamps s on s.dataset_id = d.id where d.id = ${datasetId}`.execute(db);
      return r.rows[0];
    },

    async declaration(datasetId: string): Promise<{ version: number; declaration: { titleVi: string; titleEn: string; fields: unknown[]; domain: string; displayField?: string } } | undefined> {
      const r = await sql<{ version: number; declaration: { titleVi: string; titleEn: string; fields: unknown[]; domain: string; displayField?: string } }>`
        select version, declaration from v_datasets where id = ${datasetId}`.execute(db);
      return r.rows[0];
    },

    async extent(datasetId: string) {
      const r = await sql<{ count: number; xmin: number | null; ymin: number | null; xmax: number | null; ymax: number | null }>`
        select s.count, ST_XMin(s.e) as xmin, ST_YMin(s.e) as ymin, ST_XMax(s.e) as xmax, ST_YMax(s.e) as ymax
        from (select ST_Extent(geom) as e, count(*)::int as count from v_records where dataset_id = ${datasetId} and geom is not null) s`.execute(db);
      return r.rows[0] ?? { count: 0, xmin: null, ymin: null, xmax: null, ymax: null };
    },

    /** The point selection as the raw PostgreSQL tile query (ST_AsMVT): also what the benchmark times. */
    mvtPointQuery(datasetId: string, z: number, x: number, y: number, fields: LayerFields, aggregate: boolean) {
      const b = tileBounds(z, x, y);
      return sql<{ mvt: Uint8Array | null; n: number }>`
        select ST_AsMVT(q, ${datasetId}, ${EXTENT}, 'geom', 'fid') as mvt, count(*)::int as n from (
          select s.fid, s.count, ${singleOnly(fields, 's')},
                 ST_MakePoint(s.tx, s.ty) as geom
          from (${pointSelection(datasetId, b, fields, aggregate)}) s
        ) q`;
    },

    /** An aggregated point tile (zoom ≤ GRID_MAX_ZOOM) from the grid, as ST_AsMVT. */
    mvtGridQuery(datasetId: string, z: number, x: number, y: number, fields: LayerFields) {
      return sql<{ mvt: Uint8Array | null; n: number }>`
        select ST_AsMVT(q, ${datasetId}, ${EXTENT}, 'geom', 'fid') as mvt, count(*)::int as n from (
          select s.fid, s.count, ${singleOnly(fields, 's')},
                 ST_MakePoint(s.tx, s.ty) as geom
          from (${gridSelection(datasetId, z, x, y, fields)}) s
        ) q`;
    },

    mvtShapeQuery(datasetId: string, z: number, x: number, y: number, fields: LayerFields) {
      const b = tileBounds(z, x, y);
      const bb = tileBounds(z, x, y, BUFFER);
      return sql<{ mvt: Uint8Array | null; n: number }>`
        select ST_AsMVT(q, ${datasetId}, ${EXTENT}, 'geom', 'fid') as mvt, count(*)::int as n from (
          select r.id as fid, 1 as count, ${propertyColumns(fields)},
                 ST_AsMVTGeom(ST_Transform(r.geom, 3857), ST_MakeEnvelope(${b.xmin}, ${b.ymin}, ${b.xmax}, ${b.ymax}, 3857), ${EXTENT}, ${BUFFER}, true) as geom
          from v_records r
          where r.dataset_id = ${datasetId} and r.geom && ${envelope4326(bb)}
        ) q where q.geom is not null`;
    },

    /** Embedded engine: point rows in tile coordinates. */
    async pointRows(datasetId: string, z: number, x: number, y: number, fields: LayerFields, aggregate: boolean) {
      const r = await sql<Record<string, unknown> & { fid: number | null; count: number; tx: number; ty: number }>`
        ${pointSelection(datasetId, tileBounds(z, x, y), fields, aggregate)}`.execute(db);
      return r.rows;
    },

    /** Embedded engine: an aggregated point tile (zoom ≤ GRID_MAX_ZOOM) from the grid, in tile coordinates. */
    async gridRows(datasetId: string, z: number, x: number, y: number, fields: LayerFields) {
      const r = await sql<Record<string, unknown> & { fid: number | null; count: number; tx: number; ty: number }>`
        ${gridSelection(datasetId, z, x, y, fields)}`.execute(db);
      return r.rows;
    },

    /** Embedded engine: lines and polygons around the tile, as GeoJSON in degrees. */
    async shapeRows(datasetId: string, z: number, x: number, y: number, fields: LayerFields) {
      const bb = tileBounds(z, x, y, BUFFER);
      const r = await sql<Record<string, unknown> & { geometry: GeoJSON.Geometry }>`
        select ${propertyColumns(fields)}, ST_AsGeoJSON(r.geom, 7)::json as geometry
        from v_records r where r.dataset_id = ${datasetId} and r.geom && ${envelope4326(bb)}`.execute(db);
      return r.rows;
    },
  };
}

export type TilesRepository = ReturnType<typeof tilesRepository>;
