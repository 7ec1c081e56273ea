// Imports into datasets: jobs, previews and mappings (server: modules/imports, web: modules/imports).

export type ImportJobStatus = 'queued' | 'running' | 'done' | 'failed';

/** Where a record's geometry comes from in the file. */
export type ImportGeometrySource =
  | { kind: 'coordinates'; eastColumn: string; northColumn: string }
  | { kind: 'wkt'; column: string }
  | { kind: 'file' }
  | { kind: 'none' };

export interface ImportMapping {
  /** field name → column header of the file */
  fields: Record<string, string>;
  geometry: ImportGeometrySource;
}

export interface ImportRowError {
  row: number;
  column: string | null;
  field: string | null;
  /** English, as in the rejected-rows file; clients word `code` with `params` in their language. */
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

export interface ImportJob {
  id: number;
  datasetId: string;
  fileName: string;
  fileSize: number;
  format: string | null;
  sheet: string | null;
  crs: string | null;
  mapping: ImportMapping;
  dryRun: boolean;
  status: ImportJobStatus;
  total: number | null;
  processed: number;
  /** 0–1, processed / total. */
  progress: number;
  accepted: number;
  rejected: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows that are not data (titles, blank rows, repeated headers, notes, totals): neither records nor rejections. */
  skipped: number;
  /** Rows accepted with a flag (e.g. outside the ward they name). */
  flagged: number;
  /** Rows accepted after a repair (longitude and latitude swapped). */
  repaired: number;
  /** Why the job failed, or null. */
  error: string | null;
  /** The most frequent row problems. */
  errors: { column: string | null; message: string; code?: string | null; params?: Record<string, string | number> | null; count: number }[];
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportCrsOption {
  code: string;
  name: string;
  projected: boolean;
}

export interface ImportPreview {
  fileName: string;
  format: string;
  sheets: string[];
  sheet: string | null;
  headerRow: number;
  headers: string[];
  encoding: string | null;
  fileCrs: string | null;
  /** The CRS used for this preview (chosen, saved, declared by the file, or suggested). */
  crs: string;
  crsOptions: ImportCrsOption[];
  mapping: ImportMapping;
  mappingSource: 'request' | 'saved' | 'suggested';
  /** A note on the geometry columns (e.g. VN-2000 X is the northing). */
  geometryNote: string | null;
  /** Headers that feed no field and no geometry (ignored on import). */
  unmapped: string[];
  mappingProblems: string[];
  totalRows: number;
  /** First rows as read (by header). */
  rows: { row: number; values: Record<string, unknown> }[];
  valid: number;
  rejected: number;
  /** Rows that are not data (titles, blank rows, repeated headers, notes, totals). */
  skipped: number;
  /** First row problems (row + column + message). */
  errors: ImportRowError[];
  /** Geometries of the first valid rows, WGS 84, properties.row = the file row. */
  geometry: { type: 'FeatureCollection'; features: { type: 'Feature'; geometry: unknown; properties: { row: number } }[] };
  fields: { name: string; titleVi: string; titleEn: string; type: string; required: boolean }[];
}

/** One row of an import report (GET /api/imports/{jobId}/rows), in file order. */
export interface ImportReportRow {
  row: number;
  outcome: 'rejected' | 'skipped' | 'flagged' | 'repaired';
  /** Coded reasons (code + params, worded by the client; `message` in English for rejections). */
  reasons: { code?: string; params?: Record<string, string | number>; message?: string; column?: string; field?: string }[];
}
