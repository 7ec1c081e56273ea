// The platform's ZIP reader, its errors as import errors (the import report words them).
import { isZip, listZip as listPlatformZip, ZipError, type ZipEntry } from '../../../platform/zip.ts';
import { ImportFileError } from './errors.ts';

export { isZip, type ZipEntry };

const asImportError = <T>(f: () => T): T => {
  try {
    return f();
  } catch (error) {
    if (error instanceof ZipError) throw new ImportFileError(error.code, error.message);
    throw error;
  }
};

export function listZip(bytes: Uint8Array, maxEntryBytes: number): ZipEntry[] {
  return asImportError(() => listPlatformZip(bytes, maxEntryBytes)).map((e) => ({ ...e, read: () => asImportError(() => e.read()) }));
}
