// Epidemics (issue 19): outbreaks, cases and contacts, chains, ward levels, green certificates,
// places, capacity, vaccination and welfare. TypeBox schemas with their static types.
import { Type, type Static } from 'typebox';
import { lit, Nullable } from './schema.ts';

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const CASE_CLASSIFICATIONS = ['suspect', 'probable', 'confirmed', 'not_a_case'] as const;
export const TREATMENT_PLACES = ['home', 'ward_station', 'mobile_station', 'hospital'] as const;
export const OUTCOMES = ['active', 'recovered', 'died'] as const;
export const SEVERITIES = ['mild', 'moderate', 'severe', 'critical'] as const;
export const EXPOSURE_TYPES = ['household', 'workplace', 'community', 'healthcare', 'travel', 'other'] as const;
export const CERTAINTIES = ['low', 'medium', 'high'] as const;
export const FOLLOW_UP_STATUSES = ['under_follow_up', 'completed', 'lost', 'became_case', 'stopped'] as const;
export const VISIT_STATUSES = ['due', 'seen_ok', 'seen_symptomatic', 'missed', 'cancelled'] as const;
export const LEVEL_METRICS = [
  'incidence', 'deathsPer100k', 'severePer100k', 'adultsDose1Share', 'adultsFullShare', 'elderlyFullShare', 'bedOccupancy', 'icuFreePer100k', 'oxygenAvailableShare',
] as const;
export const GREEN_SUBJECTS = ['residential_group', 'household', 'business'] as const;
export const ZONE_KINDS = ['lockdown', 'quarantine', 'exposure_place'] as const;

const Question = Type.Object({ key: Type.String({ maxLength: 60 }), labelVi: Type.String({ maxLength: 200 }), labelEn: Type.String({ maxLength: 200 }), type: lit(['text', 'number', 'date', 'boolean', 'choice'] as const), options: Type.Optional(Type.Array(Type.String({ maxLength: 100 }))) });

const OutbreakBase = {
  code: Type.String({ minLength: 2, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
  disease: Type.String({ minLength: 2, maxLength: 40, description: 'covid-19, dengue, …' }),
  nameVi: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  areaCodes: Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 200 }),
  startsOn: Day,
  followUpDays: Type.Integer({ minimum: 1, maximum: 60 }),
  followUpsPerDay: Type.Integer({ minimum: 1, maximum: 4 }),
};
export const OutbreakInputSchema = Type.Object({
  ...OutbreakBase,
  endsOn: Type.Optional(Nullable(Day)),
  classifications: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 10 })),
  lostAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
  caseForm: Type.Optional(Type.Array(Question, { maxItems: 50 })),
  contactForm: Type.Optional(Type.Array(Question, { maxItems: 50 })),
  followUpForm: Type.Optional(Type.Array(Question, { maxItems: 50 })),
});
export type OutbreakInput = Static<typeof OutbreakInputSchema>;
export const OutbreakSchema = Type.Object({
  ...OutbreakBase,
  id: Type.Integer(), endsOn: Nullable(Day), classifications: Type.Array(Type.String()), lostAfterDays: Type.Integer(),
  caseForm: Type.Array(Question), contactForm: Type.Array(Question), followUpForm: Type.Array(Question),
  closed: Type.Boolean(), synthetic: Type.Boolean(), cases: Type.Integer(), contacts: Type.Integer(),
  teams: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), wardCode: Type.String() })),
  /** The outbreak's wards with their names (today's units): `name` Vietnamese (short), `nameEn` English. */
  wards: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() })),
});
export type Outbreak = Static<typeof OutbreakSchema>;

const Identity = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
};
const Residence = {
  sex: Type.Optional(Nullable(lit(['male', 'female', 'other'] as const))),
  age: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 130 }))),
  lon: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  wardCode: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'found from the point when omitted' }))),
  residentialGroup: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  householdKey: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'natural key of the household in the data hub' }))),
  workplaceKey: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'natural key of a business in the data hub' }))),
  answers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
};
const CaseFields = {
  classification: Type.String({ maxLength: 40 }),
  onsetOn: Type.Optional(Nullable(Day)),
  onsetApproximate: Type.Optional(Type.Boolean()),
  confirmedOn: Type.Optional(Nullable(Day)),
  community: Type.Optional(Type.Boolean({ description: 'found in the community (not already in quarantine)' })),
  treatmentPlace: Type.Optional(Nullable(lit(TREATMENT_PLACES))),
  severity: Type.Optional(Nullable(lit(SEVERITIES))),
  outcome: Type.Optional(Nullable(lit(OUTCOMES))),
  outcomeOn: Type.Optional(Nullable(Day)),
  vaccineDoses: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
};
export const CaseInputSchema = Type.Object({ ...Identity, ...Residence, ...CaseFields });
export type CaseInput = Static<typeof CaseInputSchema>;
export const ContactInputSchema = Type.Object({
  ...Identity, ...Residence,
  sourceCode: Type.String({ maxLength: 40, description: 'code of the case (or contact) they were exposed to' }),
  exposureType: lit(EXPOSURE_TYPES),
  contactOn: Day,
  contactDateEstimated: Type.Optional(Type.Boolean()),
  certainty: lit(CERTAINTIES),
  riskLevel: Type.Optional(Nullable(lit(CERTAINTIES))),
  clusterCode: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
});
export type ContactInput = Static<typeof ContactInputSchema>;
export const ConvertInputSchema = Type.Object(CaseFields);
export type ConvertInput = Static<typeof ConvertInputSchema>;

export const PersonSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  outbreakId: Type.Integer(),
  kind: lit(['case', 'contact'] as const),
  /** Masked unless the role needs the identity. */
  name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
  address: Nullable(Type.String()),
  masked: Type.Boolean(),
  sex: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  wardCode: Nullable(Type.String()),
  residentialGroup: Nullable(Type.String()),
  householdKey: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  classification: Nullable(Type.String()),
  onsetOn: Nullable(Day),
  onsetApproximate: Type.Boolean(),
  confirmedOn: Nullable(Day),
  becameCaseOn: Nullable(Day),
  wasContact: Type.Boolean(),
  community: Type.Boolean(),
  treatmentPlace: Nullable(Type.String()),
  severity: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  outcomeOn: Nullable(Day),
  vaccineDoses: Type.Integer(),
  followUpFrom: Nullable(Day),
  followUpTo: Nullable(Day),
  followUpStatus: Nullable(Type.String()),
  teamId: Nullable(Type.Integer()),
});
export type Person = Static<typeof PersonSchema>;
export const PersonListSchema = Type.Object({ total: Type.Integer(), persons: Type.Array(PersonSchema) });
export type PersonList = Static<typeof PersonListSchema>;

export const FollowUpSchema = Type.Object({
  id: Type.Integer(), personId: Type.Integer(), personCode: Type.String(), dueOn: Day, dayIndex: Type.Integer(), seq: Type.Integer(),
  teamId: Nullable(Type.Integer()), status: lit(VISIT_STATUSES),
});
export type FollowUp = Static<typeof FollowUpSchema>;
export const PersonDetailSchema = Type.Object({
  person: PersonSchema,
  followUps: Type.Array(FollowUpSchema),
  exposures: Type.Array(Type.Object({ sourceCode: Type.String(), targetCode: Type.String(), contactOn: Day, certainty: Type.String(), exposureType: Type.String() })),
  labResults: Type.Array(Type.Object({ id: Type.Integer(), sampledOn: Day, resultOn: Nullable(Day), testType: Type.String(), result: Type.String() })),
  calls: Type.Array(Type.Object({ at: Type.String(), line: Type.String(), reason: Type.String(), note: Nullable(Type.String()) })),
});
export type PersonDetail = Static<typeof PersonDetailSchema>;
export const VisitInputSchema = Type.Object({ status: lit(['seen_ok', 'seen_symptomatic', 'missed'] as const), answers: Type.Optional(Type.Record(Type.String(), Type.Unknown())) });
export const LabInputSchema = Type.Object({ sampledOn: Day, resultOn: Type.Optional(Nullable(Day)), testType: Type.Optional(Type.String({ maxLength: 40 })), sampleType: Type.Optional(Type.String({ maxLength: 40 })), result: lit(['pending', 'positive', 'negative', 'inconclusive'] as const), lab: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) });
export const CallInputSchema = Type.Object({ line: Type.String({ maxLength: 40, description: 'e.g. 1022-3' }), reason: Type.String({ maxLength: 60 }), note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) });

/** A contact supervisor's day: per team, contacts due, visited, missed, lost, turned symptomatic. */
export const SupervisorDaySchema = Type.Object({
  day: Day,
  teams: Type.Array(Type.Object({
    teamId: Type.Integer(), code: Type.String(), name: Type.String(), wardCode: Type.String(),
    due: Type.Integer(), visited: Type.Integer(), missed: Type.Integer(), pending: Type.Integer(), lost: Type.Integer(), symptomatic: Type.Integer(), underFollowUp: Type.Integer(),
    contacts: Type.Array(Type.Object({ personId: Type.Integer(), code: Type.String(), daysLeft: Type.Integer(), visitsDone: Type.Integer(), visitsMissed: Type.Integer(), lost: Type.Boolean(), todayStatus: Nullable(Type.String()) })),
  })),
});
export type SupervisorDay = Static<typeof SupervisorDaySchema>;

// ── Chains ──
export const ChainSchema = Type.Object({
  id: Type.Integer(), rootCode: Type.String(), size: Type.Integer(), cases: Type.Integer(), contacts: Type.Integer(), generations: Type.Integer(),
  firstCaseOn: Nullable(Day), lastCaseOn: Nullable(Day), active: Type.Boolean(),
});
export const ChainsAnswerSchema = Type.Object({
  outbreakId: Type.Integer(), day: Day,
  summary: Type.Object({ chains: Type.Integer(), activeChains: Type.Integer(), casesInChains: Type.Integer(), casesOutsideChains: Type.Integer(), contactsPerCase: Type.Number(), largest: Type.Integer() }),
  chains: Type.Array(ChainSchema),
});
export type ChainsAnswer = Static<typeof ChainsAnswerSchema>;
/** A chain's graph: codes only, never a name or identifier. */
export const ChainGraphSchema = Type.Object({
  nodes: Type.Array(Type.Object({ code: Type.String(), kind: lit(['case', 'contact'] as const), classification: Nullable(Type.String()), wardCode: Nullable(Type.String()), caseOn: Nullable(Day), generation: Type.Integer(), lon: Nullable(Type.Number()), lat: Nullable(Type.Number()) })),
  edges: Type.Array(Type.Object({ source: Type.String(), target: Type.String(), exposureType: Type.String(), certainty: Type.String() })),
});
export type ChainGraph = Static<typeof ChainGraphSchema>;

// ── Levels ──
export const LevelRulesSchema = Type.Object({
  incidence: Type.Object({
    method: lit(['weekly', 'two_week_average'] as const),
    cases: lit(['community', 'all'] as const),
    bands: Type.Tuple([Type.Number(), Type.Number(), Type.Number()], { description: 'lower bounds of levels 2, 3 and 4 (new cases per 100,000 per week)' }),
  }),
  adjustments: Type.Array(Type.Object({
    metric: lit(LEVEL_METRICS),
    op: lit(['lt', 'lte', 'gt', 'gte'] as const),
    value: Type.Number(),
    raise: Type.Integer({ minimum: -3, maximum: 3 }),
    onlyFromLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    note: Type.Optional(Type.String({ maxLength: 300 })),
  }), { maxItems: 20 }),
});
export type LevelRules = Static<typeof LevelRulesSchema>;
export const LevelFiguresSchema = Type.Object({
  population: Type.Integer(), adults: Type.Integer(), elderly: Type.Integer(),
  casesWeek: Type.Integer(), casesPrevWeek: Type.Integer(), incidence: Type.Number(),
  deathsWeek: Type.Integer(), deathsPer100k: Type.Number(), severeWeek: Type.Integer(), severePer100k: Type.Number(),
  adultsDose1Share: Nullable(Type.Number()), adultsFullShare: Nullable(Type.Number()), elderlyFullShare: Nullable(Type.Number()),
  bedOccupancy: Nullable(Type.Number()), icuFreePer100k: Nullable(Type.Number()), oxygenAvailableShare: Nullable(Type.Number()),
});
export type LevelFigures = Static<typeof LevelFiguresSchema>;
export const LevelRuleSetSchema = Type.Object({
  code: Type.String(), revision: Type.Integer(), disease: Type.String(), titleVi: Type.String(), titleEn: Type.String(), validFrom: Day, rules: LevelRulesSchema,
  createdAt: Type.String(), createdBy: Type.String(),
});
export type LevelRuleSet = Static<typeof LevelRuleSetSchema>;
export const LevelRuleSetInputSchema = Type.Object({ titleVi: Type.String({ maxLength: 200 }), titleEn: Type.String({ maxLength: 200 }), disease: Type.String({ maxLength: 40 }), validFrom: Day, rules: LevelRulesSchema });
export const WardLevelSchema = Type.Object({
  wardCode: Type.String(), wardName: Type.String(), wardNameEn: Type.String(), weekStart: Day, ruleCode: Type.String(), ruleRevision: Type.Integer(), level: Type.Integer({ minimum: 1, maximum: 4 }),
  base: Type.Integer(), applied: Type.Array(Type.Object({ metric: Type.String(), value: Type.Number(), raise: Type.Integer() })), figures: LevelFiguresSchema, computedAt: Type.String(),
});
export type WardLevel = Static<typeof WardLevelSchema>;
export const WardLevelsAnswerSchema = Type.Object({ weekStart: Day, ruleCode: Type.String(), levels: Type.Array(WardLevelSchema) });
export type WardLevelsAnswer = Static<typeof WardLevelsAnswerSchema>;

// ── Green ──
export const GreenRuleSchema = Type.Object({ subjectKind: lit(GREEN_SUBJECTS), clearDays: Type.Integer({ minimum: 1, maximum: 60 }), certificateDays: Type.Integer({ minimum: 1, maximum: 365 }) });
export type GreenRule = Static<typeof GreenRuleSchema>;
export const GreenStatusSchema = Type.Object({
  subjectKind: lit(GREEN_SUBJECTS), subjectKey: Type.String(), label: Type.String(), wardCode: Nullable(Type.String()), day: Day,
  green: Type.Boolean(), lastCaseOn: Nullable(Day), daysClear: Nullable(Type.Integer()), activeCases: Type.Integer(), clearDays: Type.Integer(),
});
export type GreenStatus = Static<typeof GreenStatusSchema>;
export const GreenListSchema = Type.Object({ day: Day, subjectKind: lit(GREEN_SUBJECTS), green: Type.Integer(), notGreen: Type.Integer(), subjects: Type.Array(GreenStatusSchema) });
export type GreenList = Static<typeof GreenListSchema>;
export const CertificateSchema = Type.Object({ token: Type.String(), verifyPath: Type.String(), qrSvg: Type.String(), label: Type.String(), subjectKind: Type.String(), issuedOn: Day, validUntil: Day });
export type Certificate = Static<typeof CertificateSchema>;
/** What anyone may see: no person's identity. */
export const PublicCertificateSchema = Type.Object({
  subjectKind: Type.String(), label: Type.String(), wardName: Nullable(Type.String()), wardNameEn: Nullable(Type.String()), issuedOn: Day, validUntil: Day,
  status: lit(['valid', 'expired', 'revoked', 'no_longer_green'] as const), checkedOn: Day,
});
export type PublicCertificate = Static<typeof PublicCertificateSchema>;

// ── Places ──
export const ZoneInputSchema = Type.Object({
  outbreakId: Type.Optional(Nullable(Type.Integer())), kind: lit(ZONE_KINDS), name: Type.String({ minLength: 1, maxLength: 200 }), startsOn: Day, endsOn: Type.Optional(Nullable(Day)),
  geometry: Type.Object({ type: lit(['Polygon', 'MultiPolygon'] as const), coordinates: Type.Array(Type.Unknown()) }),
});
export type ZoneInput = Static<typeof ZoneInputSchema>;
export const ZoneSchema = Type.Object({
  id: Type.Integer(), outbreakId: Nullable(Type.Integer()), kind: lit(ZONE_KINDS), name: Type.String(), startsOn: Day, endsOn: Nullable(Day),
  geometry: Type.Unknown(), households: Type.Integer(), people: Type.Integer(), cases: Type.Integer(),
});
export type Zone = Static<typeof ZoneSchema>;

// ── Dashboard ──
export const DashboardSchema = Type.Object({
  outbreakId: Type.Integer(), disease: Type.String(), from: Day, to: Day, day: Day,
  daily: Type.Array(Type.Object({ day: Day, cases: Type.Integer(), deaths: Type.Integer(), tests: Type.Integer(), positive: Type.Integer() })),
  rate7dPer100k: Type.Number(), positivity7d: Nullable(Type.Number()), contactsUnderFollowUp: Type.Integer(), lostToFollowUp: Type.Integer(),
  capacity: Type.Object({ beds: Type.Integer(), bedsUsed: Type.Integer(), icu: Type.Integer(), icuUsed: Type.Integer(), oxygen: Type.Integer(), oxygenAvailable: Type.Integer() }),
  coverage: Type.Array(Type.Object({ wardCode: Type.String(), ageGroup: Type.String(), population: Type.Integer(), dose1: Type.Integer(), fullDose: Type.Integer() })),
  wards: Type.Array(Type.Object({ wardCode: Type.String(), wardName: Type.String(), wardNameEn: Type.String(), cases7d: Type.Integer(), rate7dPer100k: Type.Number(), level: Nullable(Type.Integer()) })),
});
export type Dashboard = Static<typeof DashboardSchema>;
export const HeatPointsSchema = Type.Object({ day: Day, points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])) });

export const CapacityInputSchema = Type.Object({
  stationCode: Type.String({ maxLength: 60 }), stationName: Type.String({ maxLength: 200 }), stationKind: lit(['ward_station', 'mobile_station', 'field_hospital', 'hospital'] as const),
  wardCode: Type.String({ maxLength: 20 }), onDate: Day, beds: Type.Integer({ minimum: 0 }), bedsUsed: Type.Integer({ minimum: 0 }),
  icu: Type.Optional(Type.Integer({ minimum: 0 })), icuUsed: Type.Optional(Type.Integer({ minimum: 0 })), oxygen: Type.Optional(Type.Integer({ minimum: 0 })), oxygenAvailable: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type CapacityInput = Static<typeof CapacityInputSchema>;
export const WelfareDeliveryInputSchema = Type.Object({ householdKey: Type.String({ maxLength: 100 }), wardCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))), deliveredOn: Day, package: Type.String({ maxLength: 200 }) });
export type WelfareDeliveryInput = Static<typeof WelfareDeliveryInputSchema>;
