// Synthetic records other modules seed into their own declared dataset (the demo sensors):
// wards and search text are derived here, by the rules every record follows.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { datasetsRepository } from './datasets.repository.ts';
import type { DatasetDecl } from './declarations.ts';
import { searchText, type Props } from './validation.ts';

export interface SyntheticRecord {
  naturalKey: string;
  props: Props;
  point: [lon: number, lat: number];
}

/** Inserts the records as synthetic (flagged as such everywhere), by `actor`. */
export async function insertSyntheticRecords(db: Kysely<DB>, decl: DatasetDecl, records: readonly SyntheticRecord[], actor = 'system'): Promise<void> {
  if (!records.length) return;
  const repo = datasetsRepository(db);
  const rows: Parameters<typeof repo.bulkInsert>[1] = [];
  for (const r of records) {
    const [lon, lat] = r.point;
    rows.push({
      naturalKey: r.naturalKey,
      props: r.props,
      wkt: `POINT(${lon} ${lat})`,
      areaIds: await repo.wardIdsOf({ type: 'Point', coordinates: [lon, lat] }),
      search: searchText(decl, r.props),
    });
  }
  await repo.bulkInsert(decl.id, rows, { synthetic: true, actor });
}
