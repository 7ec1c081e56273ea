// Periodic reports (chế độ báo cáo), data entry, completeness and consolidated reports (server
// modules reporting; web pages /reporting/*). TypeBox schemas with their static types.
import { Type, type Static } from 'typebox';
import { lit, Nullable } from './schema.ts';

export const REPORT_PERIOD_TYPES = ['month', 'quarter', 'six-month', 'nine-month', 'year'] as const;
export const ELEMENT_TYPES = ['number', 'percent', 'text', 'yesno'] as const;
export const RULE_OPERATORS = ['<=', '<', '>=', '>', '==', '!='] as const;
export const RULE_IMPORTANCE = ['high', 'medium', 'low'] as const;
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'approved', 'accepted', 'rejected'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const REPORT_FORMATS = ['pdf', 'xlsx', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });

/** What cityops already knows, counted per ward over a period's window (a ward types only the rest). */
export const AUTO_SOURCES = ['feedback-received', 'feedback-resolved', 'dossiers-received', 'dossiers-finished', 'dossiers-finished-on-time', 'tasks-done', 'dataset-records'] as const;
export type AutoSource = (typeof AUTO_SOURCES)[number];

export const DisaggregationSchema = Type.Object({
  code: Code,
  nameVi: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  options: Type.Array(Type.Object({ code: Code, nameVi: Type.String({ minLength: 1, maxLength: 100 }), nameEn: Type.String({ minLength: 1, maxLength: 100 }) }), { minItems: 2, maxItems: 12 }),
});

export const DataElementSchema = Type.Object({
  code: Code,
  nameVi: Type.String({ minLength: 1, maxLength: 300 }),
  nameEn: Type.String({ minLength: 1, maxLength: 300 }),
  type: lit(ELEMENT_TYPES),
  unitVi: Type.Optional(Type.String({ maxLength: 50 })),
  unitEn: Type.Optional(Type.String({ maxLength: 50 })),
  compulsory: Type.Boolean(),
  min: Type.Optional(Nullable(Type.Number())),
  disaggregation: Type.Optional(Nullable(DisaggregationSchema)),
  /** Figures the consolidated report and the analysis sum across units (counts) or average (rates). */
  aggregation: Type.Optional(lit(['sum', 'average'] as const)),
  /** DHIS2 data element id (uid) for imports. */
  dhis2: Type.Optional(Type.String({ maxLength: 20 })),
  /** Pulled from cityops's own data (number elements without disaggregation): filled by the server, not typed. */
  auto: Type.Optional(Nullable(Type.Object({ source: lit(AUTO_SOURCES), dataset: Type.Optional(Type.String({ maxLength: 100, description: 'dataset id (dataset-records)' })) }))),
});
export type DataElement = Static<typeof DataElementSchema>;

export const ValidationRuleSchema = Type.Object({
  code: Code,
  nameVi: Type.String({ minLength: 1, maxLength: 300 }),
  nameEn: Type.String({ minLength: 1, maxLength: 300 }),
  left: Type.String({ minLength: 1, maxLength: 300 }),
  operator: lit(RULE_OPERATORS),
  right: Type.String({ minLength: 1, maxLength: 300 }),
  importance: lit(RULE_IMPORTANCE),
  /** A breach stops submission (otherwise it is a warning the reviewer sees). */
  blocking: Type.Boolean(),
});
export type ValidationRule = Static<typeof ValidationRuleSchema>;

export const FormInputSchema = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }),
  titleVi: Type.String({ minLength: 1, maxLength: 300 }),
  titleEn: Type.String({ minLength: 1, maxLength: 300 }),
  periodType: lit(REPORT_PERIOD_TYPES),
  /** First day of a period's window in the month before (Decree 09/2019: 15); 1 = calendar periods. */
  cutoffDay: Type.Integer({ minimum: 1, maximum: 28, default: 15 }),
  deadlineWorkingDays: Type.Integer({ minimum: 0, maximum: 30, default: 2 }),
  graceDays: Type.Integer({ minimum: 0, maximum: 60, default: 5 }),
  /** Area codes of the wards (units) that must report. */
  units: Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 500 }),
  elements: Type.Array(DataElementSchema, { minItems: 1, maxItems: 200 }),
  rules: Type.Array(ValidationRuleSchema, { maxItems: 200 }),
});
export type FormInput = Static<typeof FormInputSchema>;

export const ReportUnitSchema = Type.Object({ areaId: Type.Integer(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String() });
export type ReportUnit = Static<typeof ReportUnitSchema>;

export const ReportFormSchema = Type.Object({
  ...FormInputSchema.properties,
  units: Type.Array(Type.String()),
  id: Type.Integer({ description: 'id of this version' }),
  version: Type.Integer(),
  unitRefs: Type.Array(ReportUnitSchema),
  createdAt: Type.String({ format: 'date-time' }),
  /** The period whose window contains today (the one being entered now). */
  currentPeriod: Type.String(),
});
export type ReportForm = Static<typeof ReportFormSchema>;
export const ReportFormListSchema = Type.Object({ forms: Type.Array(ReportFormSchema) });

export const ReportValueSchema = Type.Union([Type.Number(), Type.String({ maxLength: 5000 }), Type.Boolean(), Type.Null()]);
export type ReportValue = Static<typeof ReportValueSchema>;

export const ReportProblemSchema = Type.Object({
  code: lit(['unknown_element', 'wrong_type', 'out_of_range', 'compulsory_missing', 'rule_failed'] as const),
  element: Nullable(Type.String()),
  rule: Nullable(Type.String()),
  blocking: Type.Boolean(),
  left: Type.Optional(Type.Number()),
  right: Type.Optional(Type.Number()),
});
export type ReportProblem = Static<typeof ReportProblemSchema>;

export const SubmissionEventSchema = Type.Object({
  action: Type.String(), at: Type.String({ format: 'date-time' }), by: Nullable(Type.String()), note: Nullable(Type.String()),
});

export const SubmissionSchema = Type.Object({
  id: Type.Integer(),
  formCode: Type.String(),
  formVersion: Type.Integer(),
  unit: ReportUnitSchema,
  period: Type.String(),
  status: lit(SUBMISSION_STATUSES),
  values: Type.Record(Type.String(), ReportValueSchema),
  firstSubmittedAt: Nullable(Type.String({ format: 'date-time' })),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  approvedAt: Nullable(Type.String({ format: 'date-time' })),
  acceptedAt: Nullable(Type.String({ format: 'date-time' })),
  rejectionReason: Nullable(Type.String()),
  deadline: Type.String({ format: 'date-time' }),
  onTime: Nullable(Type.Boolean()),
  updatedAt: Type.String({ format: 'date-time' }),
  source: Type.String({ description: 'web, dhis2-csv, xlsx or demo' }),
});
export type Submission = Static<typeof SubmissionSchema>;
export const SubmissionListSchema = Type.Object({ submissions: Type.Array(SubmissionSchema), total: Type.Integer() });
export type SubmissionList = Static<typeof SubmissionListSchema>;

export const SubmissionDetailSchema = Type.Object({
  submission: SubmissionSchema,
  events: Type.Array(SubmissionEventSchema),
  problems: Type.Array(ReportProblemSchema),
  can: Type.Object({ edit: Type.Boolean(), submit: Type.Boolean(), approve: Type.Boolean(), accept: Type.Boolean(), reject: Type.Boolean() }),
});
export type SubmissionDetail = Static<typeof SubmissionDetailSchema>;

/** Everything the entry page needs for one form, unit and period. */
export const EntrySchema = Type.Object({
  form: ReportFormSchema,
  unit: ReportUnitSchema,
  period: Type.String(),
  window: Type.Object({ start: Type.String({ format: 'date' }), end: Type.String({ format: 'date' }) }),
  deadline: Type.String({ format: 'date-time' }),
  lockAt: Type.String({ format: 'date-time' }),
  locked: Type.Boolean(),
  lockException: Nullable(Type.String({ format: 'date-time' })),
  previousPeriod: Type.String(),
  previousValues: Type.Record(Type.String(), ReportValueSchema),
  /** Values of the form's automatic elements for this unit and period, as cityops counts them now. */
  autoValues: Type.Record(Type.String(), Type.Number()),
  detail: Nullable(SubmissionDetailSchema),
});
export type Entry = Static<typeof EntrySchema>;

export const SaveValuesSchema = Type.Object({
  form: Type.String(), unit: Type.String(), period: Type.String(),
  values: Type.Record(Type.String(), ReportValueSchema),
});
export const RejectSchema = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export const LockExceptionSchema = Type.Object({
  form: Type.String(), unit: Type.String(), period: Type.String(), until: Type.String({ format: 'date-time' }),
});

const Rate = Type.Object({ expected: Type.Integer(), received: Type.Integer(), onTime: Type.Integer(), reportingRate: Nullable(Type.Number()), onTimeRate: Nullable(Type.Number()) });
export type CompletenessRate = Static<typeof Rate>;
export const CompletenessSchema = Type.Object({
  from: Type.String(), to: Type.String(),
  overall: Rate,
  byForm: Type.Array(Type.Object({ form: Type.String(), titleVi: Type.String(), titleEn: Type.String(), ...Rate.properties })),
  byUnit: Type.Array(Type.Object({ unit: ReportUnitSchema, ...Rate.properties })),
  byPeriod: Type.Array(Type.Object({ period: Type.String(), ...Rate.properties })),
  /** Expected reports not received, or received after the deadline. */
  late: Type.Array(Type.Object({
    form: Type.String(), titleVi: Type.String(), titleEn: Type.String(), unit: ReportUnitSchema, period: Type.String(),
    deadline: Type.String({ format: 'date-time' }), status: Nullable(lit(SUBMISSION_STATUSES)), submittedAt: Nullable(Type.String({ format: 'date-time' })),
  })),
});
export type Completeness = Static<typeof CompletenessSchema>;

export const ImportResultSchema = Type.Object({
  saved: Type.Integer({ description: 'submissions created or updated (as drafts)' }),
  values: Type.Integer(),
  problems: Type.Array(Type.Object({ row: Type.Integer(), code: Type.String(), detail: Type.String() })),
});
export type ImportResult = Static<typeof ImportResultSchema>;

export const AnalysisSchema = Type.Object({
  form: Type.String(), element: Type.String(), nameVi: Type.String(), nameEn: Type.String(), unitVi: Type.String(), unitEn: Type.String(),
  aggregation: lit(['sum', 'average'] as const),
  periods: Type.Array(Type.String()),
  /** City (all units) per period, with last year's same period. */
  series: Type.Array(Type.Object({ period: Type.String(), value: Nullable(Type.Number()), lastYear: Nullable(Type.Number()), change: Nullable(Type.Number()) })),
  byUnit: Type.Array(Type.Object({ unit: ReportUnitSchema, values: Type.Array(Nullable(Type.Number())), total: Nullable(Type.Number()), rank: Type.Integer(), target: Nullable(Type.Number()), submissionIds: Type.Array(Type.Integer()) })),
  year: Type.Integer(),
  yearTotal: Nullable(Type.Number()),
  yearTarget: Nullable(Type.Number()),
});
export type Analysis = Static<typeof AnalysisSchema>;

export const TargetSchema = Type.Object({ form: Type.String(), element: Type.String(), unit: Nullable(Type.String()), year: Type.Integer(), target: Type.Number() });
export type Target = Static<typeof TargetSchema>;

// --- consolidated reports ---------------------------------------------------------------

export const TemplateItemSchema = Type.Object({ form: Type.String(), element: Type.String() });
export const ReportTemplateInputSchema = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }),
  titleVi: Type.String({ minLength: 1, maxLength: 300 }),
  titleEn: Type.String({ minLength: 1, maxLength: 300 }),
  periodType: lit(REPORT_PERIOD_TYPES),
  items: Type.Array(TemplateItemSchema, { minItems: 1, maxItems: 100 }),
  issuerVi: Type.String({ maxLength: 200 }),
  numberSuffix: Type.String({ maxLength: 40, description: 'e.g. BC-TTĐH: the run number is n/suffix' }),
  placeVi: Type.String({ maxLength: 100 }),
  signerTitleVi: Type.String({ maxLength: 200 }),
  signerName: Type.String({ maxLength: 200 }),
  /** Issue automatically on this day of the month at this local time (null: by hand only). */
  schedule: Nullable(Type.Object({ dayOfMonth: Type.Integer({ minimum: 1, maximum: 28 }), hour: Type.Integer({ minimum: 0, maximum: 23 }), minute: Type.Integer({ minimum: 0, maximum: 59 }) })),
  recipientRoles: Type.Array(lit(['admin', 'leader', 'operator', 'officer'] as const)),
  webhookUrl: Nullable(Type.String({ maxLength: 500 })),
});
export type ReportTemplateInput = Static<typeof ReportTemplateInputSchema>;
export const ReportTemplateSchema = Type.Object({ id: Type.Integer(), ...ReportTemplateInputSchema.properties });
export type ReportTemplate = Static<typeof ReportTemplateSchema>;

export const FigureSchema = Type.Object({
  form: Type.String(), element: Type.String(), nameVi: Type.String(), nameEn: Type.String(), unitVi: Type.String(), unitEn: Type.String(),
  value: Nullable(Type.Number()),
  byUnit: Type.Array(Type.Object({ code: Type.String(), nameVi: Type.String(), nameEn: Type.String(), value: Nullable(Type.Number()), submissionId: Nullable(Type.Integer()) })),
});
export type Figure = Static<typeof FigureSchema>;

export const ReportRunSchema = Type.Object({
  id: Type.Integer(), templateId: Type.Integer(), templateCode: Type.String(), titleVi: Type.String(), titleEn: Type.String(),
  period: Type.String(), number: Type.String(), issuedAt: Type.String({ format: 'date-time' }), issuedBy: Nullable(Type.String()),
  scheduled: Type.Boolean(), delivery: Type.Object({ inApp: Type.Integer(), webhook: Nullable(Type.String()) }),
  figures: Type.Array(FigureSchema),
  missing: Type.Array(Type.Object({ form: Type.String(), unit: Type.String() }), { description: 'expected reports without approved values' }),
});
export type ReportRun = Static<typeof ReportRunSchema>;
export const ReportRunListSchema = Type.Object({ runs: Type.Array(ReportRunSchema) });
export type ReportRunList = Static<typeof ReportRunListSchema>;
export const IssueRunSchema = Type.Object({ template: Type.String(), period: Type.String() });
