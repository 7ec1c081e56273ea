// SQL of the Open311 module: client application keys, and service requests read from the
// feedback module's tables (feedback_reports, feedback_categories, units).
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

export const keyHash = (key: string) => createHash('sha256').update(key).digest('hex');

export interface RequestRow {
  id: number;
  tracking_code: string;
  status: string;
  category_code: string;
  category_name: string;
  description: string;
  reject_reason: string | null;
  answer: string | null;
  unit_name: string | null;
  created_at: Date;
  updated_at: Date;
  deadline_at: Date;
  address: string | null;
  ward_name: string | null;
  lat: number;
  lon: number;
  photo_token: string | null;
}

/** `= any($1::text[])`: one array parameter whatever its length. */
const anyText = (values: readonly string[]) => sql<string>`any(${values}::text[])`;

export function open311Repository(db: Kysely<DB>) {
  return {
    async keys() {
      return db.selectFrom('open311_keys').select(['id', 'app_name', 'contact', 'key_hint', 'created_at', 'created_by', 'revoked_at']).orderBy('id').execute();
    },
    async insertKey(appName: string, contact: string | null, key: string, by: string) {
      const r = await db.insertInto('open311_keys')
        .values({ app_name: appName, contact, key_hash: keyHash(key), key_hint: key.slice(0, 9), created_by: by })
        .returning('id').executeTakeFirstOrThrow();
      return r.id;
    },
    async revokeKey(id: number, at: Date) {
      const r = await db.updateTable('open311_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returning('id').execute();
      return r.length > 0;
    },
    async activeKey(key: string) {
      return db.selectFrom('open311_keys').select(['id', 'app_name']).where('key_hash', '=', keyHash(key)).where('revoked_at', 'is', null).executeTakeFirst();
    },
    /** Reports by tracking code (their submitters), by id, or by dates; `publicOnly` leaves out rejected and merged ones. */
    async requests(f: { codes?: string[]; ids?: number[]; services?: string[]; start: Date; end: Date; statuses?: string[]; publicOnly?: boolean; limit: number }): Promise<RequestRow[]> {
      let q = db.selectFrom('v_feedback_reports as r')
        .innerJoin('v_feedback_categories as c', 'c.code', 'r.category_code')
        .leftJoin('v_units as u', (j) => j.on((eb) => eb('u.id', '=', eb.fn.coalesce('r.assigned_unit_id', 'r.ward_unit_id'))))
        .leftJoin('v_areas as a', 'a.id', 'r.ward_area_id')
        .select((eb) => [
          'r.id', 'r.tracking_code', 'r.status', 'r.category_code', 'c.name_vi as category_name', 'r.description', 'r.reject_reason', 'r.answer',
          'u.name_vi as unit_name', 'r.created_at', 'r.updated_at', 'r.deadline_at', 'r.address', 'a.name_vi as ward_name', 'r.lat', 'r.lon',
          // The first report photo by its unguessable token; none for a rejected report (not public).
          eb.case().when('r.status', '<>', 'rejected')
            .then(eb.selectFrom('v_feedback_photos as p').select('p.token').whereRef('p.report_id', '=', 'r.id').where('p.kind', '=', 'report').orderBy('p.id').limit(1))
            .end().as('photo_token'),
        ]);
      if (f.codes?.length) q = q.where('r.tracking_code', '=', anyText(f.codes));
      else if (f.ids?.length) q = q.where('r.id', 'in', f.ids);
      else q = q.where('r.created_at', '>=', f.start).where('r.created_at', '<=', f.end);
      if (f.publicOnly) q = q.where('r.status', '<>', 'rejected').where('r.merged_into_id', 'is', null);
      if (f.services?.length) q = q.where('r.category_code', '=', anyText(f.services));
      if (f.statuses?.length) q = q.where('r.status', '=', anyText(f.statuses));
      return q.orderBy('r.created_at', 'desc').limit(f.limit).execute();
    },
  };
}
