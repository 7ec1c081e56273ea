// The one Vietnamese text-folding helper, used by the server (search, validation, category
// suggestion, import mapping) and by the web client (map search). Runtime code shared by
// both sides: it imports nothing.
//
// Folding removes every combining mark after Unicode decomposition, so tone marks and vowel
// marks both go, whatever the tone placement (old style "hoà" and new style "hòa" both fold
// to "hoa"), and maps đ/Đ (a separate letter, not a mark) to d.

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Without diacritics, case kept: "Phường Tân Hưng" → "Phuong Tan Hung", "Đ" → "D". */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** Lower-case, without diacritics, whitespace collapsed and trimmed: for comparing names. */
export function foldText(text: string): string {
  return stripDiacritics(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Lower-case, without diacritics, only letters and digits separated by single spaces: for word matching. */
export function foldWords(text: string): string {
  return stripDiacritics(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
