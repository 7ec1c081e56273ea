// The SQL pieces of a record list (and of its export): the conditions on `records r` built
// from the list filters, and the sort order. Field names reaching here are checked against the
// declaration by the service; names and values are bound as parameters.
import { sql, type RawBuilder } from 'kysely';

/** Records in an area: a ward by the stored area ids, a larger area by its shape. */
export const inAreaSql = (area: { id: number; level: string }): RawBuilder<unknown> =>
  area.level === 'ward'
    ? sql`r.area_ids @> array[${area.id}]::int[]`
    : sql`ST_Intersects(r.geom, (select a.geom from v_areas a where a.id = ${area.id}))`;

/** Records whose search text contains a term (`like` wildcards already escaped). */
export const searchSql = (escapedTerm: string): RawBuilder<unknown> => sql`r.search like ${`%${escapedTerm}%`}`;

/** Records whose geometry meets a WGS 84 box. */
export const bboxSql = (b: [number, number, number, number]): RawBuilder<unknown> =>
  sql`r.geom && ST_MakeEnvelope(${b[0]}, ${b[1]}, ${b[2]}, ${b[3]}, 4326)`;

/** Records whose property, as text, equals a value. */
export const propEqualsSql = (name: string, value: string): RawBuilder<unknown> => sql`r.props ->> ${name} = ${value}`;

/** No record (a check that finds nothing). */
export const NO_RECORD_SQL: RawBuilder<unknown> = sql`false`;

/** A list order: a column of the record or a property (as a number for numeric fields); ties by id. */
export function recordOrderSql(
  key: { column: 'id' | 'updatedAt' | 'createdAt' } | { prop: string; numeric: boolean },
  desc: boolean,
): RawBuilder<unknown> {
  const dir = desc ? sql`desc` : sql`asc`;
  if ('column' in key) {
    if (key.column === 'id') return sql`r.id ${dir}`;
    if (key.column === 'updatedAt') return sql`r.updated_at ${dir}, r.id ${dir}`;
    return sql`r.created_at ${dir}, r.id ${dir}`;
  }
  const expr = key.numeric ? sql`(r.props ->> ${key.prop})::numeric` : sql`r.props ->> ${key.prop}`;
  return sql`${expr} ${dir} nulls last, r.id ${dir}`;
}
