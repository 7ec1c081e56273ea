// Tasks: leaders assign work to exactly one lead unit (chủ trì) with coordinating units
// (phối hợp); units report progress, ask for extensions, report done; the assigner confirms.
// Official buckets and rates (governance-facts §1): completion rate of tasks due =
// done ÷ (done + open overdue); on-time rate = done on time ÷ tasks due.
import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import type { Actor, AuthenticatedUser } from '../../platform/actor.ts';
import { badRequest, HttpError, notFound } from '../../platform/http/errors.ts';
import { addWorkingDays } from '../feedback/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { checkUpload } from '../documents/index.ts';
import type {
  Task, TaskBucket, TaskBucketCounts, TaskCreate, TaskDetail, TaskList, TaskStats, TaskStatus, TaskUpdate,
} from '../../../../shared/contracts/tasks.ts';
import { tasksRepository, type BucketRow, type TaskRow, type TaskScope } from './tasks.repository.ts';

const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
const localDate = (d: Date) => new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
/** The end (23:59:59.999, Ho Chi Minh City) of a local day. */
export const endOfLocalDay = (date: string) => new Date(Date.parse(`${date}T23:59:59.999Z`) - OFFSET_MS);
/** Whole local days from the day of `a` to the day of `b` (0 when b is not later). */
export const daysBetween = (a: Date, b: Date) => Math.max(0, Math.round((Date.parse(localDate(b)) - Date.parse(localDate(a))) / DAY_MS));

const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
const conflict = (code: string, message: string) => new HttpError(409, code, message);

export interface TaskFile { filename: string; data: Buffer }

/** done ÷ (done + open overdue) and done on time ÷ tasks due, in % with one decimal. */
export function rates(b: TaskBucketCounts): { due: number; completionRate: number | null; onTimeRate: number | null } {
  const done = b.doneOnTime + b.doneLate;
  const due = done + b.openOverdue;
  const pct = (n: number) => (due === 0 ? null : Math.round((n / due) * 1000) / 10);
  return { due, completionRate: pct(done), onTimeRate: pct(b.doneOnTime) };
}

const emptyCounts = (): TaskBucketCounts => ({ doneOnTime: 0, doneLate: 0, openInTime: 0, openOverdue: 0, standing: 0 });
const KEY: Record<TaskBucket, keyof TaskBucketCounts> = {
  'done-on-time': 'doneOnTime', 'done-late': 'doneLate', 'open-in-time': 'openInTime', 'open-overdue': 'openOverdue', standing: 'standing',
};
function add(c: TaskBucketCounts, r: BucketRow) {
  c[KEY[r.bucket]] += r.n;
}

/** Leaders, admins and the centre's operators see every task; an officer their unit's and their own. */
export function taskScope(user: AuthenticatedUser): TaskScope {
  return user.role === 'officer' ? { all: false, unitId: user.unitId, userId: user.id } : { all: true };
}

export function createTasksService(ctx: AppContext, deps: { notifications: NotificationsService }) {
  const repo = tasksRepository(ctx.db.kysely);
  const now = () => ctx.clock.now();

  async function unitMaps() {
    const units = await repo.units();
    return { byId: new Map(units.map((u) => [u.id, u])), byCode: new Map(units.map((u) => [u.code, u])) };
  }
  type Units = Awaited<ReturnType<typeof unitMaps>>;
  const unitRef = (units: Units, id: number) => {
    const u = units.byId.get(id);
    return u ? { id: u.id, code: u.code, nameVi: u.name_vi, nameEn: u.name_en } : { id, code: String(id), nameVi: String(id), nameEn: String(id) };
  };
  function unitId(units: Units, code: string, what: string): number {
    const u = units.byCode.get(code);
    if (!u) throw badRequest(`${what}: no unit "${code}"`);
    return u.id;
  }

  function toTask(r: TaskRow, units: Units, at: Date): Task {
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    const end = r.status === 'done' ? r.completed_at : at;
    const daysLate = r.due_at && end && new Date(end) > new Date(r.due_at) ? daysBetween(new Date(r.due_at), new Date(end)) : 0;
    return {
      id: Number(r.id), title: r.title, content: r.content, sourceKind: r.source_kind,
      sourceDocumentId: r.source_document_id === null ? null : Number(r.source_document_id), sourceDocumentLabel: r.source_document_label, sourceNote: r.source_note,
      assigner: { id: r.assigner_id, username: r.assigner_username, displayName: r.assigner_name },
      leadUnit: unitRef(units, r.lead_unit_id), coordinatingUnits: r.coordinating_unit_ids.map((id) => unitRef(units, id)),
      assignee: r.assignee_id === null ? null : { id: r.assignee_id, username: r.assignee_username!, displayName: r.assignee_name! },
      parentId: r.parent_id === null ? null : Number(r.parent_id), priority: r.priority,
      originalDueAt: iso(r.original_due_at), dueAt: iso(r.due_at), status: r.status, bucket: r.bucket, progress: r.progress,
      reportedDoneAt: iso(r.reported_done_at), completedAt: iso(r.completed_at), lateIncurred: r.late_incurred, daysLate,
      createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
    };
  }

  function userOf(actor: Actor): AuthenticatedUser {
    if (!actor.user) throw new HttpError(401, 'unauthorized', 'sign in first');
    return actor.user;
  }
  const isLeadMember = (u: AuthenticatedUser, t: TaskRow) => (u.unitId !== null && u.unitId === t.lead_unit_id) || t.assignee_id === u.id;
  const isCoordinator = (u: AuthenticatedUser, t: TaskRow) => u.unitId !== null && t.coordinating_unit_ids.includes(u.unitId);
  const isAssigner = (u: AuthenticatedUser, t: TaskRow) => u.id === t.assigner_id || u.role === 'admin';
  const visible = (u: AuthenticatedUser, t: TaskRow) => u.role !== 'officer' || isLeadMember(u, t) || isCoordinator(u, t);

  async function load(actor: Actor, id: number): Promise<{ user: AuthenticatedUser; task: TaskRow }> {
    const user = userOf(actor);
    const task = await repo.get(id, now());
    // A task the caller may not see is answered as missing: its existence is not disclosed.
    if (!task || !visible(user, task)) throw notFound(`task ${id}`);
    return { user, task };
  }

  const OPEN: TaskStatus[] = ['open', 'in_progress'];

  function prepareFiles(files: TaskFile[]) {
    return files.map((f) => {
      const checked = checkUpload(f.filename, f.data);
      return { filename: f.filename, mediaType: checked.mediaType, sha256: createHash('sha256').update(f.data).digest('hex'), data: f.data };
    });
  }

  async function notifyUnit(task: { lead_unit_id: number; assignee_id: number | null }, n: { change: string; titleVi: string; titleEn: string }, also: number[] = []) {
    const users = new Set([...(await repo.usersOfUnits([task.lead_unit_id])).map((u) => u.id), ...(task.assignee_id ? [task.assignee_id] : []), ...also]);
    for (const id of users) {
      await deps.notifications.notifyUser(id, { ...n, severity: 'Minor', category: 'task' })
        .catch((err: unknown) => ctx.log.warn({ err }, 'task notification failed'));
    }
  }

  return {
    async list(actor: Actor, q: { unit?: string | undefined; bucket?: TaskBucket | undefined; status?: TaskStatus | undefined; q?: string | undefined; from?: string | undefined; to?: string | undefined; sourceDocumentId?: number | undefined; topLevel?: boolean | undefined; limit: number; offset: number }): Promise<TaskList> {
      const user = userOf(actor);
      const units = await unitMaps();
      const at = now();
      const { rows, total } = await repo.list({
        scope: taskScope(user), at, unitId: q.unit ? unitId(units, q.unit, 'unit') : undefined, bucket: q.bucket, status: q.status,
        q: q.q?.trim() || undefined, from: q.from, to: q.to, sourceDocumentId: q.sourceDocumentId, parentId: q.topLevel ? null : undefined,
        limit: q.limit, offset: q.offset,
      });
      return { tasks: rows.map((r) => toTask(r, units, at)), total };
    },

    async detail(actor: Actor, id: number): Promise<TaskDetail> {
      const { user, task } = await load(actor, id);
      const units = await unitMaps();
      const at = now();
      const [subtasks, { events, files }, extensions] = await Promise.all([repo.subtasks(id, at), repo.events(id), repo.extensions(id)]);
      const lead = isLeadMember(user, task);
      const open = OPEN.includes(task.status);
      const pending = extensions.some((x) => x.decision === 'pending');
      return {
        task: toTask(task, units, at),
        subtasks: subtasks.filter((s) => visible(user, s)).map((s) => toTask(s, units, at)),
        events: events.map((e) => ({
          id: Number(e.id), kind: e.kind, at: new Date(e.at).toISOString(),
          by: e.user_id === null ? null : { id: e.user_id, username: e.username!, displayName: e.display_name! },
          progress: e.progress, note: e.note,
          files: files.filter((f) => Number(f.event_id) === Number(e.id)).map((f) => ({ id: Number(f.id), filename: f.filename, mediaType: f.media_type, bytes: f.bytes, sha256: f.sha256 })),
        })),
        extensions: extensions.map((x) => ({
          id: Number(x.id), requestedBy: { id: x.user_id, username: x.username, displayName: x.display_name }, requestedAt: new Date(x.requested_at).toISOString(),
          previousDueAt: new Date(x.previous_due_at).toISOString(), newDueAt: new Date(x.new_due_at).toISOString(), reason: x.reason,
          decision: x.decision as 'pending' | 'approved' | 'rejected', decidedAt: x.decided_at ? new Date(x.decided_at).toISOString() : null, decisionNote: x.decision_note,
        })),
        can: {
          progress: open && (lead || isCoordinator(user, task)),
          reportDone: open && lead,
          refuse: open && lead && task.parent_id === null,
          confirm: task.status === 'awaiting_confirmation' && isAssigner(user, task),
          requestExtension: open && lead && task.due_at !== null && !pending,
          decideExtension: pending && isAssigner(user, task),
          edit: isAssigner(user, task) && task.status !== 'done' && task.status !== 'cancelled',
          addSubtask: task.status !== 'done' && task.status !== 'cancelled' && (user.role === 'admin' || user.role === 'leader' || (user.unitId !== null && user.unitId === task.lead_unit_id)),
        },
      };
    },

    async create(actor: Actor, input: TaskCreate): Promise<TaskDetail> {
      const user = userOf(actor);
      const units = await unitMaps();
      const at = now();
      let parent: TaskRow | undefined;
      if (input.parentId !== undefined) {
        parent = (await load(actor, input.parentId)).task;
        if (parent.status === 'done' || parent.status === 'cancelled') throw conflict('task_closed', `task ${parent.id} is ${parent.status}: no new sub-task`);
      }
      const leader = user.role === 'admin' || user.role === 'leader';
      if (!leader && !(parent && user.unitId !== null && user.unitId === parent.lead_unit_id)) {
        throw forbidden('only a leader assigns tasks; a unit may split a task it leads into sub-tasks for its officers');
      }
      const lead = unitId(units, input.leadUnitCode, 'leadUnitCode');
      const coordinating = [...new Set((input.coordinatingUnitCodes ?? []).map((c) => unitId(units, c, 'coordinatingUnitCodes')))];
      if (coordinating.includes(lead)) throw badRequest('the lead unit (chủ trì) cannot also be a coordinating unit (phối hợp)');
      let assignee: number | null = null;
      if (input.assigneeUsername) {
        const u = await repo.userByUsername(input.assigneeUsername);
        if (!u || u.disabled) throw badRequest(`assigneeUsername: no account "${input.assigneeUsername}"`);
        if (u.unit_id !== lead) throw badRequest(`assigneeUsername: ${u.username} is not in the lead unit`);
        assignee = u.id;
      }
      if (input.dueDate && input.dueWorkingDays) throw badRequest('give dueDate or dueWorkingDays, not both');
      let due: Date | null = null;
      if (input.dueDate) {
        if (input.dueDate < localDate(at)) throw badRequest(`dueDate ${input.dueDate} is in the past`);
        due = endOfLocalDay(input.dueDate);
      } else if (input.dueWorkingDays) {
        due = addWorkingDays(at, input.dueWorkingDays);
      }
      const sourceKind = input.sourceKind ?? (input.sourceDocumentId ? 'document' : 'manual');
      if (sourceKind === 'document' && !input.sourceDocumentId) throw badRequest('a task from a document needs sourceDocumentId');
      if (input.sourceDocumentId && !(await repo.documentExists(input.sourceDocumentId))) throw badRequest(`sourceDocumentId: no document ${input.sourceDocumentId}`);
      if (sourceKind === 'meeting' && !input.sourceNote?.trim()) throw badRequest('a task from a meeting conclusion needs sourceNote (which meeting, which conclusion)');
      const id = await repo.insert({
        title: input.title.trim(), content: input.content ?? '', source_kind: sourceKind, source_document_id: input.sourceDocumentId ?? null,
        source_note: input.sourceNote?.trim() || null, assigner_id: user.id, lead_unit_id: lead, coordinating_unit_ids: coordinating,
        assignee_id: assignee, parent_id: parent ? parent.id : null, priority: input.priority ?? 1, due_at: due, at,
      }, user.id);
      await notifyUnit({ lead_unit_id: lead, assignee_id: assignee }, { change: 'task-assigned', titleVi: `Nhiệm vụ mới: ${input.title.trim()}`, titleEn: `New task: ${input.title.trim()}` });
      return this.detail(actor, id);
    },

    async update(actor: Actor, id: number, patch: TaskUpdate): Promise<TaskDetail> {
      const { user, task } = await load(actor, id);
      if (!isAssigner(user, task)) throw forbidden('only the assigning leader changes a task');
      if (task.status === 'done' || task.status === 'cancelled') throw conflict('task_closed', `task ${id} is ${task.status}`);
      const units = await unitMaps();
      const set: Parameters<typeof repo.change>[1] = {};
      if (patch.title !== undefined) set.title = patch.title.trim();
      if (patch.content !== undefined) set.content = patch.content;
      if (patch.priority !== undefined) set.priority = patch.priority;
      let kind = 'updated';
      if (patch.leadUnitCode !== undefined) {
        set.lead_unit_id = unitId(units, patch.leadUnitCode, 'leadUnitCode');
        if (set.lead_unit_id !== task.lead_unit_id) {
          kind = 'reassigned';
          if (task.status === 'refused') set.status = 'open';
        }
      }
      if (patch.coordinatingUnitCodes !== undefined) set.coordinating_unit_ids = [...new Set(patch.coordinatingUnitCodes.map((c) => unitId(units, c, 'coordinatingUnitCodes')))];
      const lead = set.lead_unit_id ?? task.lead_unit_id;
      if ((set.coordinating_unit_ids ?? task.coordinating_unit_ids).includes(lead)) throw badRequest('the lead unit (chủ trì) cannot also be a coordinating unit (phối hợp)');
      if (patch.status === 'cancelled') {
        set.status = 'cancelled';
        kind = 'cancelled';
      }
      await repo.change(id, set, { kind, at: now(), byUserId: user.id, data: patch });
      return this.detail(actor, id);
    },

    /** A progress report (report), the lead unit's "done" (done) or its refusal (refuse), with files. */
    async progress(actor: Actor, id: number, input: { progress?: number | undefined; note: string; action?: 'report' | 'done' | 'refuse' | undefined }, files: TaskFile[]): Promise<TaskDetail> {
      const { user, task } = await load(actor, id);
      const action = input.action ?? 'report';
      const lead = isLeadMember(user, task);
      if (!lead && !(action === 'report' && isCoordinator(user, task))) {
        throw forbidden(action === 'report' ? 'only the lead and coordinating units report progress' : 'only the lead unit reports a task done or refuses it');
      }
      if (!OPEN.includes(task.status)) throw conflict('task_not_open', `task ${id} is ${task.status}: no progress can be reported now`);
      if (action === 'refuse' && task.parent_id !== null) throw badRequest('a sub-task is not refused: report to the unit that split it');
      const prepared = prepareFiles(files);
      const at = now();
      const note = input.note.trim();
      if (!note) throw badRequest('note is required');
      let ok: boolean;
      if (action === 'done') {
        const open = (await repo.subtasks(id, at)).filter((s) => s.status !== 'done' && s.status !== 'cancelled');
        if (open.length) throw conflict('subtasks_open', `${open.length} sub-task(s) are not done yet`);
        ok = await repo.change(id, { status: 'awaiting_confirmation', reported_done_at: at, progress: 100 }, { kind: 'done-reported', at, byUserId: user.id, progress: 100, note }, prepared, OPEN);
        if (ok) await notifyUnit({ lead_unit_id: -1, assignee_id: null }, { change: 'task-done-reported', titleVi: `Chờ xác nhận hoàn thành: ${task.title}`, titleEn: `Done, awaiting your confirmation: ${task.title}` }, [task.assigner_id]);
      } else if (action === 'refuse') {
        ok = await repo.change(id, { status: 'refused' }, { kind: 'refused', at, byUserId: user.id, note }, prepared, OPEN);
        if (ok) await notifyUnit({ lead_unit_id: -1, assignee_id: null }, { change: 'task-refused', titleVi: `Đơn vị từ chối nhiệm vụ: ${task.title}`, titleEn: `Task refused by the unit: ${task.title}` }, [task.assigner_id]);
      } else {
        const progress = input.progress ?? task.progress;
        ok = await repo.change(id, lead ? { status: 'in_progress', progress: Math.min(progress, 99) } : {}, { kind: 'progress', at, byUserId: user.id, progress: lead ? Math.min(progress, 99) : null, note }, prepared, OPEN);
      }
      if (!ok) throw conflict('task_changed', `task ${id} changed meanwhile; reload it`);
      return this.detail(actor, id);
    },

    /** The assigner confirms the unit's "done" (accept) or sends it back for rework. */
    async confirm(actor: Actor, id: number, input: { accept: boolean; note?: string | undefined }): Promise<TaskDetail> {
      const { user, task } = await load(actor, id);
      if (!isAssigner(user, task)) throw forbidden('only the assigning leader confirms a task done');
      if (task.status !== 'awaiting_confirmation') throw conflict('not_awaiting_confirmation', `task ${id} is ${task.status}, not awaiting confirmation`);
      const at = now();
      const ok = input.accept
        ? await repo.change(id, { status: 'done', completed_at: task.reported_done_at, progress: 100 }, { kind: 'confirmed', at, byUserId: user.id, note: input.note ?? null }, [], ['awaiting_confirmation'])
        : await repo.change(id, { status: 'in_progress', reported_done_at: null, progress: 90 }, { kind: 'confirmation-refused', at, byUserId: user.id, note: input.note ?? null }, [], ['awaiting_confirmation']);
      if (!ok) throw conflict('task_changed', `task ${id} changed meanwhile; reload it`);
      if (!input.accept) await notifyUnit(task, { change: 'task-rework', titleVi: `Yêu cầu thực hiện lại: ${task.title}`, titleEn: `Rework requested: ${task.title}` });
      return this.detail(actor, id);
    },

    async requestExtension(actor: Actor, id: number, input: { newDueDate: string; reason: string }): Promise<TaskDetail> {
      const { user, task } = await load(actor, id);
      if (!isLeadMember(user, task)) throw forbidden('only the lead unit asks for an extension');
      if (!OPEN.includes(task.status)) throw conflict('task_not_open', `task ${id} is ${task.status}`);
      if (!task.due_at) throw badRequest('a standing task (no deadline) needs no extension');
      const newDue = endOfLocalDay(input.newDueDate);
      if (newDue <= new Date(task.due_at)) throw badRequest(`newDueDate ${input.newDueDate} is not later than the current deadline ${localDate(new Date(task.due_at))}`);
      if (await repo.pendingExtension(id)) throw conflict('extension_pending', 'an extension request is already waiting for a decision');
      await repo.requestExtension({ taskId: id, userId: user.id, at: now(), previousDueAt: new Date(task.due_at), newDueAt: newDue, reason: input.reason.trim() });
      await notifyUnit({ lead_unit_id: -1, assignee_id: null }, { change: 'task-extension-requested', titleVi: `Đề nghị gia hạn: ${task.title}`, titleEn: `Extension requested: ${task.title}` }, [task.assigner_id]);
      return this.detail(actor, id);
    },

    /** The assigner's decision. Lateness already incurred (the deadline had passed) stays. */
    async decideExtension(actor: Actor, id: number, input: { extensionId: number; decision: 'approved' | 'rejected'; note?: string | undefined }): Promise<TaskDetail> {
      const { user, task } = await load(actor, id);
      if (!isAssigner(user, task)) throw forbidden('only the assigning leader decides an extension');
      const x = await repo.extension(id, input.extensionId);
      if (!x) throw notFound(`extension ${input.extensionId} of task ${id}`);
      if (x.decision !== 'pending') throw conflict('extension_decided', `extension ${input.extensionId} is already ${x.decision}`);
      const at = now();
      const lateIncurred = input.decision === 'approved' && task.due_at !== null && at > new Date(task.due_at);
      const ok = await repo.decideExtension({
        taskId: id, extensionId: input.extensionId, userId: user.id, at, approved: input.decision === 'approved', note: input.note ?? null,
        newDueAt: new Date(x.new_due_at), lateIncurred,
      });
      if (!ok) throw conflict('extension_decided', `extension ${input.extensionId} was decided meanwhile`);
      return this.detail(actor, id);
    },

    async file(actor: Actor, id: number, fileId: number) {
      await load(actor, id);
      const f = await repo.file(id, fileId);
      if (!f) throw notFound(`file ${fileId} of task ${id}`);
      return f;
    },

    async stats(actor: Actor, q: { unit?: string | undefined; from?: string | undefined; to?: string | undefined }): Promise<TaskStats> {
      const user = userOf(actor);
      if (q.from && q.to && q.from > q.to) throw badRequest('from is after to');
      const units = await unitMaps();
      const unit = q.unit ? unitId(units, q.unit, 'unit') : undefined;
      const at = now();
      const scope = taskScope(user);
      const rows = await repo.bucketCounts({ scope, at, unitId: unit, from: q.from, to: q.to });
      const total = emptyCounts();
      const byUnit = new Map<number, TaskBucketCounts>();
      const byMonth = new Map<string, TaskBucketCounts>();
      for (const r of rows) {
        add(total, r);
        if (!byUnit.has(r.unit_id)) byUnit.set(r.unit_id, emptyCounts());
        add(byUnit.get(r.unit_id)!, r);
        if (r.month) {
          if (!byMonth.has(r.month)) byMonth.set(r.month, emptyCounts());
          add(byMonth.get(r.month)!, r);
        }
      }
      const unitsRanked = [...byUnit.entries()].map(([id, b]) => ({ unit: unitRef(units, id), buckets: b, ...rates(b) }))
        .sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || (b.completionRate ?? -1) - (a.completionRate ?? -1) || b.due - a.due || a.unit.code.localeCompare(b.unit.code))
        .map((u, i) => ({ ...u, rank: i + 1 }));
      const overdue = await repo.overdue({ scope, at, unitId: unit, from: q.from, to: q.to, limit: 200 });
      return {
        from: q.from ?? null, to: q.to ?? null, unit: q.unit ?? null,
        buckets: total, ...rates(total),
        byUnit: unitsRanked,
        monthly: [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, b]) => {
          const r = rates(b);
          return { month, buckets: b, completionRate: r.completionRate, onTimeRate: r.onTimeRate };
        }),
        overdue: overdue.map((o) => ({ id: Number(o.id), title: o.title, unit: unitRef(units, o.lead_unit_id), dueAt: new Date(o.due_at).toISOString(), daysLate: daysBetween(new Date(o.due_at), at) })),
      };
    },

    /**
     * Reminders 7, 3 and 1 days before the deadline and once overdue (to the lead unit's officers
     * and the assignee), the overdue one escalated to the assigning leader. Each stage is sent once.
     */
    async runReminders(): Promise<number> {
      const at = now();
      let sent = 0;
      for (const t of await repo.openWithDeadline()) {
        const due = new Date(t.due_at);
        const left = at > due ? -1 : daysBetween(at, due);
        const stage = left < 0 ? 0 : left <= 1 ? 1 : left <= 3 ? 3 : left <= 7 ? 7 : null;
        if (stage === null || (t.reminded_stage !== null && t.reminded_stage <= stage)) continue;
        const escalate = stage === 0 && !t.escalated_at;
        await repo.markReminded(t.id, stage, escalate, at);
        const vi = stage === 0 ? `Nhiệm vụ quá hạn: ${t.title}` : `Còn ${stage} ngày đến hạn: ${t.title}`;
        const en = stage === 0 ? `Task overdue: ${t.title}` : `${stage} day(s) to the deadline: ${t.title}`;
        await notifyUnit(t, { change: stage === 0 ? 'task-overdue' : 'task-reminder', titleVi: vi, titleEn: en }, escalate ? [t.assigner_id] : []);
        sent++;
      }
      return sent;
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
