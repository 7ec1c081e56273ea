// Citizens' feedback (phản ánh hiện trường): shapes shared by the server and the web client.

export const FEEDBACK_STATUSES = ['received', 'verified', 'rejected', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FEEDBACK_CHANNELS = ['web', 'open311', 'call-centre'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];
export const FEEDBACK_ACTIONS = ['verify', 'reject', 'assign', 'start', 'resolve', 'close'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

export interface FeedbackCategory {
  code: string;
  nameVi: string;
  nameEn: string;
  descriptionVi: string;
  deadlineDays: number;
}

export interface FeedbackUnitRef {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string;
}

/** What the citizen receives after sending a report. */
export interface FeedbackReceipt {
  trackingCode: string;
  status: FeedbackStatus;
  categoryCode: string;
  wardName: string | null;
  deadlineAt: string;
  location: { lat: number; lon: number; source: string };
  photos: number;
  /** Open reports of the same category nearby (the staff may merge them). */
  possibleDuplicates: number;
}

/** The public view of a report: no personal data. */
export interface FeedbackPublicView {
  trackingCode: string;
  status: FeedbackStatus;
  categoryCode: string;
  categoryNameVi: string;
  categoryNameEn: string;
  description: string;
  wardName: string | null;
  createdAt: string;
  deadlineAt: string;
  resolvedAt: string | null;
  answer: string | null;
  rejectReason: string | null;
  rating: number | null;
  ratingComment: string | null;
  canRate: boolean;
  /** URLs of the photos (`/api/feedback/photos/{token}`, unguessable); none for a rejected report in public views. */
  photoUrls: string[];
  answerPhotoUrls: string[];
  timeline: { at: string; kind: string; toStatus: string | null; note: string | null }[];
}

export interface FeedbackListItem {
  id: number;
  trackingCode: string;
  status: FeedbackStatus;
  categoryCode: string;
  description: string;
  channel: FeedbackChannel;
  lat: number;
  lon: number;
  wardCode: string | null;
  wardName: string | null;
  assignedUnit: FeedbackUnitRef | null;
  createdAt: string;
  deadlineAt: string;
  overdue: boolean;
  escalated: boolean;
  mergedIntoId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
}

export interface FeedbackEvent {
  at: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: string;
  unitCode: string | null;
  note: string | null;
}

export interface FeedbackDetail extends FeedbackListItem {
  address: string | null;
  locationSource: string;
  departmentUnit: FeedbackUnitRef | null;
  wardUnit: FeedbackUnitRef | null;
  reporterEmail: string | null;
  contactMasked: boolean;
  rejectReason: string | null;
  answer: string | null;
  rating: number | null;
  ratingComment: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** URLs of the photos (`/api/feedback/photos/{token}`, unguessable); none for a rejected report in public views. */
  photoUrls: string[];
  answerPhotoUrls: string[];
  events: FeedbackEvent[];
  duplicates: { id: number; trackingCode: string; status: FeedbackStatus; distanceM: number; createdAt: string }[];
  merged: { id: number; trackingCode: string }[];
  allowedActions: FeedbackAction[];
}

export interface FeedbackStatsRow {
  key: string;
  label: string;
  received: number;
  resolved: number;
  onTime: number;
  onTimePct: number | null;
  overdue: number;
  avgResolutionHours: number | null;
  avgRating: number | null;
  ratings: number;
}

export interface FeedbackRoutingRule {
  id: number;
  categoryCode: string;
  /** null: the category's rule (any ward); a ward code: the ward-specific rule, which wins. */
  wardCode: string | null;
  unitCode: string;
  updatedAt: string;
  updatedBy: string;
}

export interface Open311Key {
  id: number;
  appName: string;
  contact: string | null;
  /** The first characters of the key; the key itself is shown once, when issued. */
  keyHint: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

/** What the call-centre intake answers: the receipt, and the suggestion when no category was sent. */
export interface CallCentreReceipt extends FeedbackReceipt {
  id: number;
  categorySuggested: { category: string; confidence: number } | null;
}

export interface FeedbackPublicPoint {
  trackingCode: string;
  categoryCode: string;
  status: FeedbackStatus;
  /** Rounded to ~100 m. */
  lat: number;
  lon: number;
  createdAt: string;
}
