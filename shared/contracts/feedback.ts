// Citizens' feedback (phản ánh hiện trường): shapes shared by the server and the web client.
// TypeBox schemas (the server's route schemas) with their static types.
import { Type, type Static } from 'typebox';
import { lit, Nullable } from './schema.ts';

export const FEEDBACK_STATUSES = ['received', 'verified', 'rejected', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FEEDBACK_CHANNELS = ['web', 'open311', 'call-centre'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];
export const FEEDBACK_ACTIONS = ['verify', 'reject', 'assign', 'start', 'resolve', 'close'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];
/** Columns the staff inbox sorts by (server-side: `sort` and `order` of GET /api/feedback/reports). */
export const FEEDBACK_SORTS = ['createdAt', 'deadlineAt', 'status', 'category', 'ward', 'unit'] as const;
export type FeedbackSort = (typeof FEEDBACK_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const FeedbackCategorySchema = Type.Object({
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  descriptionVi: Type.String(),
  deadlineDays: Type.Number(),
});
export type FeedbackCategory = Static<typeof FeedbackCategorySchema>;
export const FeedbackCategoryListSchema = Type.Object({ categories: Type.Array(FeedbackCategorySchema) });

export const FeedbackUnitRefSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
});
export type FeedbackUnitRef = Static<typeof FeedbackUnitRefSchema>;

/** What the citizen receives after sending a report. */
export const FeedbackReceiptSchema = Type.Object({
  trackingCode: Type.String(),
  status: lit(FEEDBACK_STATUSES),
  categoryCode: Type.String(),
  wardName: Nullable(Type.String()),
  deadlineAt: Type.String({ format: 'date-time' }),
  location: Type.Object({ lat: Type.Number(), lon: Type.Number(), source: Type.String() }),
  photos: Type.Integer(),
  /** Open reports of the same category nearby (the staff may merge them). */
  possibleDuplicates: Type.Integer({ description: 'open reports of the same category nearby (the staff may merge them)' }),
});
export type FeedbackReceipt = Static<typeof FeedbackReceiptSchema>;

/** The public view of a report: no personal data. */
export const FeedbackPublicViewSchema = Type.Object({
  trackingCode: Type.String(),
  status: lit(FEEDBACK_STATUSES),
  categoryCode: Type.String(),
  categoryNameVi: Type.String(),
  categoryNameEn: Type.String(),
  description: Type.String(),
  wardName: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  deadlineAt: Type.String({ format: 'date-time' }),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  answer: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  canRate: Type.Boolean(),
  /** "Still not fixed": the citizen may reopen the resolved report until `reopenUntil` (same check as rating). */
  canReopen: Type.Boolean({ description: 'the citizen may say "still not fixed" (reopen) until reopenUntil; same check as rating' }),
  reopenUntil: Nullable(Type.String({ format: 'date-time' })),
  /** Rating also needs the last 4 digits of the phone number given with the report (a second factor besides the code). */
  ratingNeedsDigits: Type.Boolean(),
  /** URLs of the photos (`/api/feedback/photos/{token}`, unguessable); none for a rejected report in public views. */
  photoUrls: Type.Array(Type.String(), { description: 'URLs of the photos (/api/feedback/photos/{token}, unguessable); none for a rejected report' }),
  answerPhotoUrls: Type.Array(Type.String()),
  timeline: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), kind: Type.String(), toStatus: Nullable(Type.String()), note: Nullable(Type.String()) })),
});
export type FeedbackPublicView = Static<typeof FeedbackPublicViewSchema>;

export const FeedbackListItemSchema = Type.Object({
  id: Type.Integer(),
  trackingCode: Type.String(),
  status: lit(FEEDBACK_STATUSES),
  categoryCode: Type.String(),
  description: Type.String(),
  channel: lit(FEEDBACK_CHANNELS),
  lat: Type.Number(),
  lon: Type.Number(),
  wardCode: Nullable(Type.String()),
  wardName: Nullable(Type.String()),
  assignedUnit: Nullable(FeedbackUnitRefSchema),
  createdAt: Type.String({ format: 'date-time' }),
  deadlineAt: Type.String({ format: 'date-time' }),
  overdue: Type.Boolean(),
  /** Open and due within the reminder window (FEEDBACK_REMIND_HOURS). */
  dueSoon: Type.Boolean({ description: 'open and due within the reminder window (FEEDBACK_REMIND_HOURS)' }),
  escalated: Type.Boolean(),
  /** Citizens who said "this is my problem too" instead of sending a duplicate. */
  supporters: Type.Integer(),
  /** How often the citizen said "still not fixed". */
  reopenCount: Type.Integer(),
  mergedIntoId: Nullable(Type.Integer()),
  reporterName: Nullable(Type.String()),
  reporterPhone: Nullable(Type.String()),
});
export type FeedbackListItem = Static<typeof FeedbackListItemSchema>;

export const FeedbackEventSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  kind: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  actor: Type.String(),
  unitCode: Nullable(Type.String()),
  note: Nullable(Type.String()),
  /** Staff-only (internal notes and the like): never in the citizen's view nor in Open311. */
  internal: Type.Boolean(),
});
export type FeedbackEvent = Static<typeof FeedbackEventSchema>;

export const FeedbackDetailSchema = Type.Object({
  ...FeedbackListItemSchema.properties,
  address: Nullable(Type.String()),
  locationSource: Type.String(),
  departmentUnit: Nullable(FeedbackUnitRefSchema),
  wardUnit: Nullable(FeedbackUnitRefSchema),
  reporterEmail: Nullable(Type.String()),
  contactMasked: Type.Boolean(),
  rejectReason: Nullable(Type.String()),
  answer: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  /** URLs of the photos (`/api/feedback/photos/{token}`, unguessable); none for a rejected report in public views. */
  photoUrls: Type.Array(Type.String()),
  answerPhotoUrls: Type.Array(Type.String()),
  events: Type.Array(FeedbackEventSchema),
  duplicates: Type.Array(Type.Object({ id: Type.Integer(), trackingCode: Type.String(), status: lit(FEEDBACK_STATUSES), distanceM: Type.Number(), createdAt: Type.String({ format: 'date-time' }) })),
  merged: Type.Array(Type.Object({ id: Type.Integer(), trackingCode: Type.String() })),
  allowedActions: Type.Array(lit(FEEDBACK_ACTIONS)),
});
export type FeedbackDetail = Static<typeof FeedbackDetailSchema>;

/** The complainant's contact, revealed to handlers (audited). */
export const FeedbackContactSchema = Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()) });
export type FeedbackContact = Static<typeof FeedbackContactSchema>;

export const FeedbackStatsRowSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  received: Type.Number(),
  resolved: Type.Number(),
  onTime: Type.Number(),
  onTimePct: Nullable(Type.Number()),
  overdue: Type.Number(),
  avgResolutionHours: Nullable(Type.Number()),
  avgRating: Nullable(Type.Number()),
  ratings: Type.Number(),
});
export type FeedbackStatsRow = Static<typeof FeedbackStatsRowSchema>;

/** GET /api/feedback/stats: one row per key of the grouping, and the total. */
export const FeedbackStatsSchema = Type.Object({
  by: Type.String(),
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(FeedbackStatsRowSchema),
  total: FeedbackStatsRowSchema,
});

/** The staff inbox (GET /api/feedback/reports). */
export const FeedbackListSchema = Type.Object({ total: Type.Number(), reports: Type.Array(FeedbackListItemSchema) });
export type FeedbackList = Static<typeof FeedbackListSchema>;

/** POST /api/feedback/reports/bulk-assign: the outcome per report. */
export const FeedbackBulkAssignSchema = Type.Object({
  results: Type.Array(Type.Object({
    id: Type.Integer(),
    ok: Type.Boolean(),
    error: Type.Optional(Type.String()),
    /** The error code (worded by the client), e.g. `bad_transition`, `not_found`, `forbidden`. */
    code: Type.Optional(Type.String()),
  })),
});
export type FeedbackBulkAssign = Static<typeof FeedbackBulkAssignSchema>;

/** A canned reply (mẫu trả lời): data the admin edits, inserted into an answer by the staff. */
export const FeedbackCannedReplySchema = Type.Object({
  id: Type.Integer(),
  titleVi: Type.String(),
  titleEn: Type.String(),
  /** The reply text, in Vietnamese (answers to citizens are in Vietnamese). */
  bodyVi: Type.String({ description: 'the reply text, in Vietnamese (answers to citizens are in Vietnamese)' }),
  sortOrder: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
});
export type FeedbackCannedReply = Static<typeof FeedbackCannedReplySchema>;
export const FeedbackCannedReplyListSchema = Type.Object({ replies: Type.Array(FeedbackCannedReplySchema) });
export const FeedbackCannedReplyInputSchema = Type.Object({
  titleVi: Type.String({ minLength: 1, maxLength: 120 }),
  titleEn: Type.String({ minLength: 1, maxLength: 120 }),
  bodyVi: Type.String({ minLength: 5, maxLength: 4000 }),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
}, { additionalProperties: false });
export type FeedbackCannedReplyInput = Static<typeof FeedbackCannedReplyInputSchema>;

/** An open report near a point, as a citizen sees it before sending theirs: no personal data, no free text. */
export const FeedbackNearbyItemSchema = Type.Object({
  /** The public id (`r123`), as on the public map and in Open311. */
  id: Type.String({ description: 'the public id (r123), as on the public map and in Open311' }),
  categoryCode: Type.String(),
  categoryNameVi: Type.String(),
  categoryNameEn: Type.String(),
  status: lit(FEEDBACK_STATUSES),
  /** Rounded to 10 m. */
  distanceM: Type.Number({ description: 'rounded to 10 m' }),
  createdAt: Type.String({ format: 'date-time' }),
  supporters: Type.Integer(),
});
export type FeedbackNearbyItem = Static<typeof FeedbackNearbyItemSchema>;
export const FeedbackNearbySchema = Type.Object({ radiusM: Type.Number(), reports: Type.Array(FeedbackNearbyItemSchema) });
export type FeedbackNearby = Static<typeof FeedbackNearbySchema>;

/** POST /api/feedback/jobs/deadlines: what the check did. */
export const FeedbackDeadlineRunSchema = Type.Object({ reminded: Type.Number(), escalated: Type.Number(), closed: Type.Number() });

export const FeedbackRoutingRuleSchema = Type.Object({
  id: Type.Integer(),
  categoryCode: Type.String(),
  /** null: the category's rule (any ward); a ward code: the ward-specific rule, which wins. */
  wardCode: Nullable(Type.String({ description: "null: the category's rule (any ward); a ward code: the ward-specific rule, which wins" })),
  unitCode: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
});
export type FeedbackRoutingRule = Static<typeof FeedbackRoutingRuleSchema>;
export const FeedbackRoutingRuleListSchema = Type.Object({ rules: Type.Array(FeedbackRoutingRuleSchema) });

export const Open311KeySchema = Type.Object({
  id: Type.Integer(),
  appName: Type.String(),
  contact: Nullable(Type.String()),
  /** The first characters of the key; the key itself is shown once, when issued. */
  keyHint: Type.String({ description: 'the first characters of the key; the key itself is shown once, when issued' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type Open311Key = Static<typeof Open311KeySchema>;
export const Open311KeyListSchema = Type.Object({ keys: Type.Array(Open311KeySchema) });

/** What the call-centre intake answers: the receipt, and the suggestion when no category was sent. */
export const CallCentreReceiptSchema = Type.Object({
  ...FeedbackReceiptSchema.properties,
  id: Type.Integer(),
  categorySuggested: Nullable(Type.Object({
    category: Type.String(),
    confidence: Type.Number(),
    ranking: Type.Array(Type.Object({ category: Type.String(), probability: Type.Number() })),
  })),
});
export type CallCentreReceipt = Static<typeof CallCentreReceiptSchema>;

export const FeedbackPublicPointSchema = Type.Object({
  /** A public id (`r123`): the tracking code is the citizen's credential and is never published. */
  id: Type.String(),
  categoryCode: Type.String(),
  status: lit(FEEDBACK_STATUSES),
  /** Rounded to ~100 m. */
  lat: Type.Number({ description: 'rounded to ~100 m' }),
  lon: Type.Number(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type FeedbackPublicPoint = Static<typeof FeedbackPublicPointSchema>;
export const FeedbackPublicMapSchema = Type.Object({ points: Type.Array(FeedbackPublicPointSchema) });
