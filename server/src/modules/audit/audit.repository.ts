import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

export interface AuditEntryInput {
  actorId: number | null;
  actor: string;
  action: string;
  targetType?: string | undefined;
  targetId?: string | number | undefined;
  details?: Record<string, unknown> | undefined;
  ip?: string | undefined;
}

export interface AuditQuery {
  action?: string | undefined;
  actor?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** Entries at or after this instant. */
  from?: string | undefined;
  /** Entries before this instant. */
  to?: string | undefined;
  limit: number;
  beforeId?: number | undefined;
}

export function auditRepository(db: Kysely<DB>) {
  return {
    /** Entries older than `before` (the audit log's own retention). */
    async deleteBefore(before: Date): Promise<number> {
      const r = await db.deleteFrom('audit_log').where('at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async insert(e: AuditEntryInput): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          actor_id: e.actorId,
          actor: e.actor,
          action: e.action,
          target_type: e.targetType ?? null,
          target_id: e.targetId === undefined ? null : String(e.targetId),
          details: JSON.stringify(e.details ?? {}),
          ip: e.ip ?? null,
        })
        .execute();
    },
    /** Items of personal data shown per account and day (Ho Chi Minh City time) since `from`. */
    async personalReadsByDay(actions: readonly string[], from: Date) {
      const day = sql<string>`to_char(at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`;
      return db
        .selectFrom('audit_log')
        .select([
          'actor',
          day.as('day'),
          sql<number>`sum(case when jsonb_typeof(details -> 'count') = 'number' then (details ->> 'count')::numeric else 1 end)::int`.as('items'),
          sql<number>`count(*)::int`.as('reads'),
        ])
        .where('action', 'in', [...actions])
        .where('at', '>=', from)
        .groupBy(['actor', day])
        .execute();
    },
    async list(q: AuditQuery) {
      let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
      // `incident.*`: every action of a kind.
      if (q.action?.endsWith('*')) query = query.where('action', 'like', `${q.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      else if (q.action) query = query.where('action', '=', q.action);
      if (q.from) query = query.where('at', '>=', new Date(q.from));
      if (q.to) query = query.where('at', '<', new Date(q.to));
      if (q.actor) query = query.where('actor', '=', q.actor);
      if (q.targetType) query = query.where('target_type', '=', q.targetType);
      if (q.targetId) query = query.where('target_id', '=', q.targetId);
      if (q.beforeId) query = query.where('id', '<', q.beforeId);
      return query.execute();
    },
  };
}
