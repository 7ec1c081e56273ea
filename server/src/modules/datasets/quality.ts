// Data quality of a dataset: a few checks that each become a SQL predicate on `records r`,
// so the same predicate counts the findings and lists the records (`?quality=<check>`).
import { sql, type RawBuilder } from 'kysely';
import type { DatasetDecl } from './declarations.ts';
import { claimedWard, type DatasetsRepository } from './datasets.repository.ts';
import { normaliseText } from './validation.ts';

export const QUALITY_CHECKS = ['missing-required', 'outside-area', 'duplicates', 'stale'] as const;
export type QualityCheck = (typeof QUALITY_CHECKS)[number];

/** Two records with the same name closer than this are likely the same thing. */
export const DUPLICATE_METRES = 50;
/** A record not updated for this many months is stale. */
export const STALE_MONTHS = 12;

/** The field whose "…, phường X" part names the ward a record claims to lie in. */
const CLAIM_FIELDS = ['ward', 'address'];

export interface QualityFinding {
  check: QualityCheck;
  count: number;
  /** What the check looked at, for the reader (field names, distances, months). */
  detail: Record<string, unknown>;
}

const wardKey = (name: string) => normaliseText(name).replace(/^phuong /, '');

/**
 * The predicate of each check that applies to the declaration (absent: not applicable).
 * `now` comes from the app clock so stale records follow the test clock too.
 */
export async function qualityPredicates(
  repo: DatasetsRepository,
  decl: DatasetDecl,
  now: Date,
): Promise<Partial<Record<QualityCheck, { where: RawBuilder<unknown>; detail: Record<string, unknown> }>>> {
  const out: Partial<Record<QualityCheck, { where: RawBuilder<unknown>; detail: Record<string, unknown> }>> = {};

  const required = decl.fields.filter((f) => f.required).map((f) => f.name);
  const missing = required.map((name) => sql`coalesce(r.props ->> ${name}, '') = ''`);
  if (decl.geometryType !== 'none') missing.push(sql`r.geom is null`);
  if (missing.length) {
    out['missing-required'] = { where: sql`(${sql.join(missing, sql` or `)})`, detail: { fields: required, geometry: decl.geometryType !== 'none' } };
  }

  const claimField = CLAIM_FIELDS.find((n) => decl.fields.some((f) => f.name === n && f.type === 'text'));
  if (claimField && decl.geometryType !== 'none') {
    // Few distinct claimed names per dataset: resolve them to ward ids here, compare in SQL.
    const [claimed, wards] = await Promise.all([repo.claimedWardNames(decl.id, claimField), repo.wardNames()]);
    const byName = new Map<string, number[]>();
    for (const w of wards) byName.set(wardKey(w.name_vi), [...(byName.get(wardKey(w.name_vi)) ?? []), w.id]);
    const resolved = claimed.map((c) => ({ claimed: c.claimed, ids: byName.get(wardKey(c.claimed)) })).filter((c) => c.ids?.length);
    if (resolved.length) {
      // A simple CASE evaluates the claimed name once per record (no per-name regex).
      const cases = sql.join(resolved.map((c) => sql`when ${c.claimed} then ${`{${c.ids!.join(',')}}`}::int[]`), sql` `);
      out['outside-area'] = {
        where: sql`(r.geom is not null and coalesce(not (r.area_ids && (case ${claimedWard(claimField)} ${cases} end)), false))`,
        detail: { field: claimField },
      };
    } else {
      out['outside-area'] = { where: sql`false`, detail: { field: claimField } };
    }
  }

  if (decl.fields.some((f) => f.name === 'name') && decl.geometryType !== 'none') {
    // Same trimmed, lower-cased name within DUPLICATE_METRES (degrees first for the index).
    const deg = DUPLICATE_METRES / 90_000;
    out.duplicates = {
      // Names first (hash join on a materialised list, shared names only), distance second.
      where: sql`r.id in (
        with n as materialized (
          select id, lower(trim(props ->> 'name')) as k, geom from records
          where dataset_id = ${decl.id} and geom is not null and coalesce(props ->> 'name', '') <> ''),
        shared as materialized (select k from n group by k having count(*) > 1),
        c as materialized (select n.* from n join shared using (k))
        select a.id from c a join c b on a.k = b.k and a.id <> b.id
        where ST_DWithin(a.geom, b.geom, ${deg}) and ST_DWithin(a.geom::geography, b.geom::geography, ${DUPLICATE_METRES}))`,
      detail: { metres: DUPLICATE_METRES, field: 'name' },
    };
  }

  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - STALE_MONTHS);
  out.stale = { where: sql`r.updated_at < ${cutoff.toISOString()}::timestamptz`, detail: { months: STALE_MONTHS, before: cutoff.toISOString() } };
  return out;
}

/** Score 0–100: the share of records without any finding. An empty dataset scores 100. */
export function qualityScore(total: number, flagged: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.round((100 * (total - flagged)) / total)));
}
