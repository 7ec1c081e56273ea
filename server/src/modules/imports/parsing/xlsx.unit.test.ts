import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from './errors.ts';
import { listSheets, readXlsx } from './xlsx.ts';
import { openWorkbook } from './xlsx-direct.ts';
import { craftedXlsx } from './test-zip.ts';

async function reportWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Ghi chú').getCell('A1').value = 'Nguồn: Phòng Kinh tế';
  const ws = wb.addWorksheet('Doanh nghiệp');
  // A typical title block: merged title lines, a date line, a blank row, then the table.
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = 'ỦY BAN NHÂN DÂN QUẬN 7';
  ws.mergeCells('A2:F2');
  ws.getCell('A2').value = 'DANH SÁCH DOANH NGHIỆP ĐANG HOẠT ĐỘNG';
  ws.getCell('A3').value = 'Ngày báo cáo: 30/6/2025';
  ws.getRow(5).values = ['STT', 'Tên doanh nghiệp', 'Phường', 'Ngày cấp phép', 'Vốn (triệu đồng)', 'Vốn (tỷ đồng)'];
  ws.getRow(6).values = [1, 'Công ty TNHH Ánh Dương', 'Phường Tân Hưng', new Date(Date.UTC(2020, 2, 15)), 1500, { formula: 'E6/1000', result: 1.5 }];
  ws.getRow(7).values = [
    2,
    { richText: [{ text: 'Hợp tác xã ' }, { font: { bold: true }, text: 'Đồng Tiến' }] },
    'Phường Tân Thuận Đông',
    new Date(Date.UTC(2021, 11, 1, 8, 30)),
    null,
    { formula: 'E6/500', result: 3 },
  ];
  ws.getRow(9).values = [3, 'Nguyễn Thị Thập Trading', 'Phường Tân Phú', null, 200, null];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readXlsx', () => {
  it('lists sheets and picks one by name (ignoring diacritics) or index', async () => {
    const bytes = await reportWorkbook();
    expect(await listSheets(bytes)).toEqual(['Ghi chú', 'Doanh nghiệp']);
    expect((await readXlsx(bytes, { sheet: 'doanh nghiep' })).sheet).toBe('Doanh nghiệp');
    expect((await readXlsx(bytes, { sheet: 1 })).sheet).toBe('Doanh nghiệp');
    expect((await readXlsx(bytes)).sheet).toBe('Ghi chú');
    await expect(readXlsx(bytes, { sheet: 'Hộ kinh doanh' })).rejects.toThrow(/no sheet 'Hộ kinh doanh'.*'Ghi chú', 'Doanh nghiệp'/);
  });

  it('skips the title block to find the header row and reads typed cell values', async () => {
    const file = await readXlsx(await reportWorkbook(), { sheet: 'Doanh nghiệp' });
    expect(file.format).toBe('xlsx');
    expect(file.sheets).toEqual(['Ghi chú', 'Doanh nghiệp']);
    expect(file.headerRow).toBe(5);
    expect(file.headers).toEqual(['STT', 'Tên doanh nghiệp', 'Phường', 'Ngày cấp phép', 'Vốn (triệu đồng)', 'Vốn (tỷ đồng)']);
    expect(file.rows).toEqual([
      {
        rowNumber: 6,
        values: {
          STT: 1,
          'Tên doanh nghiệp': 'Công ty TNHH Ánh Dương',
          Phường: 'Phường Tân Hưng',
          'Ngày cấp phép': '2020-03-15',
          'Vốn (triệu đồng)': 1500,
          'Vốn (tỷ đồng)': 1.5,
        },
      },
      {
        rowNumber: 7,
        values: {
          STT: 2,
          'Tên doanh nghiệp': 'Hợp tác xã Đồng Tiến',
          Phường: 'Phường Tân Thuận Đông',
          'Ngày cấp phép': '2021-12-01T08:30:00',
          'Vốn (triệu đồng)': null,
          'Vốn (tỷ đồng)': 3,
        },
      },
      {
        rowNumber: 9,
        values: {
          STT: 3,
          'Tên doanh nghiệp': 'Nguyễn Thị Thập Trading',
          Phường: 'Phường Tân Phú',
          'Ngày cấp phép': null,
          'Vốn (triệu đồng)': 200,
          'Vốn (tỷ đồng)': null,
        },
      },
    ]);
  });

  it('the header row can be forced', async () => {
    const file = await readXlsx(await reportWorkbook(), { sheet: 1, headerRow: 5 });
    expect(file.rows).toHaveLength(3);
  });

  it('data in a column without a header is kept under a generated name', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getRow(1).values = ['Tên', 'Phường'];
    ws.getRow(2).values = ['Trụ 1', 'Phường Tân Hưng', 'ghi chú lạc'];
    const file = await readXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(file.headers).toEqual(['Tên', 'Phường', 'Column C']);
    expect(file.rows[0]?.values['Column C']).toBe('ghi chú lạc');
  });

  it('reads booleans, error cells, hyperlinks, formula results, escaped text and dates by number format', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Trống');
    const ws = wb.addWorksheet('Số liệu & <ghi chú>');
    ws.getRow(1).values = ['Tên & mã', 'Có', 'Lỗi', 'Trang', 'Công thức lỗi', 'Công thức đúng/sai', 'Công thức chữ', 'Ngày', 'Số'];
    ws.getRow(2).values = [
      'x < y', true, { error: '#N/A' }, { text: 'Trang chủ', hyperlink: 'https://example.vn' },
      { formula: 'NA()', result: { error: '#N/A' } }, { formula: 'TRUE()', result: true }, { formula: 'A2', result: 'x < y' },
      new Date(Date.UTC(2024, 0, 31)), 1.25,
    ];
    ws.getRow(3).values = ['tab\there "q" \'a\'', false, null, 'Thủ Đức', null, null, null, new Date(Date.UTC(1999, 11, 31, 23, 59, 59)), -3];
    ws.getCell('I3').numFmt = '#,##0.00 "đ"';
    const file = await readXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(file.sheets).toEqual(['Trống', 'Số liệu & <ghi chú>']);
    expect(file.sheet).toBe('Số liệu & <ghi chú>');
    expect(file.headers[0]).toBe('Tên & mã');
    expect(file.rows.map((r) => Object.values(r.values))).toEqual([
      ['x < y', true, '#N/A', 'Trang chủ', '#N/A', true, 'x < y', '2024-01-31', 1.25],
      ['tab\there "q" \'a\'', false, null, 'Thủ Đức', null, null, null, '1999-12-31T23:59:59', -3],
    ]);
  });

  it('stops at the row limit', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['Tên', 'Số']);
    for (let i = 0; i < 80; i++) ws.addRow([`Trụ ${i}`, i]);
    await expect(readXlsx(new Uint8Array(await wb.xlsx.writeBuffer()), { maxRows: 20 })).rejects.toMatchObject({ code: 'too_many_rows' });
  });

  it('a damaged workbook or an empty sheet gives a clear error', async () => {
    await expect(readXlsx(Buffer.from('PK\u0003\u0004 not really a zip'))).rejects.toThrow(ImportFileError);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Trống');
    await expect(readXlsx(new Uint8Array(await wb.xlsx.writeBuffer()))).rejects.toThrow(/empty/);
  });
});

describe('crafted workbooks (issue 14 #2)', () => {
  it('reads a hand-made minimal workbook', async () => {
    const file = await readXlsx(craftedXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>Tên</t></is></c><c r="B1" t="inlineStr"><is><t>Số</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Một</t></is></c><c r="B2"><v>1</v></c></row>'));
    expect(file.rows.map((r) => r.values)).toEqual([{ Tên: 'Một', Số: 1 }]);
  });
  it('refuses a cell beyond column XFD at once instead of allocating the gap', async () => {
    const bomb = craftedXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="ZZZZZZ1"><v>1</v></c></row>');
    expect(bomb.byteLength).toBeLessThan(2_000);
    await expect(readXlsx(bomb)).rejects.toMatchObject({ code: 'malformed', message: expect.stringMatching(/row 1: cell ZZZZZZ1 lies beyond column XFD/) });
    // The last real column is fine.
    await expect(readXlsx(craftedXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1" t="inlineStr"><is><t>b</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>2</v></c></row>'))).resolves.toBeTruthy();
  });
  it('counts every unpacked part against one budget', () => {
    const big = 'x'.repeat(40_000);
    const wb = openWorkbook(craftedXlsx('<row r="1"><c r="A1"><v>1</v></c></row>', { 'xl/sharedStrings.xml': `<sst><si><t>${big}</t></si></sst>`, 'xl/styles.xml': `<styleSheet>${big}</styleSheet>` }), 60_000);
    expect(() => wb.readRows(wb.sheets[0]!, 10)).toThrow(ImportFileError);
    expect(() => wb.readRows(wb.sheets[0]!, 10)).toThrow(/unpacks to more than/);
  });
});
