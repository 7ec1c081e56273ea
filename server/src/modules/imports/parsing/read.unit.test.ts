import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from './errors.ts';
import { detectFormat, readImportFile } from './read.ts';

describe('readImportFile', () => {
  it('rejects oversized files before parsing', async () => {
    const bytes = Buffer.alloc(2048, 0x41);
    await expect(readImportFile(bytes, { maxBytes: 1024 })).rejects.toMatchObject({ code: 'too_large' });
    await expect(readImportFile(bytes, { maxBytes: 1024 })).rejects.toThrow(/the limit is 1 KB/);
  });

  it('rejects empty files', async () => {
    await expect(readImportFile(new Uint8Array(0))).rejects.toMatchObject({ code: 'empty' });
  });

  it('rejects too many rows', async () => {
    const csv = Buffer.from('Tên\n' + Array.from({ length: 11 }, (_, i) => `Trụ ${i}`).join('\n'));
    await expect(readImportFile(csv, { maxRows: 10 })).rejects.toMatchObject({ code: 'too_many_rows' });
  });

  it('chooses the format from the content and the name', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('A').getRow(1).values = ['Tên', 'Phường'];
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(detectFormat(xlsx, 'bang.xlsx')).toBe('xlsx');
    expect(detectFormat(xlsx, undefined)).toBe('xlsx');
    expect(detectFormat(Buffer.from('{"type":"Feature"}'), undefined)).toBe('geojson');
    expect(detectFormat(Buffer.from('a,b\n1,2'), 'x.csv')).toBe('csv');
    expect(() => detectFormat(Buffer.from('a,b'), 'old.xls')).toThrow(ImportFileError);
    expect(() => detectFormat(Buffer.from('a,b'), 'fake.xlsx')).toThrow(/not an XLSX/);
  });
});
