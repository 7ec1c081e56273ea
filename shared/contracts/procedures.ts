// Administrative procedures and public services (server module procedures, web pages under
// /procedures and the public /thu-tuc pages): catalogue, dossiers in the national portal's
// field names, the Decision 766 index, the watch list, public lookup and ratings.
import { Type, type Static } from 'typebox';
import { lit, Nullable } from './schema.ts';

export const PROCEDURE_LEVELS = ['commune', 'province', 'ministry'] as const;
export const TIME_UNITS = ['hours', 'days', 'working_days', 'months'] as const;
export const ONLINE_KINDS = ['none', 'partial', 'full'] as const;
/** TrangThaiHoSo: the portal's ten status codes. */
export const DOSSIER_STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
/** Statuses after which the dossier's handling has ended (NgayKetThucXuLy is then expected). */
export const ENDED_STATUSES = [8, 9, 10] as const;

export const ProcedureSchema = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 60, description: 'MaTTHC' }),
  name: Type.String({ minLength: 1, maxLength: 1000 }),
  field: Nullable(Type.String({ maxLength: 300 })),
  level: lit(PROCEDURE_LEVELS),
  timeLimit: Nullable(Type.Number({ minimum: 0 })),
  timeUnit: lit(TIME_UNITS),
  fee: Nullable(Type.Number({ minimum: 0, description: 'VND; null or 0 when free' })),
  paperResult: Type.Boolean(),
  online: lit(ONLINE_KINDS),
  onlinePayment: Type.Boolean(),
  published: Type.Boolean(),
});
export type Procedure = Static<typeof ProcedureSchema>;

export const SupplementSchema = Type.Object({
  requestedAt: Type.String({ format: 'date-time' }),
  suppliedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const DossierSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  procedureCode: Type.String(),
  procedureName: Nullable(Type.String()),
  channel: Nullable(Type.Integer({ description: 'KenhThucHien: 1 in person, 2 online, 3 post' })),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  receivedAt: Nullable(Type.String({ format: 'date-time' })),
  dueAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  status: Type.Integer({ minimum: 1, maximum: 10 }),
  supplements: Type.Array(SupplementSchema),
  paidOnline: Type.Boolean(),
  digitised: Type.Boolean(),
  eResult: Type.Boolean(),
  unitCode: Nullable(Type.String()),
  wardCode: Nullable(Type.String()),
  officialCode: Nullable(Type.String()),
  officialName: Nullable(Type.String()),
  applicantName: Nullable(Type.String()),
  applicantPhone: Nullable(Type.String()),
  /** Whether applicant's data is shown in clear (roles that need it) or masked. */
  masked: Type.Boolean(),
});
export type Dossier = Static<typeof DossierSchema>;

export const DossierListSchema = Type.Object({ total: Type.Integer(), dossiers: Type.Array(DossierSchema) });
export type DossierList = Static<typeof DossierListSchema>;

export const RejectedRowSchema = Type.Object({ row: Type.Integer(), reasons: Type.Array(Type.String()), data: Type.Record(Type.String(), Type.Unknown()) });
export const IngestResultSchema = Type.Object({
  batch: Type.String(),
  received: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Array(RejectedRowSchema),
});
export type IngestResult = Static<typeof IngestResultSchema>;

export const ProcedureImportResultSchema = Type.Object({ received: Type.Integer(), stored: Type.Integer(), rejected: Type.Array(RejectedRowSchema) });
export type ProcedureImportResult = Static<typeof ProcedureImportResultSchema>;

export const INDICATOR_GROUPS = [1, 2, 3, 4, 5] as const;

export const IndicatorSchema = Type.Object({
  /** Decision 766 numbering: 2.1, 2.2, 3.1, … */
  id: Type.String(),
  group: Type.Integer(),
  numerator: Type.Number(),
  denominator: Type.Number(),
  /** Percent (0–100), null when the denominator is 0 (not applicable). */
  rate: Nullable(Type.Number()),
  maxPoints: Type.Number(),
  /** The rate at which the full points are reached (percent). */
  threshold: Type.Number(),
  points: Nullable(Type.Number()),
  /** What the drill-down lists: dossiers or procedures. */
  drill: lit(['dossiers', 'procedures'] as const),
});
export type Indicator = Static<typeof IndicatorSchema>;

export const GRADES = ['excellent', 'good', 'average', 'weak'] as const;
export type Grade = (typeof GRADES)[number];

export const ScorecardSchema = Type.Object({
  /** unit code, ward code, or null for the whole scope. */
  key: Nullable(Type.String()),
  nameVi: Nullable(Type.String()),
  nameEn: Nullable(Type.String()),
  indicators: Type.Array(IndicatorSchema),
  points: Type.Number(),
  /** Sum of the maximum points of the indicators the data allows (not applicable ones left out). */
  maxPoints: Type.Number(),
  /** points ÷ maxPoints × 100. */
  total: Nullable(Type.Number()),
  grade: Nullable(lit(GRADES)),
  dossiers: Type.Integer(),
  averageHandlingDays: Nullable(Type.Number()),
  averageRating: Nullable(Type.Number()),
});
export type Scorecard = Static<typeof ScorecardSchema>;

export const IndexAnswerSchema = Type.Object({
  period: Type.String(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  by: lit(['none', 'unit', 'area'] as const),
  scorecards: Type.Array(ScorecardSchema),
});
export type IndexAnswer = Static<typeof IndexAnswerSchema>;

export const DrillRowSchema = Type.Object({
  code: Type.String(),
  label: Nullable(Type.String()),
  /** Counted in the numerator. */
  counted: Type.Boolean(),
  /** Dossiers: due date, end of handling (or the period's end when still open), supplementary requests, channel, rating. */
  dueAt: Nullable(Type.String({ format: 'date-time' })),
  endAt: Nullable(Type.String({ format: 'date-time' })),
  ended: Nullable(Type.Boolean()),
  supplements: Nullable(Type.Integer()),
  channel: Nullable(Type.Integer()),
  rating: Nullable(Type.Integer()),
  /** Procedures: average handling time and legal limit in the procedure's unit; online kind; fee. */
  average: Nullable(Type.Number()),
  timeLimit: Nullable(Type.Number()),
  timeUnit: Nullable(lit(TIME_UNITS)),
  online: Nullable(lit(ONLINE_KINDS)),
});
export const DrillAnswerSchema = Type.Object({
  indicator: Type.String(),
  kind: lit(['dossiers', 'procedures'] as const),
  total: Type.Integer(),
  rows: Type.Array(DrillRowSchema),
});
export type DrillAnswer = Static<typeof DrillAnswerSchema>;

export const WatchRowSchema = Type.Object({
  unitCode: Nullable(Type.String()),
  unitNameVi: Nullable(Type.String()),
  unitNameEn: Nullable(Type.String()),
  dueToday: Type.Integer(),
  dueSoon: Type.Integer(),
  overdue: Type.Integer(),
  open: Type.Integer(),
});
export const WatchAnswerSchema = Type.Object({
  day: Type.String({ format: 'date' }),
  units: Type.Array(WatchRowSchema),
  intake: Type.Array(Type.Object({ channel: Nullable(Type.Integer()), count: Type.Integer() })),
  trend: Type.Array(Type.Object({ month: Type.String(), received: Type.Integer(), online: Type.Integer(), onTimeRate: Nullable(Type.Number()) })),
  alerts: Type.Array(Type.Object({ dossierCode: Type.String(), kind: lit(['due_soon', 'overdue'] as const), unitCode: Nullable(Type.String()), dueAt: Nullable(Type.String({ format: 'date-time' })), createdAt: Type.String({ format: 'date-time' }) })),
});
export type WatchAnswer = Static<typeof WatchAnswerSchema>;

export const PublicStepSchema = Type.Object({
  kind: lit(['submitted', 'received', 'supplement_requested', 'supplement_given', 'finished'] as const),
  at: Type.String({ format: 'date-time' }),
});
export const PublicDossierSchema = Type.Object({
  code: Type.String(),
  procedureCode: Type.String(),
  procedureName: Nullable(Type.String()),
  status: Type.Integer(),
  channel: Nullable(Type.Integer()),
  unitNameVi: Nullable(Type.String()),
  unitNameEn: Nullable(Type.String()),
  wardNameVi: Nullable(Type.String()),
  wardNameEn: Nullable(Type.String()),
  dueAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  steps: Type.Array(PublicStepSchema),
  canRate: Type.Boolean(),
  rated: Type.Boolean(),
  officialName: Nullable(Type.String()),
});
export type PublicDossier = Static<typeof PublicDossierSchema>;

export const RatingBodySchema = Type.Object({
  phoneLast4: Type.String({ pattern: '^\\d{4}$', description: 'last 4 digits of the applicant phone number' }),
  serviceScore: Type.Integer({ minimum: 1, maximum: 5 }),
  officialScore: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });
export type RatingBody = Static<typeof RatingBodySchema>;

export const OfficialRankSchema = Type.Object({
  officialCode: Type.String(),
  officialName: Nullable(Type.String()),
  unitCode: Nullable(Type.String()),
  unitNameVi: Nullable(Type.String()),
  unitNameEn: Nullable(Type.String()),
  ratings: Type.Integer(),
  averageOfficialScore: Type.Number(),
  averageServiceScore: Type.Number(),
});
export const OfficialRankingSchema = Type.Object({ period: Nullable(Type.String()), officials: Type.Array(OfficialRankSchema) });
export type OfficialRanking = Static<typeof OfficialRankingSchema>;
