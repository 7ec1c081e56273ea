import { describe, expect, it } from 'vitest';
import { BUILT_IN_DATASETS, ENUM_VALUES_EN } from './builtin-datasets.ts';
import { declarationProblems } from './declarations.ts';

describe('built-in datasets', () => {
  const enumFields = BUILT_IN_DATASETS.flatMap((d) => d.fields.filter((f) => f.type === 'enum').map((f) => ({ dataset: d.id, field: f })));

  it('give every enum value an English label of its own', () => {
    expect(enumFields.length).toBeGreaterThan(20);
    const missing = enumFields.flatMap(({ dataset, field }) => (field.values ?? []).filter((v) => !(v in ENUM_VALUES_EN)).map((v) => `${dataset}.${field.name}: ${v}`));
    expect(missing).toEqual([]);
    for (const { field } of enumFields) expect(field.valuesEn).toEqual(field.values!.map((v) => ENUM_VALUES_EN[v]));
  });

  it('are valid declarations', () => {
    for (const d of BUILT_IN_DATASETS) expect(declarationProblems(d), d.id).toEqual([]);
  });
});

describe('declarationProblems', () => {
  it('needs one English label per enum value', () => {
    const base = BUILT_IN_DATASETS.find((d) => d.id === 'schools')!;
    const level = base.fields.find((f) => f.name === 'level')!;
    const broken = { ...base, fields: base.fields.map((f) => (f === level ? { ...f, valuesEn: ['Preschool'] } : f)) };
    expect(declarationProblems(broken)).toContain('fields.level: "valuesEn" needs one label per value of "values"');
  });
});
