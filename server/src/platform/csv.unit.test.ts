import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { BOM, csvStream, neutraliseFormula, toCsv } from './csv.ts';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

describe('toCsv', () => {
  it('writes rows with CRLF line ends, empty cells for null and undefined', () => {
    expect(toCsv([['id', 'name'], [1, 'a'], [2, null], [3, undefined], []])).toBe('id,name\r\n1,a\r\n2,\r\n3,\r\n\r\n');
    expect(toCsv([])).toBe('');
  });

  it('writes booleans, numbers, dates and objects as the exports always did', () => {
    expect(toCsv([[true, false, 0, -1.5, 12n, new Date('2026-01-02T03:04:05Z'), { a: 1 }, [1, 2]]]))
      .toBe('true,false,0,-1.5,12,2026-01-02T03:04:05.000Z,"{""a"":1}","[1,2]"\r\n');
  });

  it('quotes commas, quotes, newlines, semicolons and edge white space; doubles quotes', () => {
    const row = ['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'x;y', ' lead', 'trail ', 'plain text'];
    const csv = toCsv([row]);
    expect(csv).toBe('"a,b","say ""hi""","two\nlines","cr\rhere","x;y"," lead","trail ",plain text\r\n');
    expect(parse(csv)).toEqual([row]);
  });

  it('keeps Vietnamese text intact, with a UTF-8 BOM when asked', () => {
    const csv = toCsv([['Tên', 'Phường'], ['Trụ nước Nguyễn Thị Thập', 'Tân Hưng']], { bom: true });
    expect(csv.startsWith(BOM)).toBe(true);
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.slice(1)).toBe('Tên,Phường\r\nTrụ nước Nguyễn Thị Thập,Tân Hưng\r\n');
    expect(toCsv([['a']])).toBe('a\r\n');
  });

  it('neutralises formula injection with a leading single quote (OWASP)', () => {
    const evil = ['=1+1', '+cmd|/C calc!A0', '-2+3+cmd|/C calc!A0', '@SUM(A1:A2)', '\t=1', '\r=1', '＝1+1', '＋1', '－1+1', '＠x'];
    const [row] = parse(toCsv([evil]), { relax_quotes: true }) as string[][];
    expect(row).toEqual(evil.map((s) => `'${s}`));
  });

  it('keeps numbers as numbers: JS numbers and plain numeric text are not prefixed', () => {
    expect(toCsv([[-5, -0.25, '-12.5', '+84', '-1e3', '-', '-x', '- 5', '1-2', 'a=b']])).toBe("-5,-0.25,-12.5,+84,-1e3,'-,'-x,'- 5,1-2,a=b\r\n");
    expect(neutraliseFormula('')).toBe('');
    expect(neutraliseFormula('Quận 7')).toBe('Quận 7');
  });

  it('quotes a neutralised cell when it also needs quoting', () => {
    expect(toCsv([['=HYPERLINK("http://x","a,b")']])).toBe('"\'=HYPERLINK(""http://x"",""a,b"")"\r\n');
  });
});

describe('csvStream', () => {
  it('streams batches as they come, with one BOM at the start, the same text as toCsv', async () => {
    async function* batches() {
      yield [['id', 'tên']];
      yield [];
      for (let b = 0; b < 3; b++) yield Array.from({ length: 1000 }, (_, i) => [b * 1000 + i, `Đường số ${i}`]);
    }
    const all = [['id', 'tên'], ...Array.from({ length: 3000 }, (_, i) => [i, `Đường số ${i % 1000}`])];
    expect(await text(csvStream(batches(), { bom: true }))).toBe(toCsv(all, { bom: true }));
  });

  it('pulls batches only as the reader asks (memory stays flat)', async () => {
    let produced = 0;
    async function* batches() {
      for (let b = 0; b < 1_000_000; b++) {
        produced++;
        yield [[b, 'x'.repeat(1000)]];
      }
    }
    const stream = csvStream(batches());
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await it.return?.();
    expect(produced).toBeLessThan(1000);
  });

  it('passes a failing source on as a stream error', async () => {
    async function* batches(): AsyncGenerator<unknown[][]> {
      yield [['a']];
      throw new Error('database gone');
    }
    await expect(text(csvStream(batches()))).rejects.toThrow('database gone');
  });
});
