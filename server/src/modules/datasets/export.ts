// Export of records as CSV (UTF-8 with BOM so Excel reads Vietnamese), XLSX and GeoJSON.
// Records arrive in batches and leave as a stream: memory stays flat for any dataset size.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DatasetDecl, FieldDecl } from './declarations.ts';
import type { ExportGeometry, ExportRow } from './datasets.repository.ts';
import { csvStream } from '../../platform/csv.ts';

export interface ExportSource {
  decl: DatasetDecl;
  /** The fields the caller may see (personal ones left out for anonymous callers). */
  fields: FieldDecl[];
  batches: () => AsyncGenerator<ExportRow[]>;
}

/** Column names: the record id, the field names (as imports map them), then the geometry. */
export function exportColumns(src: ExportSource): string[] {
  const geo = src.decl.geometryType === 'point' ? ['lon', 'lat'] : src.decl.geometryType === 'none' ? [] : ['wkt'];
  return ['id', ...src.fields.map((f) => f.name), ...geo];
}

/** What geometry a format needs from the database for a dataset. */
export function exportGeometry(format: ExportFormat, decl: DatasetDecl): ExportGeometry {
  if (decl.geometryType === 'none') return 'none';
  if (format === 'geojson') return 'geojson';
  return decl.geometryType === 'point' ? 'lonlat' : 'wkt';
}

function rowValues(src: ExportSource, r: ExportRow): unknown[] {
  const values: unknown[] = [Number(r.id), ...src.fields.map((f) => r.props[f.name] ?? null)];
  if (src.decl.geometryType === 'point') values.push(r.lon, r.lat);
  else if (src.decl.geometryType !== 'none') values.push(r.wkt);
  return values;
}

async function* csvRows(src: ExportSource): AsyncGenerator<unknown[][]> {
  yield [exportColumns(src)];
  for await (const batch of src.batches()) yield batch.map((r) => rowValues(src, r));
}

async function* geojson(src: ExportSource): AsyncGenerator<string> {
  yield `{"type":"FeatureCollection","name":${JSON.stringify(src.decl.id)},"features":[`;
  let first = true;
  for await (const batch of src.batches()) {
    // The geometry is PostGIS's GeoJSON text, spliced in as it is (never parsed and re-encoded).
    const parts = batch.map((r) => `{"type":"Feature","id":${Number(r.id)},"geometry":${r.geometry_json ?? 'null'},"properties":${JSON.stringify(r.props)}}`);
    yield (first ? '' : ',') + parts.join(',');
    first = false;
  }
  yield ']}\n';
}

/** XLSX through exceljs' streaming writer: rows are committed as they are written. */
function xlsx(src: ExportSource): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = wb.addWorksheet(src.decl.id.slice(0, 31));
  (async () => {
    const header = sheet.addRow(exportColumns(src));
    header.font = { bold: true };
    header.commit();
    for await (const batch of src.batches()) {
      // Dates stay ISO text as stored: no time-zone shift when Excel opens them.
      for (const r of batch) sheet.addRow(rowValues(src, r)).commit();
    }
    sheet.commit();
    await wb.commit();
  })().catch((e: unknown) => out.destroy(e as Error));
  return out;
}

export type ExportFormat = 'csv' | 'xlsx' | 'geojson';

export function exportStream(format: ExportFormat, src: ExportSource): Readable {
  if (format === 'xlsx') return xlsx(src);
  if (format === 'csv') return csvStream(csvRows(src), { bom: true });
  return Readable.from(geojson(src));
}
