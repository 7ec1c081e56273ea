import { describe, expect, it } from 'vitest';
import { BUILT_IN_DATASETS } from './builtin-datasets.ts';
import { declarationProblems, type DatasetDecl } from './declarations.ts';
import { applyView, maskValue } from './masking.ts';
import { filterValue, naturalKey, normaliseText, recordProblems, searchTerms, searchText } from './validation.ts';

const decl: DatasetDecl = {
  id: 'test-shops', titleVi: 'Cửa hàng', titleEn: 'Shops', domain: 'economy', ownerUnit: 'ioc', geometryType: 'point',
  publicRead: true, naturalKey: ['code'],
  fields: [
    { name: 'code', type: 'text', titleVi: 'Mã', titleEn: 'Code', required: true, pattern: 'CH-\\d{3}' },
    { name: 'name', type: 'text', titleVi: 'Tên', titleEn: 'Name', required: true, maxLength: 20 },
    { name: 'staff', type: 'integer', titleVi: 'Nhân viên', titleEn: 'Staff', min: 0, max: 50 },
    { name: 'area', type: 'number', titleVi: 'Diện tích', titleEn: 'Area', unit: 'm²', min: 1 },
    { name: 'kind', type: 'enum', titleVi: 'Loại', titleEn: 'Kind', values: ['A', 'B'] },
    { name: 'open', type: 'boolean', titleVi: 'Mở', titleEn: 'Open' },
    { name: 'since', type: 'date', titleVi: 'Từ', titleEn: 'Since', minDate: '2000-01-01' },
    { name: 'owner', type: 'text', titleVi: 'Chủ', titleEn: 'Owner', personal: true },
    { name: 'phone', type: 'phone', titleVi: 'ĐT', titleEn: 'Phone', personal: true },
  ],
};
const point = { type: 'Point', coordinates: [106.7, 10.73] } as GeoJSON.Point;
const fields = (props: Record<string, unknown>, geometry: GeoJSON.Geometry | null = point) =>
  recordProblems(decl, { properties: props, geometry }).map((p) => p.field);

describe('record validation against the declaration', () => {
  it('accepts a valid record', () => {
    expect(recordProblems(decl, { properties: { code: 'CH-001', name: 'Tạp hóa Minh', staff: 3, area: 20.5, kind: 'A', open: true, since: '2020-02-29', owner: 'Nguyễn Văn An', phone: '0901234567' }, geometry: point })).toEqual([]);
  });
  it('names the field of each problem', () => {
    expect(fields({ name: 'x' })).toEqual(['code']);
    expect(fields({ code: 'X-1', name: 'x' })).toEqual(['code']);
    expect(fields({ code: 'CH-001', name: 'x'.repeat(21) })).toEqual(['name']);
    expect(fields({ code: 'CH-001', name: 'x', staff: 2.5 })).toEqual(['staff']);
    expect(fields({ code: 'CH-001', name: 'x', staff: 51 })).toEqual(['staff']);
    expect(fields({ code: 'CH-001', name: 'x', staff: '3' })).toEqual(['staff']);
    expect(fields({ code: 'CH-001', name: 'x', area: 0.5 })).toEqual(['area']);
    expect(fields({ code: 'CH-001', name: 'x', kind: 'C' })).toEqual(['kind']);
    expect(fields({ code: 'CH-001', name: 'x', open: 'yes' })).toEqual(['open']);
    expect(fields({ code: 'CH-001', name: 'x', since: '2021-02-29' })).toEqual(['since']);
    expect(fields({ code: 'CH-001', name: 'x', since: '1999-12-31' })).toEqual(['since']);
    expect(fields({ code: 'CH-001', name: 'x', phone: 'call me' })).toEqual(['phone']);
    expect(fields({ code: 'CH-001', name: 'x', colour: 'red' })).toEqual(['colour']);
  });
  it('checks the geometry type and coordinates', () => {
    expect(fields({ code: 'CH-001', name: 'x' }, { type: 'LineString', coordinates: [[1, 2], [3, 4]] })).toEqual(['geometry']);
    expect(fields({ code: 'CH-001', name: 'x' }, { type: 'Point', coordinates: [200, 10] })).toEqual(['geometry']);
    expect(fields({ code: 'CH-001', name: 'x' }, null)).toEqual([]);
  });
  it('gives each problem a code with its parameters, and a readable English message with units and allowed values', () => {
    const p = recordProblems(decl, { properties: { code: 'CH-001', name: 'x', area: 0, kind: 'Z' } });
    expect(p).toEqual([
      { field: 'area', code: 'below_min', params: { min: 1, unit: 'm²' }, message: 'must be at least 1 m²' },
      { field: 'kind', code: 'not_allowed_value', params: { values: 'A, B' }, message: 'must be one of: A, B' },
    ]);
    expect(recordProblems(decl, { properties: { name: 'x' } })).toContainEqual({ field: 'code', code: 'required', message: 'is required' });
  });
});

describe('declarations', () => {
  it('the built-in declarations are all valid, with unique ids', () => {
    for (const d of BUILT_IN_DATASETS) expect(declarationProblems(d), d.id).toEqual([]);
    expect(new Set(BUILT_IN_DATASETS.map((d) => d.id)).size).toBe(BUILT_IN_DATASETS.length);
  });
  it('rejects a natural key on an unknown or optional field, enums without values and bad patterns', () => {
    const bad: DatasetDecl = {
      ...decl,
      naturalKey: ['nope', 'staff'],
      fields: [...decl.fields, { name: 'e', type: 'enum', titleVi: 'e', titleEn: 'e' }, { name: 'p', type: 'text', titleVi: 'p', titleEn: 'p', pattern: '(' }],
    };
    expect(declarationProblems(bad)).toEqual([
      'fields.e: an enum field needs "values"',
      'fields.p: pattern is not a valid regular expression',
      'naturalKey: "nope" is not a declared field',
      'naturalKey: field "staff" must be required',
    ]);
  });
});

describe('search text and keys', () => {
  it('normalises Vietnamese: lower case, no diacritics, đ → d', () => {
    expect(normaliseText('  Đường Nguyễn Thị  Thập ')).toBe('duong nguyen thi thap');
    expect(searchTerms('HUỲNH tấn   phát')).toEqual(['huynh', 'tan', 'phat']);
  });
  it('leaves personal fields out of the search text', () => {
    const s = searchText(decl, { code: 'CH-001', name: 'Tạp hóa Minh', owner: 'Lê Thị Bí Mật' });
    expect(s).toBe('ch-001 tap hoa minh');
  });
  it('joins the natural key fields', () => {
    expect(naturalKey(decl, { code: 'CH-001' })).toBe('CH-001');
    expect(naturalKey({ ...decl, naturalKey: [] }, { code: 'CH-001' })).toBeNull();
  });
  it('parses field filter values by type', () => {
    expect(filterValue(decl.fields[2]!, '03')).toEqual({ value: '3' });
    expect(filterValue(decl.fields[2]!, 'x')).toEqual({ problem: 'f.staff must be a number' });
    expect(filterValue(decl.fields[5]!, 'true')).toEqual({ value: 'true' });
  });
});

describe('masking personal fields', () => {
  const props = { code: 'CH-001', owner: 'Nguyễn Văn An', phone: '0901234567' };
  it('admins see clear values, staff masked ones, the public none', () => {
    expect(applyView(decl, props, 'clear')).toEqual(props);
    expect(applyView(decl, props, 'masked')).toEqual({ code: 'CH-001', owner: 'N*** V** A*', phone: '09******67' });
    expect(applyView(decl, props, 'hidden')).toEqual({ code: 'CH-001' });
  });
  it('masks e-mail addresses and other types', () => {
    expect(maskValue({ name: 'm', type: 'email', titleVi: 'm', titleEn: 'm' }, 'an.nguyen@example.vn')).toBe('a***@example.vn');
    expect(maskValue({ name: 'd', type: 'date', titleVi: 'd', titleEn: 'd' }, '1990-01-01')).toBe('***');
  });
});
