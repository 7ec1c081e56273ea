// The one CSV writer (exports, KPI figures, rejected import rows), built on csv-stringify:
// RFC 4180 with CRLF line ends, optionally a UTF-8 BOM (so Excel reads Vietnamese text as
// UTF-8), and cells neutralised against formula (CSV) injection.
//
// Formula injection (OWASP "CSV Injection"): a text cell that starts with =, +, -, @, a tab or
// a carriage return (or the full-width ＝ ＋ － ＠ that some spreadsheets normalise) is prefixed
// with a single quote, so a spreadsheet shows it as text instead of evaluating it.
// Decided exceptions, neither of which can carry a formula:
//  - JS numbers (and bigints) are never prefixed: -12.5 stays a number;
//  - text that is a plain decimal number ("-12.5", "+84", "-1e3") is not prefixed either, so
//    figures read from a file (rejected import rows) round-trip.
//
// Cells: null and undefined are empty, booleans "true"/"false", Dates ISO 8601, other objects
// JSON. A cell is quoted when it holds a comma, quote, CR or LF, a semicolon (the list separator
// of spreadsheets in many locales) or leading/trailing white space.
import { Readable } from 'node:stream';
import { stringify, type Options } from 'csv-stringify/sync';

export const BOM = '\uFEFF';

export type CsvRow = readonly unknown[];

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark (Excel then reads the file as UTF-8). */
  bom?: boolean;
}

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const PLAIN_NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The text of a cell as written: prefixed with ' when a spreadsheet would read it as a formula. */
export function neutraliseFormula(s: string): string {
  return s.length && FORMULA_START.has(s[0]!) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

const OPTIONS: Options = {
  record_delimiter: 'windows',
  eof: true,
  quote_record_delimiter: true,
  quoted_match: [/;/, /^\s|\s$/],
  cast: {
    string: neutraliseFormula,
    boolean: (v) => String(v),
    number: (v) => String(v),
    bigint: (v) => String(v),
    date: (v) => v.toISOString(),
    object: (v) => JSON.stringify(v),
  },
};

/** Rows to CSV text (each row ends with CRLF; an empty row is an empty line). */
export function toCsv(rows: readonly CsvRow[], opts: CsvOptions = {}): string {
  return (opts.bom ? BOM : '') + stringify(rows as unknown[][], OPTIONS);
}

/**
 * Rows arriving in batches (e.g. pages read from the database) to a CSV stream: each batch is
 * written when the reader asks for more, so memory stays flat for any number of rows.
 */
export function csvStream(batches: AsyncIterable<readonly CsvRow[]> | Iterable<readonly CsvRow[]>, opts: CsvOptions = {}): Readable {
  async function* chunks(): AsyncGenerator<string> {
    if (opts.bom) yield BOM;
    for await (const batch of batches) if (batch.length) yield toCsv(batch);
  }
  return Readable.from(chunks());
}
