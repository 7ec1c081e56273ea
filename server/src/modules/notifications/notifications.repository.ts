// The only SQL of the notifications module: who may receive (staff with their preferences),
// the notifications table (0011) and the read marks.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Notifications } from '../../platform/db/schema.ts';
import type { NotificationPreferences } from '../../../../shared/contracts/kpis.ts';
import type { UserNotification } from '../../../../shared/contracts/notifications.ts';
import { EMAIL_RETRY_PREFIX } from './email.ts';

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
  alertId: number | null;
  webhook: boolean;
  /** The address the notification waits to be e-mailed to (in the recipient's next digest). */
  emailTo?: string | null;
};

type Row = Selectable<Notifications>;

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export function toNotification(r: Row): UserNotification {
  return {
    id: Number(r.id), alertId: r.alert_id === null ? null : Number(r.alert_id), change: r.change, severity: r.severity, category: r.category,
    titleVi: r.title_vi, titleEn: r.title_en, areaCode: r.area_code, place: r.place, createdAt: iso(r.created_at)!, readAt: iso(r.read_at),
    webhookStatus: r.webhook_status,
  };
}

const STAFF_ROLES = ['admin', 'leader', 'operator', 'officer'] as const;

export function notificationsRepository(db: Kysely<DB>) {
  return {
    async getPreferences(userId: number): Promise<NotificationPreferences | undefined> {
      const r = await db.selectFrom('notification_preferences')
        .select((eb) => eb.ref('preferences').$castTo<NotificationPreferences>().as('preferences'))
        .where('user_id', '=', userId).executeTakeFirst();
      return r?.preferences;
    },

    async savePreferences(userId: number, p: NotificationPreferences, at: Date): Promise<void> {
      await db.insertInto('notification_preferences').values({ user_id: userId, preferences: JSON.stringify(p), updated_at: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ preferences: eb.ref('excluded.preferences'), updated_at: eb.ref('excluded.updated_at') })))
        .execute();
    },

    /** Active staff accounts (devices never receive) with their saved preferences, if any. */
    async recipients(): Promise<Recipient[]> {
      return db.selectFrom('v_users as u').leftJoin('notification_preferences as p', 'p.user_id', 'u.id')
        .select((eb) => [
          'u.id', 'u.username', 'u.role', 'u.unit_id',
          // An ARRAY(subquery), which the builder does not construct: raw, typed.
          sql<number[]>`array(select ua.area_id from v_user_areas ua where ua.user_id = u.id order by 1)`.as('area_ids'),
          eb.ref('p.preferences').$castTo<NotificationPreferences | null>().as('preferences'),
        ])
        .where('u.disabled', '=', false).where('u.role', 'in', STAFF_ROLES).orderBy('u.id')
        .$narrowType<{ role: Recipient['role'] }>().execute();
    },

    async insert(n: NewNotification): Promise<UserNotification> {
      const r = await db.insertInto('notifications').values({
        user_id: n.userId, alert_id: n.alertId, change: n.change, severity: n.severity, category: n.category, title_vi: n.titleVi,
        title_en: n.titleEn, area_code: n.areaCode, place: n.place, webhook_status: n.webhook ? 'pending' : null,
        email_to: n.emailTo ?? null, email_status: n.emailTo ? 'pending' : null,
      }).returningAll().executeTakeFirstOrThrow();
      return toNotification(r);
    },

    async setWebhookStatus(id: number, status: string): Promise<void> {
      await db.updateTable('notifications').set({ webhook_status: status.slice(0, 300) }).where('id', '=', id).execute();
    },

    /** The user's notifications waiting for their e-mail digest, oldest first. */
    /** Notifications waiting for the user's next digest: not tried yet, or due for another try. */
    async pendingEmails(userId: number) {
      return db.selectFrom('notifications').select(['id', 'change', 'severity', 'title_vi', 'title_en', 'place', 'created_at', 'email_to', 'email_status'])
        .where('user_id', '=', userId).where((w) => w.or([w('email_status', '=', 'pending'), w('email_status', 'like', `${EMAIL_RETRY_PREFIX}%`)])).orderBy('id').execute();
    },
    /** Users with notifications waiting for a digest (after a restart). */
    async usersWithPendingEmail(): Promise<number[]> {
      const r = await db.selectFrom('notifications').select('user_id').distinct()
        .where((w) => w.or([w('email_status', '=', 'pending'), w('email_status', 'like', `${EMAIL_RETRY_PREFIX}%`)])).execute();
      return r.map((x) => x.user_id);
    },

    async setEmailStatus(ids: number[], status: string): Promise<void> {
      if (!ids.length) return;
      await db.updateTable('notifications').set({ email_status: status.slice(0, 300) }).where('id', '=', sql<number>`any(${ids}::bigint[])`).execute();
    },

    async list(userId: number, opts: { unreadOnly: boolean; limit: number; offset: number }): Promise<UserNotification[]> {
      const r = await db.selectFrom('notifications').selectAll().where('user_id', '=', userId)
        .$if(opts.unreadOnly, (q) => q.where('read_at', 'is', null))
        .orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute();
      return r.map(toNotification);
    },

    async unread(userId: number): Promise<number> {
      const r = await db.selectFrom('notifications').select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
        .where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
      return r?.n ?? 0;
    },

    /** Marks the given notifications (or all, ids = null) of the user read; returns how many changed. */
    async markRead(userId: number, ids: number[] | null): Promise<number> {
      // Counted from RETURNING: both engines report it the same way.
      const r = await db.updateTable('notifications').set({ read_at: sql<Date>`now()` }).where('user_id', '=', userId).where('read_at', 'is', null)
        .$if(ids !== null, (q) => q.where('id', '=', sql<number>`any(${ids}::bigint[])`))
        .returning('id').execute();
      return r.length;
    },
  };
}

export type NotificationsRepository = ReturnType<typeof notificationsRepository>;
