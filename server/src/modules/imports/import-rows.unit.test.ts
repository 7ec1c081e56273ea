import { describe, expect, it } from 'vitest';
import type { DatasetDecl, FieldDecl } from '../datasets/index.ts';
import { cellToValue, headerSignature, mappingProblems, prepareRows, rowPreparer } from './import-rows.ts';
import type { ParsedFile } from './parsing/index.ts';

const field = (type: FieldDecl['type'], extra: Partial<FieldDecl> = {}): FieldDecl => ({ name: 'f', type, titleVi: 'F', titleEn: 'F', ...extra });
const decl: DatasetDecl = {
  id: 'pts', titleVi: 'Điểm', titleEn: 'Points', domain: 'urban', ownerUnit: 'ioc', geometryType: 'point', publicRead: false, naturalKey: ['code'],
  fields: [
    { name: 'code', type: 'text', titleVi: 'Mã', titleEn: 'Code', required: true },
    { name: 'n', type: 'integer', titleVi: 'Số', titleEn: 'N', min: 0 },
  ],
};

describe('cellToValue', () => {
  it('reads Vietnamese numbers, dates, booleans and enum values without diacritics', () => {
    expect(cellToValue(field('number'), '1.186.706,25')).toEqual({ value: 1186706.25 });
    expect(cellToValue(field('integer'), 'ba')).toEqual({ problem: "not a number: 'ba'", code: 'not_number', params: { value: 'ba' } });
    expect(cellToValue(field('date'), '05/03/2021')).toEqual({ value: '2021-03-05' });
    expect(cellToValue(field('date'), '2021-03-05T00:00:00')).toEqual({ value: '2021-03-05' });
    expect(cellToValue(field('boolean'), 'Có')).toEqual({ value: true });
    expect(cellToValue(field('boolean'), 'không')).toEqual({ value: false });
    expect(cellToValue(field('enum', { values: ['Trụ nổi', 'Trụ âm'] }), 'TRU AM')).toEqual({ value: 'Trụ âm' });
    expect(cellToValue(field('text'), 301234567)).toEqual({ value: '301234567' });
    expect(cellToValue(field('text'), '  ')).toEqual({ value: undefined });
  });
});

describe('prepareRows', () => {
  const file: ParsedFile = {
    format: 'csv', headerRow: 1, headers: ['Mã', 'Số', 'lon', 'lat'],
    rows: [
      { rowNumber: 2, values: { Mã: 'A', Số: '1', lon: '106.7', lat: '10.74' } },
      { rowNumber: 3, values: { Mã: 'B', Số: '-1', lon: '106.7', lat: '10.74' } },
      { rowNumber: 4, values: { Mã: 'A', Số: '2', lon: '106.7', lat: '10.74' } },
      { rowNumber: 5, values: { Mã: 'C', Số: '2', lon: 'abc', lat: '10.74' } },
    ],
  };
  const mapping = { fields: { code: 'Mã', n: 'Số' }, geometry: { kind: 'coordinates' as const, eastColumn: 'lon', northColumn: 'lat' } };

  it('accepts good rows and rejects the others with column and reason, later duplicates included', () => {
    const out = prepareRows(decl, file, mapping, 'EPSG:4326');
    expect(out[0]).toMatchObject({ ok: true, key: 'A', props: { code: 'A', n: 1 }, geometry: { type: 'Point', coordinates: [106.7, 10.74] } });
    expect(out[1]).toEqual({ ok: false, rowNumber: 3, reasons: [{ column: 'Số', field: 'n', message: "must be at least 0 (got '-1')", code: 'below_min', params: { min: 0, value: '-1' } }] });
    expect(out[2]).toEqual({ ok: false, rowNumber: 4, reasons: [{ column: 'Mã', field: 'code', message: 'same code (A) as row 2', code: 'duplicate_key', params: { key: 'A', row: 2 } }] });
    expect(out[3]).toMatchObject({ ok: false, reasons: [{ column: 'lon', field: 'geometry', message: "not a number: 'abc'", code: 'coordinate_not_number', params: { value: 'abc' } }] });
  });

  it('validates batch by batch exactly as in one go, duplicates across batches included', () => {
    const next = rowPreparer(decl, file, mapping, undefined);
    expect([...next(0, 2), ...next(2, 3), ...next(3, 10)]).toEqual(prepareRows(decl, file, mapping, undefined));
    expect(() => rowPreparer(decl, file, mapping, undefined)(1, 2)).toThrow(/in order/);
  });

  it('checks the mapping itself', () => {
    expect(mappingProblems(decl, { fields: { n: 'Nope' }, geometry: { kind: 'none' } }, file.headers)).toEqual([
      'mapping: the file has no column "Nope" (for n)',
      'mapping: the natural key field "code" needs a column',
    ]);
    expect(headerSignature(['Tên', 'Mã', '_row', '_reasons'])).toBe(headerSignature(['MA', 'ten']));
  });
});
