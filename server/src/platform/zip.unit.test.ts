import { describe, expect, it } from 'vitest';
import { storedZip } from './test-zip.ts';
import { isZip, listZip, zipEntry, ZipError } from './zip.ts';

const makeZip = (files: Record<string, string>) => Buffer.from(storedZip(files, { deflate: true }));

describe('the one ZIP reader', () => {
  const zip = makeZip({ 'word/document.xml': '<w:t>Quyết định số 12</w:t>', 'Bản đồ.txt': 'phường Tân Hưng' });

  it('lists entries with UTF-8 names and reads one on demand', () => {
    expect(isZip(zip)).toBe(true);
    const entries = listZip(zip, 1024);
    expect(entries.map((e) => e.name)).toEqual(['word/document.xml', 'Bản đồ.txt']);
    expect(entries[1]!.read().toString('utf8')).toBe('phường Tân Hưng');
    expect(zipEntry(zip, 'word/document.xml')?.toString('utf8')).toBe('<w:t>Quyết định số 12</w:t>');
  });

  it('answers null for a missing entry or a damaged archive, and never throws a RangeError', () => {
    expect(zipEntry(zip, 'nope.xml')).toBeNull();
    expect(zipEntry(zip.subarray(0, zip.length - 30), 'word/document.xml')).toBeNull();
    expect(zipEntry(Buffer.from('PK\x03\x04 not really'), 'word/document.xml')).toBeNull();
  });

  it('refuses an entry that unpacks past the limit with a coded error', () => {
    const big = makeZip({ 'a.csv': 'x'.repeat(5000) });
    const [entry] = listZip(big, 100);
    expect(() => entry!.read()).toThrow(ZipError);
    try {
      entry!.read();
    } catch (error) {
      expect((error as ZipError).code).toBe('too_large');
    }
  });
});
