// The SQL predicates of the data-quality checks (quality.ts decides which apply): each is a
// condition on `records r`, so the same predicate counts the findings and lists the records.
import { sql, type RawBuilder } from 'kysely';
import { claimedWard } from './datasets.repository.ts';

/** A required field empty or missing, or (`geometry`) no geometry. */
export function missingRequiredSql(required: string[], geometry: boolean): RawBuilder<unknown> | null {
  const missing = required.map((name) => sql`coalesce(r.props ->> ${name}, '') = ''`);
  if (geometry) missing.push(sql`r.geom is null`);
  return missing.length ? sql`(${sql.join(missing, sql` or `)})` : null;
}

/**
 * A positioned record whose claimed ward (in `claimField`) is none of the wards it lies in.
 * `resolved`: the claimed names that name known wards, with those wards' ids; none: no finding.
 */
export function outsideAreaSql(claimField: string, resolved: { claimed: string; ids: number[] }[]): RawBuilder<unknown> {
  if (!resolved.length) return sql`false`;
  // A simple CASE evaluates the claimed name once per record (no per-name regex).
  const cases = sql.join(resolved.map((c) => sql`when ${c.claimed} then ${`{${c.ids.join(',')}}`}::int[]`), sql` `);
  return sql`(r.geom is not null and coalesce(not (r.area_ids && (case ${claimedWard(claimField)} ${cases} end)), false))`;
}

/** Same trimmed, lower-cased name within `metres` (`deg`, the same distance in degrees first, for the index). */
export function duplicatesSql(datasetId: string, nameField: string, metres: number, deg: number): RawBuilder<unknown> {
  // Names first (hash join on a materialised list, shared names only), distance second.
  return sql`r.id in (
        with n as materialized (
          select id, lower(trim(props ->> ${nameField}::text)) as k, geom from records
          where dataset_id = ${datasetId} and geom is not null and coalesce(props ->> ${nameField}::text, '') <> ''),
        shared as materialized (select k from n group by k having count(*) > 1),
        c as materialized (select n.* from n join shared using (k))
        select a.id from c a join c b on a.k = b.k and a.id <> b.id
        where ST_DWithin(a.geom, b.geom, ${deg}) and ST_DWithin(a.geom::geography, b.geom::geography, ${metres}))`;
}

/** Not updated since `cutoff` (ISO timestamp). */
export const staleSql = (cutoff: string): RawBuilder<unknown> => sql`r.updated_at < ${cutoff}::timestamptz`;

/** A record a write flagged (records.flags not empty, migration 0018). */
export const flaggedSql = (): RawBuilder<unknown> => sql`jsonb_array_length(r.flags) > 0`;
