// Which database errors mean "the value the client sent cannot be stored or compared" (an
// impossible date such as 2025-02-30, an integer beyond the column's range, a NUL byte in
// text): SQLSTATE class 22, data exception. They are the client's mistake — 400, not 500 —
// whichever route let the value through to SQL (issue 14 #12).
const DATA_EXCEPTION = /^22/;

export function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && DATA_EXCEPTION.test(code);
}
