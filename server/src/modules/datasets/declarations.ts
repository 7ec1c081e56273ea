// A dataset declaration: everything cityops knows about one inventory (titles, owner,
// geometry, fields, natural key, who may read it). Storage, API and validation follow from
// it; there is no per-dataset code.
import type { DatasetDecl, FieldDecl } from '../../../../shared/contracts/datasets.ts';

// The declaration's schema and types are part of the API contract (shared with the web client).
export { DOMAINS, GEOMETRY_TYPES, FIELD_TYPES, lit, FieldDeclSchema, DatasetDeclSchema } from '../../../../shared/contracts/datasets.ts';
export type { Domain, GeometryType, FieldType, FieldDecl, DatasetDecl } from '../../../../shared/contracts/datasets.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const TEXTUAL: FieldDecl['type'][] = ['text', 'enum', 'url'];

/**
 * The field that names a record: the declared `displayField`; for a declaration that names
 * none (saved before the property existed), the first non-personal textual field among
 * name, address and code, else the first non-personal text field.
 */
export function displayFieldOf(d: Pick<DatasetDecl, 'fields' | 'displayField'>): string | null {
  if (d.displayField) return d.displayField;
  const open = d.fields.filter((f) => !f.personal && f.type !== 'phone' && f.type !== 'email');
  const byName = (n: string) => open.find((f) => f.name === n && TEXTUAL.includes(f.type));
  return (byName('name') ?? byName('address') ?? byName('code') ?? open.find((f) => f.type === 'text'))?.name ?? null;
}

/**
 * The field that claims a record's ward: the declared `wardField`; for a declaration that names
 * none, a text field called `ward`, else `address` ("…, phường X").
 */
export function wardFieldOf(d: Pick<DatasetDecl, 'fields' | 'wardField'>): string | null {
  if (d.wardField) return d.wardField;
  return ['ward', 'address'].find((n) => d.fields.some((f) => f.name === n && f.type === 'text')) ?? null;
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
    for (const k of ['valuesVi', 'valuesEn'] as const) {
      if (f[k] && f[k].length !== (f.values?.length ?? 0)) problems.push(`fields.${f.name}: "${k}" needs one label per value of "values"`);
    }
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
  if (d.displayField !== undefined) {
    const f = d.fields.find((x) => x.name === d.displayField);
    if (!f) problems.push(`displayField: "${d.displayField}" is not a declared field`);
    else if (f.personal || !['text', 'enum'].includes(f.type)) problems.push(`displayField: "${d.displayField}" must be a text or enum field that is not personal`);
  }
  if (d.wardField !== undefined) {
    const f = d.fields.find((x) => x.name === d.wardField);
    if (!f) problems.push(`wardField: "${d.wardField}" is not a declared field`);
    else if (f.type !== 'text') problems.push(`wardField: "${d.wardField}" must be a text field`);
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
