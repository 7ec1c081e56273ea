// Start-up markers in the platform's `app_state` table: which built-in version of boundaries
// or declarations is loaded, whether the demo accounts were made. One reader and one writer
// for every module (demo seeders keep their markers inside their own bulk transactions).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './database.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The value of a start-up marker, or undefined when it was never set. */
export async function readMarker<T>(db: Db, key: string): Promise<T | undefined> {
  const r = await db.selectFrom('app_state').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value as T | undefined;
}

/** Sets (or replaces) a start-up marker. */
export async function writeMarker(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('app_state')
    .values({ key, value: sql`${JSON.stringify(value)}::jsonb` })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value'), updated_at: sql`now()` }))
    .execute();
}
