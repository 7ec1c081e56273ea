/**
 * Numbers as they appear in Vietnamese spreadsheets and survey tables: "106,7213"
 * (comma decimal), "1.186.706,25" (dot thousands), "1,186,706.25", "606 099,738",
 * and degrees-minutes-seconds such as 106°43'18.5"E. Returns null when the text is not
 * a number (the caller names the row and column).
 */
export function parseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!text) return null;
  const dms = parseDms(text);
  if (dms !== null) return dms;
  if (!/^[+-]?[\d.,]+$/.test(text) || !/\d/.test(text)) return null;
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  let normalised: string;
  if (lastComma >= 0 && lastDot >= 0) {
    // Both present: the later one is the decimal separator.
    const [thousands, decimal] = lastComma > lastDot ? ['.', ','] : [',', '.'];
    const [intPart, fraction, extra] = text.split(decimal);
    if (extra !== undefined || fraction === undefined) return null;
    if (!validGrouping(intPart ?? '', thousands)) return null;
    normalised = `${(intPart ?? '').split(thousands).join('')}.${fraction}`;
  } else if (lastComma >= 0) {
    normalised = countOf(text, ',') === 1 ? text.replace(',', '.') : groupedOrNull(text, ',');
  } else if (lastDot >= 0) {
    normalised = countOf(text, '.') === 1 ? text : groupedOrNull(text, '.');
  } else {
    normalised = text;
  }
  if (!normalised) return null;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}

function countOf(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/** "1.186.706" → "1186706" when every group after the first has three digits. */
function groupedOrNull(text: string, sep: string): string {
  return validGrouping(text, sep) ? text.split(sep).join('') : '';
}

function validGrouping(intPart: string, sep: string): boolean {
  const groups = intPart.replace(/^[+-]/, '').split(sep);
  return groups.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) || groups.length === 1 : /^\d{3}$/.test(g)));
}

const DMS = /^([+-]?)(\d{1,3})°(?:(\d{1,2})['′])?(?:(\d{1,2}(?:[.,]\d+)?)(?:"|″|''))?([NSEWB]?)$/i;

function parseDms(text: string): number | null {
  const m = DMS.exec(text);
  if (!m) return null;
  const [, sign, d, min, sec, hemi] = m;
  const value = Number(d) + Number(min ?? 0) / 60 + Number((sec ?? '0').replace(',', '.')) / 3600;
  const negative = sign === '-' || /^[SW]$/i.test(hemi ?? '');
  return negative ? -value : value;
}
