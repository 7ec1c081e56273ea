// SQL of the Open311 module: client application keys, and service requests read from the
// feedback module's tables (feedback_reports, feedback_categories, units).
import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
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

export function open311Repository(db: Kysely<DB>) {
  return {
    async keys() {
      const r = await sql<{ id: number; app_name: string; contact: string | null; key_hint: string; created_at: Date; created_by: string; revoked_at: Date | null }>`
        select id, app_name, contact, key_hint, created_at, created_by, revoked_at from open311_keys order by id`.execute(db);
      return r.rows;
    },
    async insertKey(appName: string, contact: string | null, key: string, by: string) {
      const r = await sql<{ id: number }>`insert into open311_keys (app_name, contact, key_hash, key_hint, created_by)
        values (${appName}, ${contact}, ${keyHash(key)}, ${key.slice(0, 9)}, ${by}) returning id`.execute(db);
      return r.rows[0]!.id;
    },
    async revokeKey(id: number, at: Date) {
      const r = await sql<{ id: number }>`update open311_keys set revoked_at = ${at} where id = ${id} and revoked_at is null returning id`.execute(db);
      return r.rows.length > 0;
    },
    async activeKey(key: string) {
      const r = await sql<{ id: number; app_name: string }>`select id, app_name from open311_keys where key_hash = ${keyHash(key)} and revoked_at is null`.execute(db);
      return r.rows[0];
    },
    async requests(f: { codes?: string[]; services?: string[]; start: Date; end: Date; statuses?: string[]; limit: number }) {
      const where: RawBuilder<unknown>[] = [sql`true`];
      if (f.codes?.length) where.push(sql`r.tracking_code = any(${f.codes}::text[])`);
      else where.push(sql`r.created_at >= ${f.start} and r.created_at <= ${f.end}`);
      if (f.services?.length) where.push(sql`r.category_code = any(${f.services}::text[])`);
      if (f.statuses?.length) where.push(sql`r.status = any(${f.statuses}::text[])`);
      const r = await sql<RequestRow>`
        select r.id, r.tracking_code, r.status, r.category_code, c.name_vi as category_name, r.description, r.reject_reason, r.answer,
               u.name_vi as unit_name, r.created_at, r.updated_at, r.deadline_at, r.address, a.name_vi as ward_name, r.lat, r.lon,
               -- The first report photo by its unguessable token; none for a rejected report (not public).
               case when r.status <> 'rejected' then
                 (select p.token from v_feedback_photos p where p.report_id = r.id and p.kind = 'report' order by p.id limit 1) end as photo_token
        from v_feedback_reports r
        join v_feedback_categories c on c.code = r.category_code
        left join v_units u on u.id = coalesce(r.assigned_unit_id, r.ward_unit_id)
        left join v_areas a on a.id = r.ward_area_id
        where ${sql.join(where.map((w) => sql`(${w})`), sql` and `)}
        order by r.created_at desc limit ${f.limit}`.execute(db);
      return r.rows;
    },
  };
}
