// Puts the built-in declarations (and their owner units) into the database, once per
// BUILT_IN_DATASETS_VERSION. A declaration that did not change gets no new version.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { ensureUnits } from '../auth/index.ts';
import { BUILT_IN_DATASETS, BUILT_IN_DATASETS_VERSION, DATASET_UNITS } from './builtin-datasets.ts';
import { datasetsRepository } from './datasets.repository.ts';
import type { DatasetDecl } from './declarations.ts';
import { readMarker, writeMarker } from '../../platform/db/app-state.ts';

const STATE_KEY = 'seed.datasets';

/** Deep equality of JSON values, ignoring key order (jsonb does not keep it). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export async function loadBuiltInDatasets(db: Kysely<DB>): Promise<{ loaded: boolean; changed: string[] }> {
  const state = await readMarker<{ version?: number }>(db, STATE_KEY);
  if (state?.version === BUILT_IN_DATASETS_VERSION) return { loaded: false, changed: [] };
  return db.transaction().execute(async (tx) => {
    const repo = datasetsRepository(tx);
    await ensureUnits(tx, DATASET_UNITS);
    const changed: string[] = [];
    for (const d of BUILT_IN_DATASETS) {
      const current = await repo.getDataset(d.id);
      if (current && sameJson(current.declaration, d)) continue;
      await repo.saveDeclaration(d, 'system', true);
      changed.push(d.id);
    }
    await writeMarker(tx, STATE_KEY, { version: BUILT_IN_DATASETS_VERSION });
    return { loaded: true, changed };
  });
}

/**
 * A declaration another module ships in its code (e.g. `sensors`): saved when missing, or as a
 * new version when the code changed it; a declaration an admin edited since is left alone.
 */
export async function ensureDeclaration(db: Kysely<DB>, decl: DatasetDecl): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const repo = datasetsRepository(tx);
    const current = await repo.getDataset(decl.id);
    if (current && (current.updated_by !== 'system' || sameJson(current.declaration, decl))) return false;
    await repo.saveDeclaration(decl, 'system', true);
    return true;
  });
}
