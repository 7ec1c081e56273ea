import { ImportFileError } from './errors.ts';
import { foldText } from './text.ts';
import { buildTable, isEmptyCell } from './table.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, type ParsedFile, type ReadOptions } from './types.ts';
import { openWorkbook, type DirectWorkbook, type SheetRef } from './xlsx-direct.ts';

/** Sheet names of a workbook, in order. */
export async function listSheets(bytes: Uint8Array): Promise<string[]> {
  return open(bytes, DEFAULT_MAX_BYTES).sheets.map((s) => s.name);
}

/**
 * XLSX → rows. Chooses the sheet by name (exact, then ignoring case and diacritics) or
 * 0-based index; by default the first sheet with data. Detects the header row below a
 * title block. Cell values: numbers and booleans as they are, text (rich text joined),
 * formulas as their cached result, dates as 'YYYY-MM-DD' (or 'YYYY-MM-DDTHH:mm:ss' when
 * they carry a time), hyperlinks as their text, error cells as the error text ('#N/A').
 *
 * Only the chosen sheet is read, straight from its XML (`xlsx-direct.ts`): no workbook
 * model is built, which keeps a 30,000-row upload to a fraction of a second.
 */
export async function readXlsx(bytes: Uint8Array, options: ReadOptions = {}): Promise<ParsedFile> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const workbook = open(bytes, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const sheets = workbook.sheets.map((s) => s.name);
  if (sheets.length === 0) throw new ImportFileError('empty', 'the workbook has no sheets');
  const { sheet, raw } = chooseSheet(workbook, options.sheet, maxRows);
  if (raw === 'too_many') {
    throw new ImportFileError('too_many_rows', `sheet '${sheet.name}' has more than ${maxRows + HEADER_ALLOWANCE} rows; the limit is ${maxRows}`);
  }
  if (!raw.some((r) => r.cells.some((c) => !isEmptyCell(c)))) {
    throw new ImportFileError('empty', `sheet '${sheet.name}' is empty`);
  }
  const table = buildTable(raw, { headerRow: options.headerRow, maxRows });
  return { format: 'xlsx', sheets, sheet: sheet.name, ...table };
}

const HEADER_ALLOWANCE = 50;

/** Unpacked sheet XML may be far larger than the file; this bounds a ZIP bomb (all parts together). */
const ENTRY_FACTOR = 20;
const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

function open(bytes: Uint8Array, maxBytes: number): DirectWorkbook {
  try {
    return openWorkbook(bytes, Math.min(maxBytes * ENTRY_FACTOR, MAX_UNPACKED_BYTES));
  } catch (error) {
    if (error instanceof ImportFileError && error.code !== 'malformed') throw error;
    const message = error instanceof ImportFileError ? error.message.replace(/^the file is not a readable XLSX workbook \((.*)\)$/, '$1') : (error as Error).message;
    throw new ImportFileError('malformed', `the file is not a readable XLSX workbook (${message})`);
  }
}

function chooseSheet(workbook: DirectWorkbook, wanted: string | number | undefined, maxRows: number) {
  const all = workbook.sheets;
  const names = all.map((w) => `'${w.name}'`).join(', ');
  const read = (sheet: SheetRef) => ({ sheet, raw: workbook.readRows(sheet, maxRows + HEADER_ALLOWANCE) });
  if (typeof wanted === 'number') {
    const sheet = all[wanted];
    if (!sheet) throw new ImportFileError('sheet_not_found', `there is no sheet number ${wanted + 1}; the workbook has ${names}`);
    return read(sheet);
  }
  if (typeof wanted === 'string') {
    const sheet = all.find((w) => w.name === wanted) ?? all.find((w) => foldText(w.name) === foldText(wanted));
    if (!sheet) throw new ImportFileError('sheet_not_found', `there is no sheet '${wanted}'; the workbook has ${names}`);
    return read(sheet);
  }
  // The first sheet with data, else the first sheet.
  for (const sheet of all) {
    const r = read(sheet);
    if (r.raw === 'too_many' || r.raw.length > 0) return r;
  }
  return read(all[0]!);
}
