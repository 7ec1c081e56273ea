// Tasks (chỉ đạo điều hành): what leaders assign to units, tracked to the end (server module
// tasks, web pages /tasks and /direction). TypeBox schemas with their static types.
import { Type, type Static } from 'typebox';
import { lit, Nullable } from './schema.ts';

export const TASK_STATUSES = ['open', 'in_progress', 'awaiting_confirmation', 'done', 'refused', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Official reporting buckets (report 1270/BC-TCTTTg, 2017) plus standing tasks (no deadline). */
export const TASK_BUCKETS = ['done-on-time', 'done-late', 'open-in-time', 'open-overdue', 'standing'] as const;
export type TaskBucket = (typeof TASK_BUCKETS)[number];
export const TASK_SOURCES = ['document', 'meeting', 'manual'] as const;

const UnitRef = Type.Object({ id: Type.Integer(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String() });
const UserRef = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });

export const TaskSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  content: Type.String(),
  sourceKind: lit(TASK_SOURCES),
  sourceDocumentId: Nullable(Type.Integer()),
  sourceDocumentLabel: Nullable(Type.String({ description: 'số/ký hiệu and subject of the source document' })),
  sourceNote: Nullable(Type.String()),
  assigner: UserRef,
  leadUnit: UnitRef,
  coordinatingUnits: Type.Array(UnitRef),
  assignee: Nullable(UserRef),
  parentId: Nullable(Type.Integer()),
  priority: Type.Integer({ minimum: 1, maximum: 3 }),
  originalDueAt: Nullable(Type.String({ format: 'date-time' })),
  dueAt: Nullable(Type.String({ format: 'date-time' })),
  status: lit(TASK_STATUSES),
  bucket: Nullable(lit(TASK_BUCKETS)),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  reportedDoneAt: Nullable(Type.String({ format: 'date-time' })),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
  lateIncurred: Type.Boolean(),
  /** Whole days past the deadline (open: until now; done: until the reported completion). */
  daysLate: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Task = Static<typeof TaskSchema>;

export const TaskEventSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'created, progress, done-reported, confirmed, confirmation-refused, refused, reassigned, extension-requested, extension-approved, extension-rejected, reminder, escalated, cancelled, updated' }),
  at: Type.String({ format: 'date-time' }),
  by: Nullable(UserRef),
  progress: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
  files: Type.Array(Type.Object({ id: Type.Integer(), filename: Type.String(), mediaType: Type.String(), bytes: Type.Integer(), sha256: Type.String() })),
});
export type TaskEvent = Static<typeof TaskEventSchema>;

export const TaskExtensionSchema = Type.Object({
  id: Type.Integer(),
  requestedBy: UserRef,
  requestedAt: Type.String({ format: 'date-time' }),
  previousDueAt: Type.String({ format: 'date-time' }),
  newDueAt: Type.String({ format: 'date-time' }),
  reason: Type.String(),
  decision: lit(['pending', 'approved', 'rejected'] as const),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decisionNote: Nullable(Type.String()),
});
export type TaskExtension = Static<typeof TaskExtensionSchema>;

export const TaskDetailSchema = Type.Object({
  task: TaskSchema,
  subtasks: Type.Array(TaskSchema),
  events: Type.Array(TaskEventSchema),
  extensions: Type.Array(TaskExtensionSchema),
  /** What the caller may do now. */
  can: Type.Object({
    progress: Type.Boolean(), reportDone: Type.Boolean(), confirm: Type.Boolean(), refuse: Type.Boolean(),
    requestExtension: Type.Boolean(), decideExtension: Type.Boolean(), edit: Type.Boolean(), addSubtask: Type.Boolean(),
  }),
});
export type TaskDetail = Static<typeof TaskDetailSchema>;

export const TaskListSchema = Type.Object({ tasks: Type.Array(TaskSchema), total: Type.Integer() });
export type TaskList = Static<typeof TaskListSchema>;

export const TaskCreateSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 500 }),
  content: Type.Optional(Type.String({ maxLength: 20000 })),
  sourceKind: Type.Optional(lit(TASK_SOURCES)),
  sourceDocumentId: Type.Optional(Type.Integer({ minimum: 1 })),
  sourceNote: Type.Optional(Type.String({ maxLength: 1000 })),
  leadUnitCode: Type.String({ minLength: 1, maxLength: 100, description: 'exactly one lead unit (chủ trì)' }),
  coordinatingUnitCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  assigneeUsername: Type.Optional(Type.String({ maxLength: 100, description: 'an officer of the lead unit (sub-tasks)' })),
  parentId: Type.Optional(Type.Integer({ minimum: 1 })),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  dueDate: Type.Optional(Type.String({ format: 'date', description: 'deadline: the end of this day (Ho Chi Minh City time)' })),
  dueWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'deadline in working days from today (weekends and Vietnamese public holidays skipped)' })),
}, { additionalProperties: false });
export type TaskCreate = Static<typeof TaskCreateSchema>;

export const TaskUpdateSchema = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  content: Type.Optional(Type.String({ maxLength: 20000 })),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  leadUnitCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'reassign (after a refusal, or by the assigner)' })),
  coordinatingUnitCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  status: Type.Optional(lit(['cancelled'] as const)),
}, { additionalProperties: false });
export type TaskUpdate = Static<typeof TaskUpdateSchema>;

export const TaskProgressSchema = Type.Object({
  progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  note: Type.String({ minLength: 1, maxLength: 5000 }),
  /** done: the lead unit reports the task done (waits for the assigner's confirmation); refuse: the lead unit refuses the task. */
  action: Type.Optional(lit(['report', 'done', 'refuse'] as const)),
});

export const TaskExtensionRequestSchema = Type.Object({
  newDueDate: Type.String({ format: 'date' }),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
}, { additionalProperties: false });
export const TaskExtensionDecisionSchema = Type.Object({
  decision: lit(['approved', 'rejected'] as const),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });
export const TaskConfirmSchema = Type.Object({
  accept: Type.Boolean({ description: 'true: done is confirmed; false: back to the unit for rework' }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

const BucketCounts = Type.Object({
  doneOnTime: Type.Integer(), doneLate: Type.Integer(), openInTime: Type.Integer(), openOverdue: Type.Integer(), standing: Type.Integer(),
});
export const TaskStatsSchema = Type.Object({
  from: Nullable(Type.String({ format: 'date' })),
  to: Nullable(Type.String({ format: 'date' })),
  unit: Nullable(Type.String()),
  buckets: BucketCounts,
  /** Tasks due = done + open overdue (official definition). */
  due: Type.Integer(),
  /** done ÷ (done + open overdue), in % (null when nothing is due). */
  completionRate: Nullable(Type.Number()),
  /** done on time ÷ tasks due, in %. */
  onTimeRate: Nullable(Type.Number()),
  byUnit: Type.Array(Type.Object({
    unit: UnitRef, buckets: BucketCounts, due: Type.Integer(), completionRate: Nullable(Type.Number()), onTimeRate: Nullable(Type.Number()), rank: Type.Integer(),
  })),
  monthly: Type.Array(Type.Object({
    month: Type.String({ description: 'YYYY-MM of the deadline' }), buckets: BucketCounts, completionRate: Nullable(Type.Number()), onTimeRate: Nullable(Type.Number()),
  })),
  overdue: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), unit: UnitRef, dueAt: Type.String({ format: 'date-time' }), daysLate: Type.Integer() })),
});
export type TaskStats = Static<typeof TaskStatsSchema>;
export type TaskBucketCounts = Static<typeof BucketCounts>;
