import { readCsv } from './csv.ts';
import { ImportFileError } from './errors.ts';
import { readGeoJson } from './geojson.ts';
import { readShapefileZip } from './shapefile.ts';
import { DEFAULT_MAX_BYTES, type ImportFormat, type ParsedFile, type ReadOptions } from './types.ts';
import { readXlsx } from './xlsx.ts';
import { isZip, listZip } from './zip.ts';

/**
 * Reads an uploaded file into rows. The format comes from the content (ZIP signature,
 * JSON) and the file name's extension; anything else is read as CSV. Throws
 * ImportFileError for oversized, empty, mis-encoded or malformed files.
 */
export async function readImportFile(bytes: Uint8Array, options: ReadOptions = {}): Promise<ParsedFile> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength > maxBytes) {
    throw new ImportFileError('too_large', `the file is ${formatBytes(bytes.byteLength)}; the limit is ${formatBytes(maxBytes)}`);
  }
  if (bytes.byteLength === 0) throw new ImportFileError('empty', 'the file is empty');
  switch (detectFormat(bytes, options.filename, maxBytes)) {
    case 'xlsx':
      return readXlsx(bytes, options);
    case 'shapefile':
      return readShapefileZip(bytes, options);
    case 'geojson':
      return readGeoJson(bytes, options);
    case 'csv':
      return readCsv(bytes, options);
  }
}

export function detectFormat(bytes: Uint8Array, filename: string | undefined, maxBytes = DEFAULT_MAX_BYTES): ImportFormat {
  const ext = (filename ?? '').toLowerCase().split('.').pop() ?? '';
  if (isZip(bytes)) {
    const names = listZip(bytes, maxBytes).map((e) => e.name.toLowerCase());
    if (names.includes('xl/workbook.xml')) return 'xlsx';
    if (names.some((n) => n.endsWith('.shp'))) return 'shapefile';
    throw new ImportFileError('unsupported_format', 'the ZIP is neither an XLSX workbook nor a zipped Shapefile');
  }
  if (ext === 'xls') throw new ImportFileError('unsupported_format', 'old .xls workbooks are not supported; save the file as .xlsx');
  if (ext === 'xlsx') throw new ImportFileError('malformed', 'the file is named .xlsx but is not an XLSX workbook');
  if (ext === 'zip') throw new ImportFileError('malformed', 'the file is named .zip but is not a ZIP archive');
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart();
  return head.startsWith('{') ? 'geojson' : 'csv';
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
