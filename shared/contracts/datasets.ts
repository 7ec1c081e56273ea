// Datasets of the data hub: declarations (fields, geometry, domain, natural key), the catalogue,
// records, their history and data quality. TypeBox schemas (used by the server's routes) with
// their static types (used by the server and the web client).
import { Type, type Static } from 'typebox';
import { GeometrySchema } from './geojson.ts';
import { lit } from './schema.ts';

export const DOMAINS = ['economy', 'urban', 'environment', 'health', 'education', 'security', 'public-services'] as const;
export type Domain = (typeof DOMAINS)[number];
export const GEOMETRY_TYPES = ['point', 'line', 'polygon', 'none'] as const;
export type GeometryType = (typeof GEOMETRY_TYPES)[number];
export const FIELD_TYPES = ['text', 'integer', 'number', 'boolean', 'date', 'enum', 'phone', 'email', 'url'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const QUALITY_CHECKS = ['missing-required', 'outside-area', 'duplicates', 'stale', 'position-flags'] as const;
export type QualityCheck = (typeof QUALITY_CHECKS)[number];

export { lit };

/**
 * Why a record's field was refused (the `code` of each entry of a 400 `invalid_record`'s
 * `details.problems`); `params` carries the numbers and values a message needs (min, max,
 * maxLength, values, pattern, kinds), so a client words it in its own language.
 */
export const FIELD_PROBLEM_CODES = [
  'required', 'unknown_field', 'not_object', 'not_number', 'not_integer', 'below_min', 'above_max', 'not_boolean', 'not_date',
  'before_min_date', 'after_max_date', 'not_allowed_value', 'not_text', 'too_long', 'not_email', 'not_phone', 'not_url',
  'pattern_mismatch', 'no_geometry', 'wrong_geometry_type', 'invalid_coordinates', 'line_too_short', 'ring_too_short',
  'outside_territory', 'missing_geometry',
] as const;
export type FieldProblemCode = (typeof FIELD_PROBLEM_CODES)[number];

/**
 * What a write learnt about a record's position and kept on the record (issue 15), worded by the
 * client from the code and params: swapped_coordinates_repaired (params: ward), outside_claimed_ward
 * (ward, distanceM), missing_geometry, unresolved_ward_claim (claim).
 */
export const RECORD_FLAG_CODES = ['swapped_coordinates_repaired', 'outside_claimed_ward', 'missing_geometry', 'unresolved_ward_claim'] as const;
export type RecordFlagCode = (typeof RECORD_FLAG_CODES)[number];
export const RecordFlagSchema = Type.Object({
  code: lit(RECORD_FLAG_CODES),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type RecordFlag = Static<typeof RecordFlagSchema>;

export const FieldProblemSchema = Type.Object({
  field: Type.String({ description: 'the field name, or "properties" / "geometry"' }),
  code: lit(FIELD_PROBLEM_CODES),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  message: Type.String({ description: 'the problem in English, for logs and scripts' }),
});
export type FieldProblem = Static<typeof FieldProblemSchema>;

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const DATASET_ID_PATTERN = '^[a-z][a-z0-9-]{1,62}$';

// ---- declarations

export const FieldDeclSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-zA-Z0-9_]{0,62}$', description: 'key in the record properties' }),
    type: lit(FIELD_TYPES),
    titleVi: Type.String({ minLength: 1 }),
    titleEn: Type.String({ minLength: 1 }),
    unit: Type.Optional(Type.String({ description: 'unit of measure, e.g. m, m², beds' })),
    required: Type.Optional(Type.Boolean()),
    values: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'allowed values (enum fields)' })),
    valuesVi: Type.Optional(
      Type.Array(Type.String(), { minItems: 1, description: 'Vietnamese labels of "values", in the same order, when the values are codes: shown in the Vietnamese interface' }),
    ),
    valuesEn: Type.Optional(
      Type.Array(Type.String(), { minItems: 1, description: 'English labels of "values", in the same order: shown in the English interface; records keep the values' }),
    ),
    min: Type.Optional(Type.Number({ description: 'minimum (integer and number fields)' })),
    max: Type.Optional(Type.Number()),
    minDate: Type.Optional(Type.String({ pattern: DATE_PATTERN })),
    maxDate: Type.Optional(Type.String({ pattern: DATE_PATTERN })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
    pattern: Type.Optional(Type.String({ description: 'regular expression the whole text value must match' })),
    personal: Type.Optional(Type.Boolean({ description: 'personal data: masked for roles that do not need it, reads audited' })),
  },
  { additionalProperties: false },
);
export type FieldDecl = Static<typeof FieldDeclSchema>;

/** A dataset declaration: everything cityops knows about one inventory. */
export const DatasetDeclSchema = Type.Object(
  {
    id: Type.String({ pattern: DATASET_ID_PATTERN }),
    titleVi: Type.String({ minLength: 1 }),
    titleEn: Type.String({ minLength: 1 }),
    descriptionVi: Type.Optional(Type.String()),
    descriptionEn: Type.Optional(Type.String()),
    domain: lit(DOMAINS),
    ownerUnit: Type.String({ minLength: 1, description: 'code of the owner unit' }),
    geometryType: lit(GEOMETRY_TYPES),
    fields: Type.Array(FieldDeclSchema, { minItems: 1 }),
    naturalKey: Type.Array(Type.String(), { description: 'fields whose values identify a record (upserts); empty: none' }),
    publicRead: Type.Boolean(),
    displayField: Type.Optional(Type.String({ description: 'the field that names a record in lists, on the map, in links and duplicate checks (a text or enum field, not personal)' })),
    wardField: Type.Optional(Type.String({ description: "the text field whose value claims the ward a record lies in: a ward's name or code, or an address ending in \"…, phường X\"" })),
    geometryRequired: Type.Optional(Type.Boolean({ description: 'a record without a geometry is rejected (missing_geometry); otherwise it is accepted and flagged' })),
    allowOutsideTerritory: Type.Optional(Type.Boolean({ description: "geometries outside the installation's territory are accepted (otherwise rejected: outside_territory)" })),
  },
  { additionalProperties: false },
);
export type DatasetDecl = Static<typeof DatasetDeclSchema>;

// ---- catalogue

const summaryProperties = {
  id: Type.String(),
  titleVi: Type.String(),
  titleEn: Type.String(),
  domain: lit(DOMAINS),
  ownerUnit: Type.String(),
  geometryType: lit(GEOMETRY_TYPES),
  publicRead: Type.Boolean(),
  version: Type.Integer(),
  builtIn: Type.Boolean(),
  recordCount: Type.Integer(),
  lastUpdate: Type.String({ format: 'date-time' }),
};

/** One entry of GET /api/datasets. */
export const DatasetSummarySchema = Type.Object({
  ...summaryProperties,
  qualityScore: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], { description: 'share of records without a data-quality finding; null while being computed' }),
});
export type DatasetSummary = Static<typeof DatasetSummarySchema>;

export const DatasetListSchema = Type.Object({ datasets: Type.Array(DatasetSummarySchema) });
export type DatasetList = Static<typeof DatasetListSchema>;

/** A dataset as declared or changed (POST, PUT /api/datasets). */
export const DatasetSavedSchema = Type.Object({
  ...summaryProperties,
  fields: Type.Array(FieldDeclSchema),
  naturalKey: Type.Array(Type.String()),
});
export type DatasetSaved = Static<typeof DatasetSavedSchema>;

/** GET /api/datasets/{id}: summary, descriptions, fields and natural key. */
export const DatasetDetailSchema = Type.Object({
  ...summaryProperties,
  descriptionVi: Type.Union([Type.String(), Type.Null()]),
  descriptionEn: Type.Union([Type.String(), Type.Null()]),
  fields: Type.Array(FieldDeclSchema),
  naturalKey: Type.Array(Type.String()),
});
export type DatasetDetail = Static<typeof DatasetDetailSchema>;

export const DeclarationVersionSchema = Type.Object({
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  declaration: DatasetDeclSchema,
});
export type DeclarationVersion = Static<typeof DeclarationVersionSchema>;

export const DeclarationVersionsSchema = Type.Object({ versions: Type.Array(DeclarationVersionSchema) });
export type DeclarationVersions = Static<typeof DeclarationVersionsSchema>;

// ---- records

/** Values of the declared fields, by field name. */
export const RecordPropertiesSchema = Type.Record(Type.String(), Type.Unknown());
export type RecordProperties = Static<typeof RecordPropertiesSchema>;

export const DatasetRecordSchema = Type.Object({
  id: Type.Integer(),
  datasetId: Type.String(),
  naturalKey: Type.Union([Type.String(), Type.Null()]),
  properties: RecordPropertiesSchema,
  geometry: Type.Union([GeometrySchema, Type.Null()]),
  areaIds: Type.Array(Type.Integer(), { description: 'ward-level areas (any period) the record lies in' }),
  synthetic: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  flags: Type.Optional(Type.Array(RecordFlagSchema, { description: 'what the last write learnt about the position (repairs, claimed ward far away, no geometry)' })),
});
export type DatasetRecord = Static<typeof DatasetRecordSchema>;

export const RecordPageSchema = Type.Object({
  datasetId: Type.String(),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  personalData: Type.String({ description: 'none (no personal fields), clear, masked or hidden' }),
  records: Type.Array(DatasetRecordSchema),
});
export type RecordPage = Static<typeof RecordPageSchema>;

/** Geometry of a record in a request: any GeoJSON geometry, or null to remove it. */
const InputGeometry = Type.Union([Type.Object({ type: Type.String(), coordinates: Type.Unknown() }), Type.Null()]);

export const RecordInputSchema = Type.Object(
  {
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'declared fields; in PATCH, null removes a value' })),
    geometry: Type.Optional(InputGeometry),
  },
  { additionalProperties: false },
);

export const BulkItemSchema = Type.Union([
  Type.Object({ op: Type.Literal('create'), properties: Type.Optional(RecordPropertiesSchema), geometry: Type.Optional(InputGeometry) }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('update'), id: Type.Integer({ minimum: 1 }), properties: Type.Optional(RecordPropertiesSchema), geometry: Type.Optional(InputGeometry) }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('delete'), id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
]);

export const BulkRequestSchema = Type.Object({ items: Type.Array(BulkItemSchema, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });

export const BulkResultSchema = Type.Object({
  datasetId: Type.String(),
  written: Type.Integer(),
  results: Type.Array(Type.Object({ index: Type.Integer(), op: Type.String(), id: Type.Integer() })),
});
export type BulkResult = Static<typeof BulkResultSchema>;

// ---- history

/** A record as it was before or after a change. */
export const RecordSnapshotSchema = Type.Object({
  properties: RecordPropertiesSchema,
  geometry: Type.Union([GeometrySchema, Type.Null()]),
});
export type RecordSnapshot = Static<typeof RecordSnapshotSchema>;

export const HistoryEntrySchema = Type.Object({
  id: Type.Integer(),
  action: lit(['create', 'update', 'delete', 'restore'] as const),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  restoredFrom: Type.Union([Type.Integer(), Type.Null()], { description: 'the history entry a restore brought back' }),
  before: Type.Union([RecordSnapshotSchema, Type.Null()]),
  after: Type.Union([RecordSnapshotSchema, Type.Null()]),
});
export type HistoryEntry = Static<typeof HistoryEntrySchema>;

export const RecordHistorySchema = Type.Object({ recordId: Type.Integer(), entries: Type.Array(HistoryEntrySchema) });
export type RecordHistory = Static<typeof RecordHistorySchema>;

// ---- data quality

export const QualityFindingSchema = Type.Object({
  check: lit(QUALITY_CHECKS),
  count: Type.Integer(),
  detail: Type.Record(Type.String(), Type.Unknown(), { description: 'what the check looked at (field names, distances, months)' }),
  records: Type.String({ description: 'API path listing the records with this finding' }),
});
export type QualityFinding = Static<typeof QualityFindingSchema>;

export const QualityReportSchema = Type.Object({
  datasetId: Type.String(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  total: Type.Integer(),
  flagged: Type.Integer(),
  findings: Type.Array(QualityFindingSchema),
});
export type QualityReport = Static<typeof QualityReportSchema>;
