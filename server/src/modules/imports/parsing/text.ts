/**
 * Text folding for comparisons: lower case, Vietnamese diacritics removed (đ → d),
 * punctuation and runs of spaces collapsed to one space.
 * "Tên doanh nghiệp" and "TEN_DOANH-NGHIEP " both become "ten doanh nghiep".
 */
export function foldText(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(input: string): string[] {
  const folded = foldText(input);
  return folded ? folded.split(' ') : [];
}

/**
 * Text as PostgreSQL can store it: without NUL characters (a text or jsonb value cannot hold
 * one, and one such cell would fail the whole batch of rows written with it). NUL carries no
 * meaning in a spreadsheet cell; it comes from broken exports.
 */
export function storableText(input: string): string {
  return input.includes('\u0000') ? input.replaceAll('\u0000', '') : input;
}
