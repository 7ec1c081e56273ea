import { expect, test } from 'vitest';
import { BUILT_IN_KPI_DEFINITIONS, BUILT_IN_KPIS } from './builtin-kpis.ts';

test('every built-in KPI has a plain-language definition in both languages', () => {
  for (const k of BUILT_IN_KPIS) {
    expect(k.descriptionVi, k.id).toBeTruthy();
    expect(k.descriptionEn, k.id).toBeTruthy();
  }
  const ids = new Set(BUILT_IN_KPIS.map((k) => k.id));
  for (const id of Object.keys(BUILT_IN_KPI_DEFINITIONS)) expect(ids.has(id), `definition of unknown KPI ${id}`).toBe(true);
});
