import type { Geometry } from 'geojson';

export type ImportFormat = 'csv' | 'xlsx' | 'geojson' | 'shapefile';

export interface ParsedRow {
  /**
   * Where the row is in the file, as the uploader would find it: the spreadsheet row or
   * CSV line for tables (1-based), the 1-based feature number for GeoJSON and Shapefile.
   */
  rowNumber: number;
  /** Keyed by header. Empty cells are null; nothing is dropped. */
  values: Record<string, unknown>;
}

export interface ParsedFile {
  format: ImportFormat;
  /** XLSX only: every sheet name in workbook order. */
  sheets?: string[];
  /** XLSX only: the sheet that was read. */
  sheet?: string;
  /** 1-based row of the header in the table; 0 for GeoJSON and Shapefile (no header row). */
  headerRow: number;
  headers: string[];
  rows: ParsedRow[];
  /** CSV and XLSX: rows that are not data and are not in `rows` (title block above the header, blank rows inside the table). */
  notData?: { rowNumber: number; code: 'title_row' | 'date_line' | 'blank_row' | 'repeated_header' | 'note_row' | 'totals_row' | 'sum_row' }[];
  /** GeoJSON and Shapefile: one geometry per row (same index), in the file's own CRS. */
  geometryPerRow?: (Geometry | null)[];
  /**
   * The CRS the file declares: a normalised code such as 'EPSG:9210' when recognised,
   * otherwise the raw declaration (e.g. the .prj WKT). Absent when the file says nothing.
   */
  fileCrs?: string;
  /** CSV only: the detected text encoding and delimiter. */
  encoding?: TextEncodingName;
  delimiter?: string;
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

export interface ReadOptions {
  /** Original file name; its extension helps choose the format. */
  filename?: string;
  /** XLSX: sheet name, or 0-based index. Default: the first sheet with data. */
  sheet?: string | number;
  /** Force the 1-based header row instead of detecting it (CSV and XLSX). */
  headerRow?: number;
  /** Default 50 MB. */
  maxBytes?: number;
  /** Default 1,000,000 data rows. */
  maxRows?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 1_000_000;
