// Pure helpers of the attribute table: its columns, the text of a cell, the sort cycle.
import { booleanLabel, enumLabel, type EnumLabels } from '../datasets/field-labels.ts';
import { localeOf } from '../../i18n/locale.ts';
/** Numbers as the user's language writes them (pure: no i18n set-up needed, for unit tests). */
const formatNumber = (value: number, lang: 'vi' | 'en', digits: number) =>
  new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

export interface FieldLike {
  name: string;
  type: string;
  titleVi: string;
  titleEn: string;
  personal?: boolean;
  values?: string[] | undefined;
  valuesVi?: string[] | undefined;
  valuesEn?: string[] | undefined;
}

export interface TableColumn {
  name: string;
  title: string;
  type: string;
  /** Enum fields: the values and their labels. */
  values?: string[] | undefined;
  valuesVi?: string[] | undefined;
  valuesEn?: string[] | undefined;
}

/** The declared fields (in their order, titles in the user's language), then any other property the records carry. */
export function tableColumns(fields: readonly FieldLike[], records: readonly { properties: Record<string, unknown> }[], lang: 'vi' | 'en', max = 12): TableColumn[] {
  const cols: TableColumn[] = fields.map((f) => ({ name: f.name, title: lang === 'en' ? f.titleEn : f.titleVi, type: f.type, values: f.values, valuesVi: f.valuesVi, valuesEn: f.valuesEn }));
  const known = new Set(cols.map((c) => c.name));
  for (const r of records) {
    for (const k of Object.keys(r.properties)) {
      if (!known.has(k)) {
        known.add(k);
        cols.push({ name: k, title: k, type: 'text' });
      }
    }
  }
  return cols.slice(0, max);
}

/** A value as shown in a cell (and exported): numbers in the user's format, yes/no in words, enum values by their label. */
export function cellText(value: unknown, type: string, lang: 'vi' | 'en', field = '', labels?: EnumLabels): string {
  if (value === null || value === undefined || value === '') return '';
  if (type === 'enum' && typeof value === 'string' && labels) return enumLabel(labels, value, lang);
  if (typeof value === 'number') {
    // Years and codes are written without thousands separators.
    if (type === 'integer' && Number.isInteger(value) && value >= 1000 && value <= 2200 && /year|nam/i.test(field)) return String(value);
    return formatNumber(value, lang, type === 'integer' ? 0 : Number.isInteger(value) ? 0 : 2);
  }
  if (typeof value === 'boolean') return booleanLabel(value, lang);
  if (Array.isArray(value)) return value.map((v) => cellText(v, 'text', lang)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Clicking a column: ascending, then descending, then ascending again; another column starts ascending. */
export function nextSort(current: string, column: string): string {
  return current === column ? `-${column}` : column;
}
