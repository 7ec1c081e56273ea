// Data quality of a dataset: a few checks that each become a SQL predicate on `records r`
// (written in quality.repository.ts), so the same predicate counts the findings and lists the
// records (`?quality=<check>`).
import type { RawBuilder } from 'kysely';
import { wardFieldOf, type DatasetDecl } from './declarations.ts';
import type { DatasetsRepository } from './datasets.repository.ts';
import { duplicatesSql, flaggedSql, missingRequiredSql, outsideAreaSql, staleSql } from './quality.repository.ts';
import { normaliseText } from './validation.ts';

export const QUALITY_CHECKS = ['missing-required', 'outside-area', 'duplicates', 'stale', 'position-flags'] as const;
export type QualityCheck = (typeof QUALITY_CHECKS)[number];

/** Two records with the same name closer than this are likely the same thing. */
export const DUPLICATE_METRES = 50;
/** A record not updated for this many months is stale. */
export const STALE_MONTHS = 12;


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
  const missing = missingRequiredSql(required, decl.geometryType !== 'none');
  if (missing) {
    out['missing-required'] = { where: missing, detail: { fields: required, geometry: decl.geometryType !== 'none' } };
  }

  const claimField = wardFieldOf(decl);
  if (claimField && decl.geometryType !== 'none') {
    // Few distinct claimed names per dataset: resolve them to ward ids here, compare in SQL.
    const [claimed, wards] = await Promise.all([repo.claimedWardNames(decl.id, claimField), repo.wardNames()]);
    const byName = new Map<string, number[]>();
    for (const w of wards) byName.set(wardKey(w.name_vi), [...(byName.get(wardKey(w.name_vi)) ?? []), w.id]);
    const resolved = claimed
      .map((c) => ({ claimed: c.claimed, ids: byName.get(wardKey(c.claimed)) ?? [] }))
      .filter((c) => c.ids.length);
    out['outside-area'] = { where: outsideAreaSql(claimField, resolved), detail: { field: claimField } };
  }

  // Same-named records close together: over the declared display field (a declaration that
  // names none is checked on its `name` field, as before the property existed).
  const nameField = decl.displayField ?? (decl.fields.some((f) => f.name === 'name') ? 'name' : null);
  if (nameField && decl.geometryType !== 'none') {
    // Same trimmed, lower-cased name within DUPLICATE_METRES (degrees first for the index).
    const deg = DUPLICATE_METRES / 90_000;
    out.duplicates = { where: duplicatesSql(decl.id, nameField, DUPLICATE_METRES, deg), detail: { metres: DUPLICATE_METRES, field: nameField } };
  }

  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - STALE_MONTHS);
  out.stale = { where: staleSql(cutoff.toISOString()), detail: { months: STALE_MONTHS, before: cutoff.toISOString() } };
  // What writes learnt about positions (issue 15): repaired swaps, points outside their ward, no geometry.
  if (decl.geometryType !== 'none') out['position-flags'] = { where: flaggedSql(), detail: { codes: ['swapped_coordinates_repaired', 'outside_claimed_ward', 'missing_geometry', 'unresolved_ward_claim'] } };
  return out;
}

/** Score 0–100: the share of records without any finding. An empty dataset scores 100. */
export function qualityScore(total: number, flagged: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.round((100 * (total - flagged)) / total)));
}
