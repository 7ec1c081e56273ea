import { ImportFileError } from './errors.ts';
import type { ParsedRow } from './types.ts';
import { storableText } from './text.ts';

/** One physical row of a sheet or CSV file, before the header is known. */
export interface RawRow {
  /** 1-based row (spreadsheet row, CSV line). */
  rowNumber: number;
  cells: unknown[];
}

export interface Table {
  headerRow: number;
  headers: string[];
  rows: ParsedRow[];
}

const HEADER_SEARCH_ROWS = 20;

export function isEmptyCell(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function filled(row: RawRow): number {
  return row.cells.filter((c) => !isEmptyCell(c)).length;
}

/**
 * Finds the header among the first 20 rows. Vietnamese reports put a title block above
 * the table ("ỦY BAN NHÂN DÂN QUẬN 7", "DANH SÁCH DOANH NGHIỆP…", a date line), usually
 * one merged cell per row. The header is the first row where at least two cells and at
 * least half of the table's width are filled, most filled cells are text, and one of the
 * next two rows holds data. Falls back to the first non-empty row.
 */
export function detectHeaderRow(rows: RawRow[]): number {
  const nonEmpty = rows.filter((r) => filled(r) > 0);
  const first = nonEmpty[0];
  if (!first) throw new ImportFileError('empty', 'the file has no data');
  const width = Math.max(...nonEmpty.slice(0, 200).map(filled));
  const candidates = nonEmpty.slice(0, HEADER_SEARCH_ROWS);
  for (let i = 0; i < candidates.length; i++) {
    const row = candidates[i] as RawRow;
    const n = filled(row);
    if (n < 2 || n < width * 0.5) continue;
    const texts = row.cells.filter((c) => typeof c === 'string' && c.trim() !== '' && !/^[\d\s.,+-]+$/.test(c)).length;
    if (texts < n * 0.8) continue;
    const next = nonEmpty.slice(i + 1, i + 3);
    if (next.length === 0 || next.some((r) => filled(r) >= Math.max(1, n * 0.5))) return row.rowNumber;
  }
  return first.rowNumber;
}

/**
 * Turns raw rows into a header and keyed rows. Blank header cells above data get a
 * generated name ("Column F"), duplicates get a suffix ("Tên (2)"), so no value is lost.
 * Fully empty rows below the header are skipped (they carry nothing).
 */
export function buildTable(
  raw: RawRow[],
  options: { headerRow?: number | undefined; maxRows: number; strictWidth?: boolean },
): Table {
  const headerRow = options.headerRow ?? detectHeaderRow(raw);
  const headerIndex = raw.findIndex((r) => r.rowNumber === headerRow);
  if (headerIndex < 0) throw new ImportFileError('malformed', `header row ${headerRow} does not exist in the file`);
  const headerCells = (raw[headerIndex] as RawRow).cells;
  const body = raw.slice(headerIndex + 1).filter((r) => filled(r) > 0);
  if (body.length > options.maxRows) {
    throw new ImportFileError('too_many_rows', `the file has ${body.length} data rows; the limit is ${options.maxRows}`);
  }
  if (options.strictWidth) {
    // CSV: a value beyond the last header is almost always an unquoted delimiter.
    const headerWidth = lastFilled(headerCells) + 1;
    const wide = body.find((r) => lastFilled(r.cells) >= headerWidth);
    if (wide) {
      throw new ImportFileError(
        'malformed',
        `${lastFilled(wide.cells) + 1} values but the header has ${headerWidth} columns (check the delimiter and quotes)`,
        { row: wide.rowNumber },
      );
    }
  }
  // A loop, not Math.max(...rows): spreading 125,000+ rows into arguments overflows the stack.
  let width = headerCells.length;
  for (const r of body) width = Math.max(width, lastFilled(r.cells) + 1);
  const headers: string[] = [];
  const used = new Map<string, number>();
  for (let c = 0; c < width; c++) {
    const raw = headerCells[c];
    const text = isEmptyCell(raw) ? '' : storableText(cellText(raw)).replace(/\s+/g, ' ').trim();
    const columnUsed = text !== '' || body.some((r) => !isEmptyCell(r.cells[c]));
    if (!columnUsed) {
      headers.push('');
      continue;
    }
    const base = text || `Column ${columnLetter(c)}`;
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    headers.push(count === 1 ? base : `${base} (${count})`);
  }
  const rows: ParsedRow[] = body.map((r) => {
    const values: Record<string, unknown> = {};
    headers.forEach((h, c) => {
      if (!h) return;
      const v = r.cells[c];
      values[h] = isEmptyCell(v) ? null : typeof v === 'string' ? storableText(v) : v;
    });
    return { rowNumber: r.rowNumber, values };
  });
  return { headerRow, headers: headers.filter((h) => h !== ''), rows };
}

function lastFilled(cells: unknown[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (!isEmptyCell(cells[i])) return i;
  return -1;
}

function cellText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
