import ExcelJS from 'exceljs';
import { ImportFileError } from './errors.ts';
import { foldText } from './text.ts';
import { buildTable, isEmptyCell, type RawRow } from './table.ts';
import { DEFAULT_MAX_ROWS, type ParsedFile, type ReadOptions } from './types.ts';

/** Sheet names of a workbook, in order. */
export async function listSheets(bytes: Uint8Array): Promise<string[]> {
  const workbook = await loadWorkbook(bytes);
  return workbook.worksheets.map((w) => w.name);
}

/**
 * XLSX → rows. Chooses the sheet by name (exact, then ignoring case and diacritics) or
 * 0-based index; by default the first sheet with data. Detects the header row below a
 * title block. Cell values: numbers and booleans as they are, text (rich text joined),
 * formulas as their cached result, dates as 'YYYY-MM-DD' (or 'YYYY-MM-DDTHH:mm:ss' when
 * they carry a time), hyperlinks as their text, error cells as the error text ('#N/A').
 */
export async function readXlsx(bytes: Uint8Array, options: ReadOptions = {}): Promise<ParsedFile> {
  const workbook = await loadWorkbook(bytes);
  const sheets = workbook.worksheets.map((w) => w.name);
  if (sheets.length === 0) throw new ImportFileError('empty', 'the workbook has no sheets');
  const worksheet = chooseSheet(workbook, options.sheet);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (worksheet.actualRowCount > maxRows + HEADER_ALLOWANCE) {
    throw new ImportFileError('too_many_rows', `sheet '${worksheet.name}' has ${worksheet.actualRowCount} rows; the limit is ${maxRows}`);
  }
  const raw: RawRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // exceljs repeats a merged cell's value in every cell of the range; keep it once, so a
      // merged title line does not look like a full row.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      cells[col - 1] = cellValue(cell.value);
    });
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    raw.push({ rowNumber, cells });
  });
  if (!raw.some((r) => r.cells.some((c) => !isEmptyCell(c)))) {
    throw new ImportFileError('empty', `sheet '${worksheet.name}' is empty`);
  }
  const table = buildTable(raw, { headerRow: options.headerRow, maxRows });
  return { format: 'xlsx', sheets, sheet: worksheet.name, ...table };
}

const HEADER_ALLOWANCE = 50;

async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs' typings predate Node's generic Buffer; the runtime accepts any Buffer.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new ImportFileError('malformed', `the file is not a readable XLSX workbook (${(error as Error).message})`);
  }
  return workbook;
}

function chooseSheet(workbook: ExcelJS.Workbook, wanted: string | number | undefined): ExcelJS.Worksheet {
  const all = workbook.worksheets;
  const names = all.map((w) => `'${w.name}'`).join(', ');
  if (typeof wanted === 'number') {
    const sheet = all[wanted];
    if (!sheet) throw new ImportFileError('sheet_not_found', `there is no sheet number ${wanted + 1}; the workbook has ${names}`);
    return sheet;
  }
  if (typeof wanted === 'string') {
    const sheet = all.find((w) => w.name === wanted) ?? all.find((w) => foldText(w.name) === foldText(wanted));
    if (!sheet) throw new ImportFileError('sheet_not_found', `there is no sheet '${wanted}'; the workbook has ${names}`);
    return sheet;
  }
  return all.find((w) => w.actualRowCount > 0) ?? (all[0] as ExcelJS.Worksheet);
}

/** Normalises one exceljs cell value to a plain value. */
export function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'string') return value.normalize('NFC');
  if (typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('').normalize('NFC');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result === undefined) return null;
    if (typeof result === 'object' && result !== null && !(result instanceof Date) && 'error' in result) return result.error;
    return cellValue(result as ExcelJS.CellValue);
  }
  if ('error' in value) return value.error;
  if ('hyperlink' in value) {
    const text = (value as ExcelJS.CellHyperlinkValue).text as unknown;
    if (typeof text === 'string') return text.normalize('NFC');
    if (text && typeof text === 'object' && 'richText' in text) return cellValue(text as ExcelJS.CellRichTextValue);
    return (value as ExcelJS.CellHyperlinkValue).hyperlink;
  }
  return JSON.stringify(value);
}

/** exceljs gives dates as UTC instants that stand for the sheet's wall-clock value. */
function formatDate(d: Date): string {
  const iso = d.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? date : `${date}T${time}`;
}
