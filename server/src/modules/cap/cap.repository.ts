// SQL of the cap module: outline of an alert's area, webhooks and their deliveries.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

export interface WebhookRow {
  id: number;
  url: string;
  format: 'json' | 'cap';
  secret: string | null;
  include_private: boolean;
  enabled: boolean;
  created_at: Date;
  created_by: string;
}

export interface DeliveryRow {
  id: number;
  webhook_id: number;
  alert_id: number;
  event: string;
  content_type: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export function capRepository(db: Kysely<DB>) {
  return {
    /** Outer ring of the largest part of the area valid on the day, simplified (lon/lat pairs). */
    async areaRing(code: string, date: string): Promise<{ ring: [number, number][]; name: string } | null> {
      const r = await sql<{ ring: { coordinates: [number, number][] } | null; name: string }>`
        select ST_AsGeoJSON(ST_ExteriorRing(ST_SimplifyPreserveTopology(d.geom, 0.0002)), 5)::json as ring, a.name_vi as name
        from v_areas a, lateral (select (ST_Dump(a.geom)).geom) d
        where a.code = ${code} and a.valid_from <= ${date}::date and (a.valid_to is null or a.valid_to > ${date}::date)
        order by ST_Area(d.geom) desc limit 1`.execute(db);
      const row = r.rows[0];
      return row?.ring ? { ring: row.ring.coordinates, name: row.name } : null;
    },

    async listWebhooks(): Promise<WebhookRow[]> {
      return (await sql<WebhookRow>`select * from webhooks order by id`.execute(db)).rows;
    },
    async insertWebhook(w: { url: string; format: string; secret: string | null; includePrivate: boolean; enabled: boolean }, actor: string): Promise<WebhookRow> {
      return (await sql<WebhookRow>`insert into webhooks (url, format, secret, include_private, enabled, created_by)
        values (${w.url}, ${w.format}, ${w.secret}, ${w.includePrivate}, ${w.enabled}, ${actor}) returning *`.execute(db)).rows[0]!;
    },
    /** Changes a webhook; `secret` undefined keeps the stored one. */
    async updateWebhook(id: number, w: { url: string; format: string; secret?: string | null; includePrivate: boolean; enabled: boolean }): Promise<WebhookRow | undefined> {
      const keep = w.secret === undefined;
      return (await sql<WebhookRow>`update webhooks set url = ${w.url}, format = ${w.format}, include_private = ${w.includePrivate},
        enabled = ${w.enabled}, secret = case when ${keep}::boolean then secret else ${w.secret ?? null}::text end
        where id = ${id} returning *`.execute(db)).rows[0];
    },
    async deleteWebhook(id: number): Promise<boolean> {
      return Number((await sql`delete from webhooks where id = ${id}`.execute(db)).numAffectedRows ?? 0) > 0;
    },
    async insertDeliveries(rows: { webhookId: number; alertId: number; event: string; contentType: string; body: string; at: Date }[]) {
      if (!rows.length) return;
      await sql`insert into webhook_deliveries (webhook_id, alert_id, event, content_type, body, status, next_attempt_at, created_at)
        select w, a, e, c, b, 'pending', t, t from unnest(${rows.map((r) => r.webhookId)}::int[], ${rows.map((r) => r.alertId)}::bigint[],
          ${rows.map((r) => r.event)}::text[], ${rows.map((r) => r.contentType)}::text[], ${rows.map((r) => r.body)}::text[],
          ${rows.map((r) => r.at.toISOString())}::timestamptz[]) as u(w, a, e, c, b, t)`.execute(db);
    },
    async due(now: Date, limit: number): Promise<(DeliveryRow & { url: string; secret: string | null })[]> {
      return (await sql<DeliveryRow & { url: string; secret: string | null }>`
        select d.*, w.url, w.secret from webhook_deliveries d join webhooks w on w.id = d.webhook_id
        where d.status = 'pending' and d.next_attempt_at <= ${now} order by d.id limit ${limit}`.execute(db)).rows;
    },
    async nextDue(): Promise<Date | null> {
      return (await sql<{ t: Date | null }>`select min(next_attempt_at) as t from webhook_deliveries where status = 'pending'`.execute(db)).rows[0]?.t ?? null;
    },
    async recordAttempt(id: number, r: { status: 'pending' | 'delivered' | 'failed'; code: number | null; error: string | null; next: Date; at: Date }) {
      await sql`update webhook_deliveries set attempts = attempts + 1, status = ${r.status}, last_status_code = ${r.code},
        last_error = ${r.error}, next_attempt_at = ${r.next}, delivered_at = ${r.status === 'delivered' ? r.at : null}
        where id = ${id}`.execute(db);
    },
    async deliveries(webhookId: number, limit: number): Promise<DeliveryRow[]> {
      return (await sql<DeliveryRow>`select * from webhook_deliveries where webhook_id = ${webhookId} order by id desc limit ${limit}`.execute(db)).rows;
    },
  };
}
