// Many records of one dataset upserted by natural key in a few statements (imports): the
// same stored shape as datasets.repository.ts writes for one record — natural key, props,
// geometry, ward area_ids (computed in SQL, like `wardsOf`), search text — and one history
// entry per created or changed record. A record whose properties and geometry are the same
// is left alone (no write, no history), so re-importing a file changes nothing.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { DatasetDecl } from './declarations.ts';
import { naturalKey, searchText, type Props } from './validation.ts';
import { recordsImportRepository } from './records-import.repository.ts';
import type { RecordFlag } from '../../../../shared/contracts/datasets.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ImportRecordInput {
  props: Props;
  /** WGS 84 GeoJSON, or null. */
  geometry: GeoJSON.Geometry | null;
  /** What the import learnt about the position (stored on the record). */
  flags?: RecordFlag[] | undefined;
}

export interface ImportWriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportWriteOptions {
  actor: string;
  actorId: number | null;
  /** Count what would happen, write nothing. */
  dryRun?: boolean;
}

/** Stable JSON (sorted keys) to compare property objects. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/**
 * Upserts `rows` (already validated and cleaned; natural keys unique within the call) into
 * dataset `decl.id`. Run it inside a transaction: the batch is written whole or not at all.
 * Datasets without a natural key always insert.
 */
export async function upsertImportedRecords(
  db: Db,
  decl: DatasetDecl,
  rows: ImportRecordInput[],
  opts: ImportWriteOptions,
): Promise<ImportWriteResult> {
  const result: ImportWriteResult = { inserted: 0, updated: 0, unchanged: 0 };
  if (!rows.length) return result;
  const keys = rows.map((r) => naturalKey(decl, r.props));
  const geojson = rows.map((r) => (r.geometry ? JSON.stringify(r.geometry) : null));

  // Existing records with these keys, and whether the stored geometry equals the new one
  // (compared as GeoJSON at 7 decimals, the precision the API returns).
  const existing = new Map<string, { id: number; props: Props; geometry: GeoJSON.Geometry | null; sameGeom: boolean }>();
  const repo = recordsImportRepository(db);
  if (decl.naturalKey.length) {
    const found = await repo.existingByKeys(decl.id, keys, geojson, !opts.dryRun);
    for (const r of found) existing.set(r.natural_key, { id: r.id, props: r.props, geometry: r.geometry, sameGeom: r.same_geom });
  }

  const inserts: number[] = [];
  const updates: { i: number; id: number; before: { properties: Props; geometry: GeoJSON.Geometry | null } }[] = [];
  rows.forEach((r, i) => {
    const key = keys[i];
    const old = key !== null && key !== undefined ? existing.get(key) : undefined;
    if (!old) inserts.push(i);
    else if (old.sameGeom && canonical(old.props) === canonical(r.props)) result.unchanged++;
    else updates.push({ i, id: old.id, before: { properties: old.props, geometry: old.geometry } });
  });
  result.inserted = inserts.length;
  result.updated = updates.length;
  if (opts.dryRun) return result;

  const actor = { name: opts.actor, id: opts.actorId };
  const row = (i: number) => ({ naturalKey: keys[i] ?? null, props: JSON.stringify(rows[i]!.props), geojson: geojson[i] ?? null, search: searchText(decl, rows[i]!.props), flags: JSON.stringify(rows[i]!.flags ?? []) });
  if (inserts.length) await repo.insertWithHistory(decl.id, inserts.map(row), actor);
  if (updates.length) await repo.updateWithHistory(decl.id, updates.map((u) => ({ ...row(u.i), id: u.id, before: JSON.stringify(u.before) })), actor);
  return result;
}

/** The record rules an import applies to every row (the same functions single writes use). */
export { recordProblems, cleanProps, naturalKey, fieldValueProblem, normaliseText, problemText, type Props, type FieldProblem } from './validation.ts';
export type { DatasetDecl, FieldDecl } from './declarations.ts';
