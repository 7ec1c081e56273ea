// The only SQL of the tasks module: tasks, their events, extensions and files (migration 0019),
// units and users read through auth's views, source documents through v_documents.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { TaskBucket, TaskStatus } from '../../../../shared/contracts/tasks.ts';

export interface TaskRow {
  id: number;
  title: string;
  content: string;
  source_kind: 'document' | 'meeting' | 'manual';
  source_document_id: number | null;
  source_document_label: string | null;
  source_note: string | null;
  assigner_id: number;
  assigner_username: string;
  assigner_name: string;
  lead_unit_id: number;
  coordinating_unit_ids: number[];
  assignee_id: number | null;
  assignee_username: string | null;
  assignee_name: string | null;
  parent_id: number | null;
  priority: number;
  original_due_at: Date | null;
  due_at: Date | null;
  status: TaskStatus;
  progress: number;
  reported_done_at: Date | null;
  completed_at: Date | null;
  late_incurred: boolean;
  created_at: Date;
  updated_at: Date;
  bucket: TaskBucket | null;
}

/** Who may see which tasks: everything, or a unit's (lead or coordinating) and an officer's own. */
export type TaskScope = { all: true } | { all: false; unitId: number | null; userId: number };

export interface TaskFilter {
  scope: TaskScope;
  at: Date;
  unitId?: number | undefined;
  bucket?: TaskBucket | undefined;
  status?: TaskStatus | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  parentId?: number | null | undefined;
  sourceDocumentId?: number | undefined;
  assignerId?: number | undefined;
  limit: number;
  offset: number;
}

/** The reporting bucket of a task at `at` (the same rule as the v_tasks view, which uses now()). */
const bucketSql = (at: Date) => sql<TaskBucket | null>`case
  when t.status = 'cancelled' then null
  when t.due_at is null then 'standing'
  when t.status = 'done' and t.completed_at <= t.due_at and not t.late_incurred then 'done-on-time'
  when t.status = 'done' then 'done-late'
  when ${at}::timestamptz > t.due_at then 'open-overdue'
  else 'open-in-time' end`;

const localDay = (col: RawBuilder<unknown>) => sql`(${col} at time zone 'Asia/Ho_Chi_Minh')::date`;

function scopeSql(scope: TaskScope): RawBuilder<boolean> {
  if (scope.all) return sql<boolean>`true`;
  return sql<boolean>`(t.assignee_id = ${scope.userId} or (${scope.unitId}::int is not null and (t.lead_unit_id = ${scope.unitId} or ${scope.unitId}::int = any(t.coordinating_unit_ids))))`;
}

/** Tasks in a period: deadline (local day) within it; standing tasks by the day they were created. */
function periodSql(from: string | undefined, to: string | undefined): RawBuilder<boolean> {
  const day = sql`coalesce(${localDay(sql`t.due_at`)}, ${localDay(sql`t.created_at`)})`;
  return sql<boolean>`(${from ?? null}::date is null or ${day} >= ${from ?? null}::date) and (${to ?? null}::date is null or ${day} <= ${to ?? null}::date)`;
}

function selectTasks(at: Date) {
  return sql`select t.id, t.title, t.content, t.source_kind, t.source_document_id,
      case when d.id is null then null else d.number || case when d.notation <> '' then '/' || d.notation else '' end || ' · ' || left(d.subject, 120) end as source_document_label,
      t.source_note, t.assigner_id, a.username as assigner_username, a.display_name as assigner_name,
      t.lead_unit_id, t.coordinating_unit_ids, t.assignee_id, o.username as assignee_username, o.display_name as assignee_name,
      t.parent_id, t.priority, t.original_due_at, t.due_at, t.status, t.progress, t.reported_done_at, t.completed_at, t.late_incurred,
      t.created_at, t.updated_at, ${bucketSql(at)} as bucket
    from tasks t
    join v_users a on a.id = t.assigner_id
    left join v_users o on o.id = t.assignee_id
    left join v_documents d on d.id = t.source_document_id`;
}

export interface BucketRow { unit_id: number; month: string | null; bucket: TaskBucket; n: number }

export function tasksRepository(db: Kysely<DB>) {
  return {
    async units(): Promise<{ id: number; code: string; name_vi: string; name_en: string }[]> {
      return db.selectFrom('v_units').select(['id', 'code', 'name_vi', 'name_en']).orderBy('id').execute();
    },

    async userByUsername(username: string) {
      return db.selectFrom('v_users').select(['id', 'username', 'display_name', 'role', 'unit_id', 'disabled']).where('username', '=', username).executeTakeFirst();
    },

    async usersOfUnits(unitIds: number[]): Promise<{ id: number; unit_id: number }[]> {
      if (!unitIds.length) return [];
      const r = await db.selectFrom('v_users').select(['id', 'unit_id']).where('unit_id', 'in', unitIds).where('disabled', '=', false)
        .where('role', '=', 'officer').execute();
      return r.map((u) => ({ id: u.id, unit_id: u.unit_id! }));
    },

    async documentExists(id: number): Promise<{ id: number; secrecy: string } | undefined> {
      return db.selectFrom('v_documents').select(['id', 'secrecy']).where('id', '=', id).executeTakeFirst();
    },

    async list(f: TaskFilter): Promise<{ rows: TaskRow[]; total: number }> {
      const where = sql`${scopeSql(f.scope)}
        and ${periodSql(f.from, f.to)}
        and (${f.unitId ?? null}::int is null or t.lead_unit_id = ${f.unitId ?? null})
        and (${f.status ?? null}::text is null or t.status = ${f.status ?? null})
        and (${f.bucket ?? null}::text is null or ${bucketSql(f.at)} = ${f.bucket ?? null})
        and (${f.sourceDocumentId ?? null}::bigint is null or t.source_document_id = ${f.sourceDocumentId ?? null})
        and (${f.assignerId ?? null}::int is null or t.assigner_id = ${f.assignerId ?? null})
        and (${f.q ?? null}::text is null or t.title ilike '%' || ${f.q ?? null} || '%')
        and ${f.parentId === undefined ? sql`true` : f.parentId === null ? sql`t.parent_id is null` : sql`t.parent_id = ${f.parentId}`}`;
      const rows = await sql<TaskRow>`${selectTasks(f.at)} where ${where}
        order by (case when t.status in ('done', 'cancelled') then 1 else 0 end), t.due_at nulls last, t.id desc
        limit ${f.limit} offset ${f.offset}`.execute(db);
      const total = await sql<{ n: number }>`select count(*)::int as n from tasks t where ${where}`.execute(db);
      return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
    },

    async get(id: number, at: Date): Promise<TaskRow | undefined> {
      return (await sql<TaskRow>`${selectTasks(at)} where t.id = ${id}`.execute(db)).rows[0];
    },

    async subtasks(id: number, at: Date): Promise<TaskRow[]> {
      return (await sql<TaskRow>`${selectTasks(at)} where t.parent_id = ${id} order by t.id`.execute(db)).rows;
    },

    async insert(t: {
      title: string; content: string; source_kind: string; source_document_id: number | null; source_note: string | null; assigner_id: number;
      lead_unit_id: number; coordinating_unit_ids: number[]; assignee_id: number | null; parent_id: number | null; priority: number; due_at: Date | null; at: Date;
    }, byUserId: number): Promise<number> {
      return db.transaction().execute(async (tx) => {
        const r = await tx.insertInto('tasks').values({
          title: t.title, content: t.content, source_kind: t.source_kind, source_document_id: t.source_document_id, source_note: t.source_note,
          assigner_id: t.assigner_id, lead_unit_id: t.lead_unit_id, coordinating_unit_ids: t.coordinating_unit_ids, assignee_id: t.assignee_id,
          parent_id: t.parent_id, priority: t.priority, original_due_at: t.due_at, due_at: t.due_at, status: 'open', created_at: t.at, updated_at: t.at,
        }).returning('id').executeTakeFirstOrThrow();
        await tx.insertInto('task_events').values({ task_id: r.id, kind: 'created', at: t.at, by_user_id: byUserId }).execute();
        return Number(r.id);
      });
    },

    /** Updates the task and records an event (with its files) in one transaction. */
    async change(id: number, patch: Partial<{
      title: string; content: string; priority: number; lead_unit_id: number; coordinating_unit_ids: number[]; status: TaskStatus; progress: number;
      reported_done_at: Date | null; completed_at: Date | null; due_at: Date; late_incurred: boolean; reminded_stage: number | null; escalated_at: Date;
    }>, event: { kind: string; at: Date; byUserId: number | null; progress?: number | null; note?: string | null; data?: unknown },
    files: { filename: string; mediaType: string; sha256: string; data: Buffer }[] = [], expectStatus?: TaskStatus[]): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        let q = tx.updateTable('tasks').set({ ...patch, updated_at: event.at }).where('id', '=', id);
        if (expectStatus) q = q.where('status', 'in', expectStatus);
        const changed = await q.returning('id').execute();
        if (!changed.length) return false;
        const ev = await tx.insertInto('task_events').values({
          task_id: id, kind: event.kind, at: event.at, by_user_id: event.byUserId, progress: event.progress ?? null, note: event.note ?? null,
          data: JSON.stringify(event.data ?? {}),
        }).returning('id').executeTakeFirstOrThrow();
        for (const f of files) {
          await tx.insertInto('task_files').values({
            task_id: id, event_id: ev.id, filename: f.filename, media_type: f.mediaType, bytes: f.data.length, sha256: f.sha256, content: f.data,
          }).execute();
        }
        return true;
      });
    },

    async events(id: number) {
      const events = await db.selectFrom('task_events as e').leftJoin('v_users as u', 'u.id', 'e.by_user_id')
        .select(['e.id', 'e.kind', 'e.at', 'e.progress', 'e.note', 'u.id as user_id', 'u.username', 'u.display_name'])
        .where('e.task_id', '=', id).orderBy('e.id').execute();
      const files = await db.selectFrom('task_files').select(['id', 'event_id', 'filename', 'media_type', 'bytes', 'sha256']).where('task_id', '=', id).orderBy('id').execute();
      return { events, files };
    },

    async file(taskId: number, fileId: number) {
      return db.selectFrom('task_files').select(['filename', 'media_type', 'content']).where('task_id', '=', taskId).where('id', '=', fileId).executeTakeFirst();
    },

    async extensions(id: number) {
      return db.selectFrom('task_extensions as x').innerJoin('v_users as u', 'u.id', 'x.requested_by')
        .select(['x.id', 'x.requested_at', 'x.previous_due_at', 'x.new_due_at', 'x.reason', 'x.decision', 'x.decided_at', 'x.decision_note', 'u.id as user_id', 'u.username', 'u.display_name'])
        .where('x.task_id', '=', id).orderBy('x.id').execute();
    },

    async pendingExtension(id: number) {
      return db.selectFrom('task_extensions').selectAll().where('task_id', '=', id).where('decision', '=', 'pending').executeTakeFirst();
    },

    async extension(taskId: number, extensionId: number) {
      return db.selectFrom('task_extensions').selectAll().where('task_id', '=', taskId).where('id', '=', extensionId).executeTakeFirst();
    },

    async requestExtension(x: { taskId: number; userId: number; at: Date; previousDueAt: Date; newDueAt: Date; reason: string }): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('task_extensions').values({
          task_id: x.taskId, requested_by: x.userId, requested_at: x.at, previous_due_at: x.previousDueAt, new_due_at: x.newDueAt, reason: x.reason,
        }).execute();
        await tx.insertInto('task_events').values({
          task_id: x.taskId, kind: 'extension-requested', at: x.at, by_user_id: x.userId, note: x.reason, data: JSON.stringify({ newDueAt: x.newDueAt.toISOString() }),
        }).execute();
      });
    },

    async decideExtension(x: { taskId: number; extensionId: number; userId: number; at: Date; approved: boolean; note: string | null; newDueAt: Date; lateIncurred: boolean }): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        const r = await tx.updateTable('task_extensions').set({ decision: x.approved ? 'approved' : 'rejected', decided_by: x.userId, decided_at: x.at, decision_note: x.note })
          .where('id', '=', x.extensionId).where('task_id', '=', x.taskId).where('decision', '=', 'pending').returning('id').execute();
        if (!r.length) return false;
        if (x.approved) {
          await tx.updateTable('tasks').set((eb) => ({
            due_at: x.newDueAt, updated_at: x.at, reminded_stage: null, escalated_at: null,
            late_incurred: x.lateIncurred ? true : eb.ref('late_incurred'),
          })).where('id', '=', x.taskId).execute();
        }
        await tx.insertInto('task_events').values({
          task_id: x.taskId, kind: x.approved ? 'extension-approved' : 'extension-rejected', at: x.at, by_user_id: x.userId, note: x.note,
          data: JSON.stringify({ newDueAt: x.newDueAt.toISOString(), lateIncurred: x.lateIncurred }),
        }).execute();
        return true;
      });
    },

    /** Bucket counts per lead unit (and month of the deadline), over the tasks in scope and period. */
    async bucketCounts(o: { scope: TaskScope; at: Date; unitId?: number | undefined; from?: string | undefined; to?: string | undefined }): Promise<BucketRow[]> {
      const r = await sql<BucketRow>`select t.lead_unit_id as unit_id, to_char(${localDay(sql`t.due_at`)}, 'YYYY-MM') as month, ${bucketSql(o.at)} as bucket, count(*)::int as n
        from tasks t
        where t.status <> 'cancelled' and t.parent_id is null and ${scopeSql(o.scope)} and ${periodSql(o.from, o.to)}
          and (${o.unitId ?? null}::int is null or t.lead_unit_id = ${o.unitId ?? null})
        group by 1, 2, 3`.execute(db);
      return r.rows;
    },

    async overdue(o: { scope: TaskScope; at: Date; unitId?: number | undefined; from?: string | undefined; to?: string | undefined; limit: number }) {
      const r = await sql<{ id: number; title: string; lead_unit_id: number; due_at: Date }>`select t.id, t.title, t.lead_unit_id, t.due_at from tasks t
        where t.parent_id is null and t.status not in ('done', 'cancelled') and t.due_at < ${o.at}::timestamptz and ${scopeSql(o.scope)} and ${periodSql(o.from, o.to)}
          and (${o.unitId ?? null}::int is null or t.lead_unit_id = ${o.unitId ?? null})
        order by t.due_at, t.id limit ${o.limit}`.execute(db);
      return r.rows;
    },

    /** Open tasks with a deadline, for the reminder sweep. */
    async openWithDeadline(): Promise<{ id: number; title: string; lead_unit_id: number; assignee_id: number | null; assigner_id: number; due_at: Date; reminded_stage: number | null; escalated_at: Date | null }[]> {
      return db.selectFrom('tasks').select(['id', 'title', 'lead_unit_id', 'assignee_id', 'assigner_id', 'due_at', 'reminded_stage', 'escalated_at'])
        .where('status', 'in', ['open', 'in_progress', 'refused']).where('due_at', 'is not', null).where('synthetic', '=', false)
        .$narrowType<{ due_at: Date }>().execute();
    },

    async markReminded(id: number, stage: number, escalate: boolean, at: Date): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('tasks').set({ reminded_stage: stage, ...(escalate ? { escalated_at: at } : {}) }).where('id', '=', id).execute();
        await tx.insertInto('task_events').values({ task_id: id, kind: escalate ? 'escalated' : 'reminder', at, data: JSON.stringify({ stage }) }).execute();
      });
    },
  };
}

export type TasksRepository = ReturnType<typeof tasksRepository>;
