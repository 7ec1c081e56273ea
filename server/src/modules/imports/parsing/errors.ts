/**
 * One error type for everything that makes a whole file unreadable: too big, empty,
 * mis-encoded, malformed. The message is meant for the person who uploaded the file and
 * names the row and column when there is one ("row 17, column 'Vĩ độ': not a number").
 */
export type ImportFileErrorCode =
  | 'too_large'
  | 'empty'
  | 'encoding'
  | 'malformed'
  | 'unsupported_format'
  | 'sheet_not_found'
  | 'too_many_rows'
  | 'unsupported_crs';

export interface ImportFileErrorDetails {
  row?: number;
  column?: string;
}

export class ImportFileError extends Error {
  readonly code: ImportFileErrorCode;
  readonly row: number | undefined;
  readonly column: string | undefined;

  constructor(code: ImportFileErrorCode, problem: string, details: ImportFileErrorDetails = {}) {
    super(locate(details) + problem);
    this.name = 'ImportFileError';
    this.code = code;
    this.row = details.row;
    this.column = details.column;
  }
}

/** "row 17, column 'Vĩ độ': " — the prefix shared by file errors and row errors. */
export function locate({ row, column }: ImportFileErrorDetails): string {
  const parts: string[] = [];
  if (row !== undefined) parts.push(`row ${row}`);
  if (column !== undefined) parts.push(`column '${column}'`);
  return parts.length ? `${parts.join(', ')}: ` : '';
}
