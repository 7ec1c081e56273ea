import { describe, expect, it } from 'vitest';
import { suggestGeometry, suggestMapping, type FieldDeclaration } from './mapping.ts';
import { foldText } from './text.ts';

const ENTERPRISE_FIELDS: FieldDeclaration[] = [
  { name: 'name', titleVi: 'Tên doanh nghiệp', titleEn: 'Enterprise name' },
  { name: 'taxCode', titleVi: 'Mã số thuế', titleEn: 'Tax code', aliases: ['MST'] },
  { name: 'address', titleVi: 'Địa chỉ', titleEn: 'Address' },
  { name: 'ward', titleVi: 'Phường', titleEn: 'Ward', aliases: ['Phường/xã'] },
  { name: 'registeredOn', titleVi: 'Ngày cấp giấy chứng nhận', titleEn: 'Registration date' },
];

describe('foldText', () => {
  it('removes case, diacritics (đ → d) and punctuation', () => {
    expect(foldText('Tên doanh nghiệp')).toBe('ten doanh nghiep');
    expect(foldText('  ĐỊA_CHỈ (số nhà, đường) ')).toBe('dia chi so nha duong');
    expect(foldText('Phường/xã')).toBe('phuong xa');
  });
});

describe('suggestMapping', () => {
  it.each([['Tên doanh nghiệp'], ['Ten doanh nghiep'], ['TÊN DOANH NGHIỆP'], ['ten_doanh_nghiep'], ['Enterprise name']])(
    '%s → name (exact)',
    (header) => {
      const { columns } = suggestMapping([header, 'Địa chỉ'], ENTERPRISE_FIELDS);
      expect(columns).toContainEqual({ header, field: 'name', confidence: 1, match: 'exact' });
    },
  );

  it('uses aliases, compact spellings, containment and token overlap, one field per header', () => {
    const headers = ['STT', 'MST', 'Tendoanhnghiep', 'Địa chỉ trụ sở chính', 'Phuong/xa', 'Ngày cấp', 'Ghi chú'];
    const { columns, unmapped } = suggestMapping(headers, ENTERPRISE_FIELDS);
    const byHeader = Object.fromEntries(columns.map((c) => [c.header, c]));
    expect(byHeader['MST']).toMatchObject({ field: 'taxCode', match: 'alias', confidence: 0.95 });
    expect(byHeader['Tendoanhnghiep']).toMatchObject({ field: 'name', confidence: 0.9 });
    expect(byHeader['Địa chỉ trụ sở chính']).toMatchObject({ field: 'address', match: 'contains' });
    expect(byHeader['Phuong/xa']).toMatchObject({ field: 'ward', match: 'alias' });
    expect(byHeader['Ngày cấp']).toMatchObject({ field: 'registeredOn', match: 'contains' });
    expect(byHeader['Địa chỉ trụ sở chính']!.confidence).toBeLessThan(0.9);
    expect(unmapped).toEqual(['STT', 'Ghi chú']);
    expect(new Set(columns.map((c) => c.field)).size).toBe(columns.length);
  });

  it('does not suggest weak matches', () => {
    expect(suggestMapping(['Số lao động'], ENTERPRISE_FIELDS).columns).toEqual([]);
  });
});

describe('suggestGeometry', () => {
  it('recognises lon/lat in English and Vietnamese, with or without diacritics', () => {
    expect(suggestGeometry(['Tên', 'Kinh độ', 'Vĩ độ'])).toMatchObject({ kind: 'coordinates', eastColumn: 'Kinh độ', northColumn: 'Vĩ độ', axisOrder: 'lonlat' });
    expect(suggestGeometry(['LAT', 'LNG'])).toMatchObject({ eastColumn: 'LNG', northColumn: 'LAT' });
    expect(suggestGeometry(['kinh do (WGS84)', 'vi do (WGS84)'])).toMatchObject({ eastColumn: 'kinh do (WGS84)', northColumn: 'vi do (WGS84)' });
  });

  it('recognises WKT columns', () => {
    expect(suggestGeometry(['Tên', 'Hình học'])).toEqual({ kind: 'wkt', column: 'Hình học', confidence: 0.9 });
    expect(suggestGeometry(['WKT'])).toMatchObject({ kind: 'wkt', column: 'WKT' });
  });

  it('VN-2000: X is the northing and Y the easting', () => {
    const g = suggestGeometry(['Số hiệu', 'X', 'Y'], { crs: 'EPSG:9210' });
    expect(g).toMatchObject({ kind: 'coordinates', northColumn: 'X', eastColumn: 'Y', axisOrder: 'survey' });
    expect(suggestGeometry(['Tọa độ X (m)', 'Tọa độ Y (m)'], { crs: 'EPSG:9210' })).toMatchObject({
      northColumn: 'Tọa độ X (m)',
      eastColumn: 'Tọa độ Y (m)',
    });
  });

  it('WGS 84: X is longitude', () => {
    expect(suggestGeometry(['X', 'Y'], { crs: 'EPSG:4326' })).toMatchObject({ eastColumn: 'X', northColumn: 'Y', axisOrder: 'lonlat' });
  });

  it('without a CRS, sample values tell survey X/Y from GIS X/Y', () => {
    const survey = [{ X: '1186706,248', Y: '606099,738' }, { X: '1187860,268', Y: '603711,462' }];
    expect(suggestGeometry(['X', 'Y'], { sampleRows: survey })).toMatchObject({ northColumn: 'X', eastColumn: 'Y', axisOrder: 'survey' });
    const gis = [{ X: 606099.738, Y: 1186706.248 }];
    expect(suggestGeometry(['X', 'Y'], { sampleRows: gis })).toMatchObject({ northColumn: 'Y', eastColumn: 'X', axisOrder: 'gis' });
  });

  it('geometry columns are not offered as fields', () => {
    const m = suggestMapping(['Tên doanh nghiệp', 'X', 'Y'], [...ENTERPRISE_FIELDS, { name: 'xCode', titleVi: 'X' }], { crs: 'EPSG:9210' });
    expect(m.columns.map((c) => c.header)).toEqual(['Tên doanh nghiệp', 'X']);
  });
});
