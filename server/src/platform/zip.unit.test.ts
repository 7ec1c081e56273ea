import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isZip, listZip, zipEntry, ZipError } from './zip.ts';

/** A minimal ZIP archive (deflated entries, UTF-8 names), written by hand so the test owns every byte. */
function makeZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(files).length, 8);
  eocd.writeUInt16LE(Object.keys(files).length, 10);
  eocd.writeUInt32LE(dir.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, eocd]);
}

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
