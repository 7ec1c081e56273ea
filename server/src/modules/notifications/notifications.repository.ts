// The only SQL of the notifications module: who may receive (staff with their preferences),
// the notifications table (0011) and the read marks.
import { sql, type Kysely } from 'kysely';
import type { NotificationPreferences } from '../../../../shared/contracts/kpis.ts';
import type { UserNotification } from '../../../../shared/contracts/notifications.ts';

export interface Recipient {
  id: number;
  username: string;
  role: 'admin' | 'leader' | 'operator' | 'officer';
  unit_id: number | null;
  area_ids: number[];
  preferences: NotificationPreferences | null;
}

/** What a new notification stores: the alert's fields as the contract names them, for whom, and whether a webhook is due. */
export type NewNotification = Pick<UserNotification, 'change' | 'severity' | 'category' | 'titleVi' | 'titleEn' | 'areaCode' | 'place'> & {
  userId: number;
  alertId: number;
  webhook: boolean;
};

interface Row {
  id: number;
  alert_id: number | null;
  change: string;
  severity: string;
  category: string;
  title_vi: string;
  title_en: string;
  area_code: string | null;
  place: string | null;
  created_at: Date | string;
  read_at: Date | string | null;
  webhook_status: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toNotification(r: Row): UserNotification {
  return {
    id: Number(r.id), alertId: r.alert_id === null ? null : Number(r.alert_id), change: r.change, severity: r.severity, category: r.category,
    titleVi: r.title_vi, titleEn: r.title_en, areaCode: r.area_code, place: r.place, createdAt: iso(r.created_at)!, readAt: iso(r.read_at),
    webhookStatus: r.webhook_status,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function notificationsRepository(db: Kysely<any>) {
  return {
    async getPreferences(userId: number): Promise<NotificationPreferences | undefined> {
      const r = await sql<{ preferences: NotificationPreferences }>`select preferences from notification_preferences where user_id = ${userId}`.execute(db);
      return r.rows[0]?.preferences;
    },

    async savePreferences(userId: number, p: NotificationPreferences, at: Date): Promise<void> {
      await sql`insert into notification_preferences (user_id, preferences, updated_at) values (${userId}, ${JSON.stringify(p)}::jsonb, ${at})
        on conflict (user_id) do update set preferences = excluded.preferences, updated_at = excluded.updated_at`.execute(db);
    },

    /** Active staff accounts (devices never receive) with their saved preferences, if any. */
    async recipients(): Promise<Recipient[]> {
      const r = await sql<Recipient>`select u.id, u.username, u.role, u.unit_id, array(select ua.area_id from v_user_areas ua where ua.user_id = u.id order by 1) as area_ids, p.preferences
        from v_users u left join notification_preferences p on p.user_id = u.id
        where not u.disabled and u.role in ('admin', 'leader', 'operator', 'officer') order by u.id`.execute(db);
      return r.rows;
    },

    async insert(n: NewNotification): Promise<UserNotification> {
      const r = await sql<Row>`insert into notifications (user_id, alert_id, change, severity, category, title_vi, title_en, area_code, place, webhook_status)
        values (${n.userId}, ${n.alertId}, ${n.change}, ${n.severity}, ${n.category}, ${n.titleVi}, ${n.titleEn}, ${n.areaCode}, ${n.place}, ${n.webhook ? 'pending' : null})
        returning *`.execute(db);
      return toNotification(r.rows[0]!);
    },

    async setWebhookStatus(id: number, status: string): Promise<void> {
      await sql`update notifications set webhook_status = ${status.slice(0, 300)} where id = ${id}`.execute(db);
    },

    async list(userId: number, opts: { unreadOnly: boolean; limit: number; offset: number }): Promise<UserNotification[]> {
      const r = await sql<Row>`select * from notifications where user_id = ${userId}
        ${opts.unreadOnly ? sql`and read_at is null` : sql``}
        order by id desc limit ${opts.limit} offset ${opts.offset}`.execute(db);
      return r.rows.map(toNotification);
    },

    async unread(userId: number): Promise<number> {
      const r = await sql<{ n: number }>`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`.execute(db);
      return r.rows[0]?.n ?? 0;
    },

    /** Marks the given notifications (or all, ids = null) of the user read; returns how many changed. */
    async markRead(userId: number, ids: number[] | null): Promise<number> {
      // Counted from RETURNING: both engines report it the same way.
      const r = await sql<{ id: number }>`update notifications set read_at = now() where user_id = ${userId} and read_at is null
        ${ids ? sql`and id = any(${ids}::bigint[])` : sql``} returning id`.execute(db);
      return r.rows.length;
    },
  };
}

export type NotificationsRepository = ReturnType<typeof notificationsRepository>;
