// Labels of field values in the interface language. Pure (no i18n set-up): also used by the
// map's attribute table, which is unit-tested without it.

/** Yes or no in the interface language. */
export const booleanLabel = (v: boolean, lang: 'vi' | 'en') => (v ? (lang === 'en' ? 'Yes' : 'Có') : lang === 'en' ? 'No' : 'Không');

export interface EnumLabels {
  values?: readonly string[] | undefined;
  /** Vietnamese labels, when the values are codes. */
  valuesVi?: readonly string[] | undefined;
  valuesEn?: readonly string[] | undefined;
}

/**
 * The label of an enum value in the interface language: the declared label of that language
 * (valuesEn, valuesVi), else the value itself (records keep the value; a value outside the
 * declared list, from an older record, is shown as stored).
 */
export function enumLabel(f: EnumLabels, v: string, lang: 'vi' | 'en'): string {
  const labels = lang === 'en' ? f.valuesEn : f.valuesVi;
  if (!labels) return v;
  const i = f.values?.indexOf(v) ?? -1;
  return i >= 0 ? (labels[i] ?? v) : v;
}

