import { ImportFileError } from './errors.ts';
import type { ParsedRow } from './types.ts';
import { storableText } from './text.ts';
import { foldText } from '../../../../../shared/text/vietnamese.ts';

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
  /** Rows that are not data and are not in `rows`: the title block above the header, blank rows inside the table. */
  notData: NotDataRow[];
}

/** A row of the file that is not a record: reported as skipped with its reason (code), never counted as data. */
export interface NotDataRow {
  rowNumber: number;
  code: NotDataCode;
}
export type NotDataCode = 'title_row' | 'date_line' | 'blank_row' | 'repeated_header' | 'note_row' | 'totals_row' | 'sum_row';

/** "Ngày 05 tháng 3 năm 2025", "TP. Hồ Chí Minh, ngày …", "Tính đến ngày 31/12/2024", "Date: …". */
const DATE_LINE = /(^|\s)ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}|^(tinh den|cap nhat|den) ngay\b|^date\b|^ngay\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/;

/** A line that is not data, by its words (a title, a date line, a note). Folded text in. */
export function lineKind(folded: string): 'date_line' | 'note_row' | 'title_row' {
  if (DATE_LINE.test(folded)) return 'date_line';
  if (/^(\*|ghi chu|chu thich|luu y|note|nguoi lap|nguoi lap bieu|thu truong|ky ten|nguon)\b/.test(folded)) return 'note_row';
  return 'title_row';
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
  const notData: NotDataRow[] = [];
  for (const r of raw.slice(0, headerIndex)) {
    if (filled(r) === 0) continue;
    const text = r.cells.filter((c) => !isEmptyCell(c)).map((c) => cellText(c)).join(' ');
    notData.push({ rowNumber: r.rowNumber, code: lineKind(foldText(text)) });
  }
  const after = raw.slice(headerIndex + 1);
  const counts = after.map(filled);
  let lastData = after.length - 1;
  while (lastData >= 0 && counts[lastData] === 0) lastData--;
  // Blank rows inside the table (not the empty tail): reported, since they split a table in two.
  for (let i = 0; i <= lastData; i++) if (counts[i] === 0) notData.push({ rowNumber: after[i]!.rowNumber, code: 'blank_row' });
  const body = after.filter((_, i) => counts[i]! > 0);
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
  return { headerRow, headers: headers.filter((h) => h !== ''), rows, notData };
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
