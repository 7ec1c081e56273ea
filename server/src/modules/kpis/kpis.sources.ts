// The whitelist of KPI sources: each turns a KPI computation (parameters only, never SQL
// from a user) into one query template over a table, with the same shape for all of them:
// which rows count, their ward areas, their date, whether they are in the numerator, and
// how to link a row to its page. Field names are checked here against the dataset
// declaration; the SQL of each source lives in kpis-sources.repository.ts, where field names
// and values are bound as parameters.
import type { KpiComputation, KpiFieldFilter, RecordsComputation, TableComputation } from '../../../../shared/contracts/kpis.ts';
import type { DatasetDecl } from '../datasets/index.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { pageLink } from '../../../../shared/routes.ts';
import {
  recordsSourceSql, tableSourceSql, STAMP_TABLES, TABLE_QUERIES,
  type CheckedFieldFilter, type SourceSql, type StampKey, type TableTemplate,
} from './kpis-sources.repository.ts';

/** A compiled source: its SQL parts (kpis-sources.repository.ts), what it depends on, and its links. */
export interface CompiledSource extends SourceSql {
  /** Source table(s) this KPI reads; its cache is refreshed when their change stamp moves. */
  stampKey: StampKey;
  /** Table needed for the source to exist (the module may not be installed). */
  requiresTable: string;
  /** Rows with a date in the period (flow) rather than rows dated before its end (stock). */
  flow: boolean;
  /** Labels of a category value (enum fields with valuesVi / valuesEn); absent when none is declared. */
  categoryLabels?: (value: string) => { labelVi?: string; labelEn?: string };
  /** UI link of one row (by its key: the id, or a sensor's sensor_id) and of the whole list (shared/routes.ts). */
  link(key: string): string;
  listLink(q: { area?: string | undefined; date?: string | undefined }): string | null;
}

const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;

/** A declared field, checked so that only real fields of the dataset are ever read. */
function field(decl: DatasetDecl, name: string, types?: string[]): string {
  const f = decl.fields.find((x) => x.name === name);
  if (!f || !FIELD_NAME.test(name)) throw badRequest(`dataset ${decl.id} has no field "${name}"`);
  if (types && !types.includes(f.type)) throw badRequest(`field "${name}" of ${decl.id} must be of type ${types.join(' or ')}`);
  return name;
}

function checkedFilters(decl: DatasetDecl, filters: KpiFieldFilter[] | undefined): CheckedFieldFilter[] {
  return (filters ?? []).map((flt) => {
    const name = field(decl, flt.field);
    const values = (Array.isArray(flt.value) ? flt.value : [flt.value]).map(String);
    switch (flt.op) {
      case 'eq':
      case 'ne':
      case 'in':
        return { field: name, op: flt.op, values };
      default:
        throw badRequest(`unknown filter operator ${String((flt as { op: unknown }).op)}`);
    }
  });
}

function recordsSource(c: RecordsComputation, decl: DatasetDecl): CompiledSource {
  const dateField = c.dateField ? field(decl, c.dateField, ['date']) : null;
  const categoryField = c.categoryField ? field(decl, c.categoryField, ['enum', 'text', 'boolean', 'integer']) : null;
  if (c.agg === 'share' && !c.numerator?.length) throw badRequest('a share KPI needs a numerator filter');
  const filter = checkedFilters(decl, c.filter);
  const labelField = decl.fields.find((f) => f.name === 'name')?.name ?? decl.fields.find((f) => f.type === 'text' && !f.personal)?.name;
  const numerator = c.agg === 'share' ? checkedFilters(decl, c.numerator) : null;
  const categoryDecl = categoryField ? decl.fields.find((f) => f.name === categoryField) : undefined;
  const labelled = categoryDecl && (categoryDecl.valuesVi || categoryDecl.valuesEn) ? categoryDecl : null;
  const categoryLabels = labelled
    ? (value: string) => {
        const i = labelled.values?.indexOf(value) ?? -1;
        const labelVi = i >= 0 ? labelled.valuesVi?.[i] : undefined;
        const labelEn = i >= 0 ? labelled.valuesEn?.[i] : undefined;
        return { ...(labelVi ? { labelVi } : {}), ...(labelEn ? { labelEn } : {}) };
      }
    : null;
  return {
    ...(categoryLabels ? { categoryLabels } : {}),
    stampKey: 'records',
    requiresTable: STAMP_TABLES.records,
    ...recordsSourceSql({ datasetId: decl.id, filter, numerator, dateField, categoryField, labelField }),
    flow: !!(dateField && c.flow),
    link: (key) => pageLink.record(decl.id, key),
    listLink: (q) => {
      const p: Record<string, string | undefined> = {};
      for (const flt of c.filter ?? []) if (flt.op === 'eq') p[`f.${flt.field}`] = String(flt.value);
      p.area = q.area;
      p.date = q.date;
      return pageLink.dataset(decl.id, p);
    },
  };
}

/** The page of each table source's rows, and of their list (shared/routes.ts). */
const PAGES: Record<TableComputation['source'], { row: (key: string) => string; list: () => string }> = {
  feedback: { row: pageLink.feedbackReport, list: pageLink.feedbackInbox },
  alerts: { row: pageLink.alert, list: pageLink.live },
  incidents: { row: pageLink.incident, list: pageLink.incidents },
  sensors: { row: pageLink.sensor, list: () => pageLink.dataset('sensors') },
  tasks: { row: pageLink.task, list: pageLink.tasks },
  procedures: { row: pageLink.procedureDossier, list: pageLink.procedureDossiers },
};

function tableSource(c: TableComputation): CompiledSource {
  const queries: Record<string, TableTemplate> | undefined = Object.hasOwn(TABLE_QUERIES, c.source) ? TABLE_QUERIES[c.source] : undefined;
  if (!queries) throw badRequest(`source ${String((c as { source: unknown }).source)} is not available`);
  const t = queries[c.query];
  if (!t) throw badRequest(`source ${c.source} has no query "${c.query}" (known: ${Object.keys(queries).join(', ')})`);
  const page = PAGES[c.source];
  return {
    stampKey: c.source,
    requiresTable: STAMP_TABLES[c.source],
    ...tableSourceSql(c.source, t),
    flow: t.flow,
    link: (key) => page.row(key),
    listLink: () => page.list(),
  };
}

export function compileSource(c: KpiComputation, datasetDecl: (id: string) => DatasetDecl | undefined): CompiledSource {
  if (c.source === 'records') {
    const decl = datasetDecl(c.dataset);
    if (!decl) throw badRequest(`no dataset "${c.dataset}"`);
    return recordsSource(c, decl);
  }
  return tableSource(c);
}

export const SOURCE_QUERIES = {
  sensors: Object.keys(TABLE_QUERIES.sensors),
  feedback: Object.keys(TABLE_QUERIES.feedback),
  alerts: Object.keys(TABLE_QUERIES.alerts),
  incidents: Object.keys(TABLE_QUERIES.incidents),
  tasks: Object.keys(TABLE_QUERIES.tasks),
  procedures: Object.keys(TABLE_QUERIES.procedures),
};
