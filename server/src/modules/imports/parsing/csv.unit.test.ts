import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, readCsv } from './csv.ts';
import { ImportFileError } from './errors.ts';

const CONTENT = [
  'Tên doanh nghiệp;Địa chỉ;Phường;Kinh độ;Vĩ độ',
  'Công ty TNHH Ánh Dương;"12 Nguyễn Thị Thập; Khu phố 1";Phường Tân Hưng;106,7213;10,7295',
  'Hợp tác xã Đồng Tiến;45 Huỳnh Tấn Phát;Phường Tân Thuận Đông;106,7402;10,7551',
].join('\r\n');

function encode(text: string, encoding: string, bom = false): Uint8Array {
  if (encoding === 'windows1258') return windows1258(text);
  return iconv.encode(text, encoding, { addBOM: bom });
}

/**
 * Windows-1258 as Windows writes it: letters with circumflex, breve, horn (and đ) are
 * precomposed, tone marks are separate combining characters (0xCC ̀, 0xEC ́, 0xDE ̃,
 * 0xD2 ̉, 0xF2 ̣). iconv-lite's encoder does not decompose by itself (it writes '?').
 */
function windows1258(text: string): Uint8Array {
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const decomposed = text
    .normalize('NFD')
    .replace(/(\P{M})(\p{M}*)/gu, (_all, base: string, marks: string) => {
      const tones = marks.match(TONES)?.join('') ?? '';
      return (base + marks.replace(TONES, '')).normalize('NFC') + tones;
    });
  const bytes = iconv.encode(decomposed, 'windows1258');
  if (iconv.decode(bytes, 'windows1258').normalize('NFC') !== text.normalize('NFC')) throw new Error('fixture not encodable');
  return bytes;
}

describe('readCsv: encodings', () => {
  const cases: [string, Uint8Array, string][] = [
    ['UTF-8 without BOM', encode(CONTENT, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', encode(CONTENT, 'utf8', true), 'utf-8'],
    ['UTF-16 LE with BOM', encode(CONTENT, 'utf16le', true), 'utf-16le'],
    ['UTF-16 BE with BOM', encode(CONTENT, 'utf16be', true), 'utf-16be'],
    ['Windows-1258', encode(CONTENT, 'windows1258'), 'windows-1258'],
  ];
  it.each(cases)('%s: Vietnamese text round-trips exactly', (_name, bytes, encoding) => {
    const file = readCsv(bytes);
    expect(file.encoding).toBe(encoding);
    expect(file.delimiter).toBe(';');
    expect(file.headers).toEqual(['Tên doanh nghiệp', 'Địa chỉ', 'Phường', 'Kinh độ', 'Vĩ độ']);
    expect(file.rows[0]?.values).toEqual({
      'Tên doanh nghiệp': 'Công ty TNHH Ánh Dương',
      'Địa chỉ': '12 Nguyễn Thị Thập; Khu phố 1',
      Phường: 'Phường Tân Hưng',
      'Kinh độ': '106,7213',
      'Vĩ độ': '10,7295',
    });
    expect(file.rows[1]?.values['Phường']).toBe('Phường Tân Thuận Đông');
    // NFC, so equal to text typed in UTF-8 (Windows-1258 stores tones as combining marks).
    expect(file.rows[0]?.values['Phường']).toBe('Phường Tân Hưng'.normalize('NFC'));
    expect(file.rows.map((r) => r.rowNumber)).toEqual([2, 3]);
  });

  it('Windows-1258 really uses combining tone marks (the fixture is not trivially UTF-8-like)', () => {
    const bytes = encode('Nguyễn Thị Thập', 'windows1258');
    expect([...bytes]).toContain(0xde); // combining tilde of "ễ"
    expect([...bytes]).toContain(0xf2); // combining dot below of "ị", "ậ"
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const file = readCsv(encode(`Tên\nNguyễn Thị Thập`, 'windows1258'));
    expect(file.rows[0]?.values['Tên']).toBe('Nguyễn Thị Thập');
  });

  it('rejects text that is neither UTF-8 nor plausibly Windows-1258, naming the line', () => {
    const japanese = encode('名前,住所\n東京タワー,港区芝公園\n', 'shift_jis');
    expect(() => readCsv(japanese)).toThrow(ImportFileError);
    expect(() => readCsv(japanese)).toThrow(/not valid UTF-8.*Windows-1258/);
  });

  it('rejects UTF-8 with a damaged byte instead of reading it as Windows-1258 mojibake', () => {
    const good = Buffer.from('Tên,Phường\nCông ty Ánh Dương,Phường Tân Hưng\nHợp tác xã,Phường Tân Phú\n', 'utf8');
    const bad = Buffer.concat([good, Buffer.from([0x41, 0xff, 0x0a])]);
    try {
      readCsv(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFileError);
      expect((error as ImportFileError).code).toBe('encoding');
      expect((error as ImportFileError).row).toBe(4);
      expect((error as Error).message).toMatch(/^row 4: /);
    }
  });
});

describe('readCsv: structure', () => {
  it('detects comma, semicolon and tab delimiters', () => {
    expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(detectDelimiter('a;b;c\n"1,5";2;3')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1,5\t2\t3')).toBe('\t');
  });

  it('skips a title block above the header and keeps CSV line numbers', () => {
    const text = 'UBND QUẬN 7\nDanh sách trụ nước chữa cháy\n\nSTT,Tên,Phường\n1,Trụ 1,Phường Tân Hưng\n2,Trụ 2,Phường Tân Phú\n';
    const file = readCsv(Buffer.from(text));
    expect(file.headerRow).toBe(4);
    expect(file.headers).toEqual(['STT', 'Tên', 'Phường']);
    expect(file.rows.map((r) => r.rowNumber)).toEqual([5, 6]);
  });

  it('empty cells are null, blank lines are skipped, quoted line breaks keep row numbers right', () => {
    const text = 'Tên,Ghi chú\n"Trụ 1","dòng 1\ndòng 2"\n\nTrụ 2,\n';
    const file = readCsv(Buffer.from(text));
    expect(file.rows).toEqual([
      { rowNumber: 2, values: { Tên: 'Trụ 1', 'Ghi chú': 'dòng 1\ndòng 2' } },
      { rowNumber: 5, values: { Tên: 'Trụ 2', 'Ghi chú': null } },
    ]);
  });

  it('a row with more values than headers is an error naming the row, not silently dropped', () => {
    const text = 'Tên,Địa chỉ\nTrụ 1,12 Nguyễn Thị Thập\nTrụ 2,45, Huỳnh Tấn Phát\n';
    expect(() => readCsv(Buffer.from(text))).toThrow(/^row 3: 3 values but the header has 2 columns/);
  });

  it('an unclosed quote is a malformed-file error', () => {
    expect(() => readCsv(Buffer.from('Tên,Phường\n"Trụ 1,Phường Tân Hưng\n'))).toThrow(ImportFileError);
  });

  it('duplicate headers get a suffix so no value is lost', () => {
    const file = readCsv(Buffer.from('Tên,Tên,Số\nA,B,1\n'));
    expect(file.headers).toEqual(['Tên', 'Tên (2)', 'Số']);
    expect(file.rows[0]?.values).toEqual({ Tên: 'A', 'Tên (2)': 'B', Số: '1' });
  });

  it('an empty or whitespace-only file is an empty-file error', () => {
    expect(() => readCsv(Buffer.from(' \r\n '))).toThrow(/empty/);
  });
});

describe('readCsv: what the database cannot store, and size (issue 14 #12)', () => {
  it('drops NUL characters from cells and headers, keeping the rest of the text', async () => {
    const file = await readCsv(new TextEncoder().encode('Mã,Tên\u0000\nA1,Trụ\u0000 nước\n'));
    expect(file.headers).toEqual(['Mã', 'Tên']);
    expect(file.rows[0]!.values).toEqual({ Mã: 'A1', Tên: 'Trụ nước' });
  });
  it('reads more rows than a spread of arguments could hold', async () => {
    const lines = ['Mã,Số'];
    for (let i = 0; i < 150_000; i++) lines.push(`M${i},${i}`);
    const file = await readCsv(new TextEncoder().encode(lines.join('\n')), { maxRows: 200_000 });
    expect(file.rows).toHaveLength(150_000);
    expect(file.rows[149_999]!.values).toEqual({ Mã: 'M149999', Số: '149999' });
  });
});
