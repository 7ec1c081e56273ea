import { parse } from 'csv-parse/sync';
import { decodeText } from './encoding.ts';
import { ImportFileError } from './errors.ts';
import { buildTable, type RawRow } from './table.ts';
import { DEFAULT_MAX_ROWS, type ParsedFile, type ReadOptions } from './types.ts';

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** CSV → rows. Encoding and delimiter are detected; values stay text (null when empty). */
export function readCsv(bytes: Uint8Array, options: ReadOptions = {}): ParsedFile {
  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') throw new ImportFileError('empty', 'the file is empty');
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const reason = (error as Error).message.replace(/^Invalid [^:]*: /, '');
    throw new ImportFileError('malformed', `the CSV cannot be read: ${reason}`, line !== undefined ? { row: line } : {});
  }
  const raw: RawRow[] = records.map(({ record, info }) => {
    // info.lines is the line where the record ends; quoted line breaks push it down.
    const breaks = record.reduce((n, field) => n + (field.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
    return { rowNumber: info.lines - breaks, cells: record };
  });
  const table = buildTable(raw, {
    headerRow: options.headerRow,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    strictWidth: true,
  });
  return { format: 'csv', encoding, delimiter, ...table };
}

/**
 * Picks the delimiter that splits the first lines most consistently, ignoring anything
 * inside double quotes. Vietnamese Excel exports use ';' when the comma is the decimal
 * separator.
 */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').slice(0, 30);
  let best: string = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const frequency = new Map<number, number>();
    for (const c of counts) if (c > 0) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    let mode = 0;
    let modeCount = 0;
    for (const [c, f] of frequency) if (f > modeCount || (f === modeCount && c > mode)) [mode, modeCount] = [c, f];
    if (mode === 0) continue;
    const score = (modeCount / lines.length) * 1000 + mode;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let inQuotes = false;
  let n = 0;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === d && !inQuotes) n++;
  }
  return n;
}
