// Rows that are not data (issue 15): recognised by words, by shape, or because their numbers
// are the sums of the rows above; and the title block above the header.
import { describe, expect, it } from 'vitest';
import { prepareRows, type ImportMapping } from './import-rows.ts';
import { buildTable, lineKind, type RawRow } from './parsing/table.ts';
import type { DatasetDecl } from '../datasets/index.ts';
import type { ParsedFile } from './parsing/index.ts';
import { foldText } from '../../../../shared/text/vietnamese.ts';

const DECL: DatasetDecl = {
  id: 'x', titleVi: 'x', titleEn: 'x', domain: 'economy', ownerUnit: 'u', geometryType: 'none', publicRead: false, naturalKey: ['code'],
  fields: [
    { name: 'code', type: 'text', titleVi: 'Mã', titleEn: 'Code', required: true },
    { name: 'name', type: 'text', titleVi: 'Tên', titleEn: 'Name' },
    { name: 'amount', type: 'number', titleVi: 'Số tiền', titleEn: 'Amount' },
  ],
};
const MAPPING: ImportMapping = { fields: { code: 'Mã', name: 'Tên', amount: 'Số tiền' }, geometry: { kind: 'none' } };

function file(rows: (string | number | null)[][]): ParsedFile {
  const raw: RawRow[] = rows.map((cells, i) => ({ rowNumber: i + 1, cells }));
  const t = buildTable(raw, { maxRows: 1000 });
  return { format: 'csv', ...t };
}

describe('rows that are not data', () => {
  it('reports the title block, blank rows, a repeated header, totals by word and by sum, and notes; counts the data rows only', () => {
    const f = file([
      ['ỦY BAN NHÂN DÂN PHƯỜNG TÂN HƯNG'],
      ['Tính đến ngày 31/12/2024'],
      ['Mã', 'Tên', 'Số tiền'],
      ['A1', 'Công ty Cộng Hòa', 10],
      ['A2', 'Tổng hợp Tân Phú', 20],
      [null, null, null],
      ['Mã', 'Tên', 'Số tiền'],
      ['A3', 'Cộng đồng', 5],
      [null, null, 35],
      ['Tổng số:', null, 35],
      ['TỔNG CỘNG', null, 70],
      ['* Ghi chú: số liệu tạm tính'],
    ]);
    expect(f.notData).toEqual([
      { rowNumber: 1, code: 'title_row' },
      { rowNumber: 2, code: 'date_line' },
      { rowNumber: 6, code: 'blank_row' },
    ]);
    const out = prepareRows(DECL, f, MAPPING, undefined);
    const kinds = Object.fromEntries(out.map((o) => [o.rowNumber, o.ok ? 'ok' : o.skipped ?? 'rejected']));
    expect(kinds).toEqual({ 4: 'ok', 5: 'ok', 7: 'repeated_header', 8: 'ok', 9: 'sum_row', 10: 'totals_row', 11: 'totals_row', 12: 'note_row' });
  });

  it('does not take names that start like a total for totals', () => {
    const f = file([['Mã', 'Tên', 'Số tiền'], ['Cộng Hòa', 'x', 1], ['A2', 'Tổng kho', 2]]);
    expect(prepareRows(DECL, f, MAPPING, undefined).every((o) => o.ok)).toBe(true);
  });

  it('words a lone line', () => {
    expect(lineKind(foldText('TP. Hồ Chí Minh, ngày 05 tháng 3 năm 2025'))).toBe('date_line');
    expect(lineKind(foldText('Người lập biểu'))).toBe('note_row');
    expect(lineKind(foldText('DANH SÁCH DOANH NGHIỆP'))).toBe('title_row');
  });
});
