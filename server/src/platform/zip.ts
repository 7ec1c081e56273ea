// The one ZIP reader (imports: XLSX, Shapefile and zipped uploads; documents: DOCX text). Reads
// the central directory of a stored or deflated archive (no ZIP64); an entry is inflated only
// when read, with an output limit, so a zip bomb fails with a clear error instead of filling
// memory. Errors carry a code the caller maps to its own error type.
import { inflateRawSync } from 'node:zlib';

export class ZipError extends Error {
  constructor(readonly code: 'malformed' | 'unsupported_format' | 'too_large', message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  name: string;
  size: number;
  read(): Buffer;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Lists the entries of a ZIP archive from its central directory; `read()` inflates one. */
export function listZip(bytes: Uint8Array, maxEntryBytes: number): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('malformed', 'the ZIP archive is damaged (no central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) {
      throw new ZipError('malformed', 'the ZIP archive is damaged (bad central directory entry)');
    }
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLength);
    // Bit 11: UTF-8 names; otherwise CP437, which for our purpose (extensions) is ASCII.
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLength + extraLength + commentLength;
    if (compressed === 0xffffffff || size === 0xffffffff) {
      throw new ZipError('unsupported_format', 'ZIP64 archives are not supported');
    }
    entries.push({
      name,
      size,
      read: () => {
        if (size > maxEntryBytes) {
          throw new ZipError('too_large', `'${name}' in the ZIP unpacks to ${size} bytes; the limit is ${maxEntryBytes}`);
        }
        // The offsets come from the file: one past its end is damage, not a RangeError.
        if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new ZipError('malformed', `the ZIP entry '${name}' is damaged`);
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        if (start + compressed > buf.length) throw new ZipError('malformed', `the ZIP entry '${name}' is damaged (cut short)`);
        const data = buf.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(data);
        if (method !== 8) throw new ZipError('unsupported_format', `the ZIP entry '${name}' uses an unsupported compression method`);
        try {
          return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
        } catch (error) {
          throw new ZipError('malformed', `the ZIP entry '${name}' cannot be unpacked (${(error as Error).message})`);
        }
      },
    });
  }
  return entries;
}

/** The uncompressed bytes of one entry, or null when the archive or the entry is not readable. */
export function zipEntry(bytes: Uint8Array, name: string, maxEntryBytes = 50 * 1024 * 1024): Buffer | null {
  try {
    return listZip(bytes, maxEntryBytes).find((e) => e.name === name)?.read() ?? null;
  } catch (error) {
    if (error instanceof ZipError) return null;
    throw error;
  }
}
