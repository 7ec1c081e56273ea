// SQL of the cap module: outline of an alert's area, webhooks and their deliveries.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { WebhookDeliveries, Webhooks } from '../../platform/db/schema.ts';

export type WebhookRow = Omit<Selectable<Webhooks>, 'format'> & { format: 'json' | 'cap' };

export type DeliveryRow = Omit<Selectable<WebhookDeliveries>, 'status'> & { status: 'pending' | 'delivered' | 'failed' };

export function capRepository(db: Kysely<DB>) {
  return {
    /** Outer ring of the largest part (PostGIS: raw SQL) of the area valid on the day, simplified (lon/lat pairs). */
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
      return db.selectFrom('webhooks').selectAll().orderBy('id').$narrowType<{ format: WebhookRow['format'] }>().execute();
    },
    async insertWebhook(w: { url: string; format: string; secret: string | null; includePrivate: boolean; enabled: boolean }, actor: string): Promise<WebhookRow> {
      return db.insertInto('webhooks')
        .values({ url: w.url, format: w.format, secret: w.secret, include_private: w.includePrivate, enabled: w.enabled, created_by: actor })
        .returningAll().$narrowType<{ format: WebhookRow['format'] }>().executeTakeFirstOrThrow();
    },
    /** Changes a webhook; `secret` undefined keeps the stored one. */
    async updateWebhook(id: number, w: { url: string; format: string; secret?: string | null; includePrivate: boolean; enabled: boolean }): Promise<WebhookRow | undefined> {
      return db.updateTable('webhooks')
        .set({ url: w.url, format: w.format, include_private: w.includePrivate, enabled: w.enabled, ...(w.secret === undefined ? {} : { secret: w.secret }) })
        .where('id', '=', id).returningAll().$narrowType<{ format: WebhookRow['format'] }>().executeTakeFirst();
    },
    async deleteWebhook(id: number): Promise<boolean> {
      return Number((await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;
    },
    async insertDeliveries(rows: { webhookId: number; alertId: number; event: string; contentType: string; body: string; at: Date }[]) {
      if (!rows.length) return;
      await db.insertInto('webhook_deliveries').values(rows.map((r) => ({
        webhook_id: r.webhookId, alert_id: r.alertId, event: r.event, content_type: r.contentType, body: r.body, status: 'pending',
        next_attempt_at: r.at, created_at: r.at,
      }))).execute();
    },
    async due(now: Date, limit: number): Promise<(DeliveryRow & { url: string; secret: string | null })[]> {
      return db.selectFrom('webhook_deliveries as d').innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
        .selectAll('d').select(['w.url', 'w.secret'])
        .where('d.status', '=', 'pending').where('d.next_attempt_at', '<=', now).orderBy('d.id').limit(limit)
        .$narrowType<{ status: DeliveryRow['status'] }>().execute();
    },
    async nextDue(): Promise<Date | null> {
      const r = await db.selectFrom('webhook_deliveries').select((eb) => eb.fn.min<Date | null>('next_attempt_at').as('t'))
        .where('status', '=', 'pending').executeTakeFirst();
      return r?.t ?? null;
    },
    async recordAttempt(id: number, r: { status: 'pending' | 'delivered' | 'failed'; code: number | null; error: string | null; next: Date; at: Date }) {
      await db.updateTable('webhook_deliveries').set((eb) => ({
        attempts: eb('attempts', '+', 1), status: r.status, last_status_code: r.code, last_error: r.error, next_attempt_at: r.next,
        delivered_at: r.status === 'delivered' ? r.at : null,
      })).where('id', '=', id).execute();
    },
    async deliveries(webhookId: number, limit: number): Promise<DeliveryRow[]> {
      return db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(limit)
        .$narrowType<{ status: DeliveryRow['status'] }>().execute();
    },
  };
}
