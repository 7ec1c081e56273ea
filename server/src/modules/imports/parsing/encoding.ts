import iconv from 'iconv-lite';
import { ImportFileError } from './errors.ts';
import type { TextEncodingName } from './types.ts';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/**
 * Decodes the bytes of a text file (CSV, GeoJSON) and returns NFC-normalised text.
 *
 * Order: a byte-order mark (UTF-8, UTF-16 LE/BE) wins; then UTF-16 without a BOM when
 * every other byte is zero; then strict UTF-8; then Windows-1258, the legacy Vietnamese
 * code page, but only when the decoded text looks like Vietnamese. Windows-1258 writes
 * tone marks as combining characters, so the text is normalised to NFC: "Nguyễn" from a
 * 1258 file then equals "Nguyễn" typed in UTF-8.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: strictUtf8(buf.subarray(3)), encoding: 'utf-8' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: nfc(iconv.decode(buf.subarray(2), 'utf-16le')), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: nfc(iconv.decode(buf.subarray(2), 'utf-16be')), encoding: 'utf-16be' };
  const bomless16 = bomlessUtf16(buf);
  if (bomless16) return { text: nfc(iconv.decode(buf, bomless16)), encoding: bomless16 };

  const utf8 = tryUtf8(buf);
  if (utf8 !== null) return { text: nfc(utf8), encoding: 'utf-8' };

  const legacy = nfc(iconv.decode(buf, 'windows1258'));
  if (looksVietnamese(legacy)) return { text: legacy, encoding: 'windows-1258' };

  const { line, offset } = firstInvalidUtf8(buf);
  throw new ImportFileError(
    'encoding',
    `the file is not valid UTF-8 (first bad byte at line ${line}, byte ${offset + 1}) and does not look like ` +
      'Windows-1258 Vietnamese text either; save it as "CSV UTF-8" and upload again',
    { row: line },
  );
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function tryUtf8(buf: Buffer): string | null {
  try {
    return fatalUtf8.decode(buf);
  } catch {
    return null;
  }
}

function strictUtf8(buf: Buffer): string {
  const text = tryUtf8(buf);
  if (text === null) {
    const { line, offset } = firstInvalidUtf8(buf);
    throw new ImportFileError(
      'encoding',
      `the file starts with a UTF-8 byte-order mark but contains invalid UTF-8 (byte ${offset + 4}); it is damaged or mixes encodings`,
      { row: line },
    );
  }
  return nfc(text);
}

function nfc(text: string): string {
  return text.normalize('NFC');
}

function bomlessUtf16(buf: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(buf.length - (buf.length % 2), 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZero++;
    if (buf[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Punctuation that legitimately appears in Vietnamese office documents. */
const ALLOWED_SYMBOLS = new Set([...'“”‘’–—…°·€\u00a0']);

/** UTF-8 Vietnamese read as Windows-1258: "ệ" → "á»‡", "đ" → "Ä‘", "ư" → "Æ°". */
const UTF8_AS_1258 = /á[»º]|Ä‘|Æ[°¯]/;

/**
 * Every non-ASCII character must be a Latin letter with diacritics (possibly a lone
 * combining mark, as Windows-1258 writes tones) or common office punctuation, and no C0/C1
 * control characters except tab and line breaks. UTF-8 misread as 1258 produces symbol
 * soup ("Ã¡", "áº") and control characters, so it fails; so does Chinese, Japanese or
 * binary data.
 */
export function looksVietnamese(text: string): boolean {
  let nonAscii = 0;
  let bad = 0;
  for (const ch of text.normalize('NFD')) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) {
      if (code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') bad++;
      continue;
    }
    nonAscii++;
    if (/\p{M}/u.test(ch) || ch === 'đ' || ch === 'Đ' || ALLOWED_SYMBOLS.has(ch)) continue;
    bad++;
  }
  return bad === 0 && nonAscii > 0 && !UTF8_AS_1258.test(text);
}

function firstInvalidUtf8(buf: Buffer): { line: number; offset: number } {
  let line = 1;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] ?? 0;
    if (b === 0x0a) line++;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return { line, offset: i };
    for (let k = 1; k < len; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return { line, offset: i };
    }
    i += len;
  }
  return { line, offset: i };
}
