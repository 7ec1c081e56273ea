// A dataset declaration: everything cityops knows about one inventory (titles, owner,
// geometry, fields, natural key, who may read it). Storage, API and validation follow from
// it; there is no per-dataset code.
import { Type, type Static } from '@fastify/type-provider-typebox';
import { lit } from '../../platform/http/typebox.ts';

export const DOMAINS = ['economy', 'urban', 'environment', 'health', 'education', 'security', 'public-services'] as const;
export type Domain = (typeof DOMAINS)[number];
export const GEOMETRY_TYPES = ['point', 'line', 'polygon', 'none'] as const;
export type GeometryType = (typeof GEOMETRY_TYPES)[number];
export const FIELD_TYPES = ['text', 'integer', 'number', 'boolean', 'date', 'enum', 'phone', 'email', 'url'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A string limited to the given values (a plain JSON-Schema enum, typed as the union). */
export { lit };

export const FieldDeclSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-zA-Z0-9_]{0,62}$', description: 'key in the record properties' }),
    type: lit(FIELD_TYPES),
    titleVi: Type.String({ minLength: 1 }),
    titleEn: Type.String({ minLength: 1 }),
    unit: Type.Optional(Type.String({ description: 'unit of measure, e.g. m, m², beds' })),
    required: Type.Optional(Type.Boolean()),
    values: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'allowed values (enum fields)' })),
    min: Type.Optional(Type.Number({ description: 'minimum (integer and number fields)' })),
    max: Type.Optional(Type.Number()),
    minDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    maxDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
    pattern: Type.Optional(Type.String({ description: 'regular expression the whole text value must match' })),
    personal: Type.Optional(Type.Boolean({ description: 'personal data: masked for roles that do not need it, reads audited' })),
  },
  { additionalProperties: false },
);
export type FieldDecl = Static<typeof FieldDeclSchema>;

export const DatasetDeclSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' }),
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
  },
  { additionalProperties: false },
);
export type DatasetDecl = Static<typeof DatasetDeclSchema>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Problems with a declaration beyond its JSON shape (checked by the schema), as readable sentences. */
export function declarationProblems(d: DatasetDecl): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const f of d.fields) {
    if (names.has(f.name)) problems.push(`fields: "${f.name}" is declared twice`);
    names.add(f.name);
    if (f.type === 'enum' && !f.values?.length) problems.push(`fields.${f.name}: an enum field needs "values"`);
    if (f.type !== 'enum' && f.values) problems.push(`fields.${f.name}: "values" is only for enum fields`);
    if ((f.min !== undefined || f.max !== undefined) && f.type !== 'integer' && f.type !== 'number') {
      problems.push(`fields.${f.name}: "min"/"max" are only for integer and number fields`);
    }
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) problems.push(`fields.${f.name}: min is greater than max`);
    if ((f.minDate || f.maxDate) && f.type !== 'date') problems.push(`fields.${f.name}: "minDate"/"maxDate" are only for date fields`);
    for (const k of ['minDate', 'maxDate'] as const) {
      const v = f[k];
      if (v && !isValidDate(v)) problems.push(`fields.${f.name}: ${k} is not a valid date`);
    }
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        problems.push(`fields.${f.name}: pattern is not a valid regular expression`);
      }
    }
  }
  const seen = new Set<string>();
  for (const k of d.naturalKey) {
    const f = d.fields.find((x) => x.name === k);
    if (!f) problems.push(`naturalKey: "${k}" is not a declared field`);
    else if (!f.required) problems.push(`naturalKey: field "${k}" must be required`);
    if (seen.has(k)) problems.push(`naturalKey: "${k}" is listed twice`);
    seen.add(k);
  }
  return problems;
}
