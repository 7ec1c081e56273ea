// A dataset declaration: everything cityops knows about one inventory (titles, owner,
// geometry, fields, natural key, who may read it). Storage, API and validation follow from
// it; there is no per-dataset code.
import type { DatasetDecl } from '../../../../shared/contracts/datasets.ts';

// The declaration's schema and types are part of the API contract (shared with the web client).
export { DOMAINS, GEOMETRY_TYPES, FIELD_TYPES, lit, FieldDeclSchema, DatasetDeclSchema } from '../../../../shared/contracts/datasets.ts';
export type { Domain, GeometryType, FieldType, FieldDecl, DatasetDecl } from '../../../../shared/contracts/datasets.ts';

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
