import { describe, expect, it } from 'vitest';
import { geometryFromRow } from './geometry.ts';
import { parseNumber } from './numbers.ts';
import { parseWkt } from './wkt.ts';

describe('parseNumber', () => {
  it.each([
    ['106,7213', 106.7213],
    ['106.7213', 106.7213],
    [' 10,7295 ', 10.7295],
    ['1.186.706,248', 1186706.248],
    ['1,186,706.248', 1186706.248],
    ['606 099,738', 606099.738],
    ['1.186.706', 1186706],
    ['-0,5', -0.5],
    [`106°43'18.48"E`, 106.7218],
    [`10°43'46,2"N`, 10.7295],
    [42, 42],
  ])('%s → %d', (input, expected) => {
    expect(parseNumber(input)).toBeCloseTo(expected, 9);
  });

  it.each([['abc'], [''], ['10,72,9'], ['1.2.3,4,5'], [null], [Number.NaN]])('%s → null', (input) => {
    expect(parseNumber(input)).toBeNull();
  });
});

describe('parseWkt', () => {
  it('reads the simple feature types, Z and EWKT', () => {
    expect(parseWkt('POINT (106.7218 10.7295)')).toEqual({ geometry: { type: 'Point', coordinates: [106.7218, 10.7295] } });
    expect(parseWkt('point z(1 2 3)').geometry).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(parseWkt('POINT M (1 2 9)').geometry).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseWkt('LINESTRING(0 0, 1 1, 2 0)').geometry).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] });
    expect(parseWkt('POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.8 0.1, 0.8 0.7, 0.2 0.1))').geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [[0, 0], [1, 0], [1, 1], [0, 0]],
        [[0.2, 0.1], [0.8, 0.1], [0.8, 0.7], [0.2, 0.1]],
      ],
    });
    expect(parseWkt('MULTIPOINT (1 2, 3 4)').geometry).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('MULTIPOINT ((1 2), (3 4))').geometry).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))').geometry.type).toBe('MultiLineString');
    expect(parseWkt('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))').geometry).toMatchObject({
      type: 'MultiPolygon',
      coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]],
    });
    expect(parseWkt('GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))').geometry).toMatchObject({ type: 'GeometryCollection' });
    expect(parseWkt('SRID=9210;POINT (606099.738 1186706.248)')).toEqual({
      geometry: { type: 'Point', coordinates: [606099.738, 1186706.248] },
      crs: 'EPSG:9210',
    });
  });

  it.each([
    ['POINT (1)', /expected a coordinate/],
    ['POINT (1 2', /expected '\)'/],
    ['POLYGON ((0 0, 1 0, 1 1, 0 1))', /must end at its first point/],
    ['LINESTRING (0 0)', /at least 2 points/],
    ['CIRCLE (0 0, 1)', /unknown geometry type 'CIRCLE'/],
    ['POINT EMPTY', /no location/],
    ['POINT (1 2) trailing', /unexpected text/],
  ])('rejects %s', (wkt, message) => {
    expect(() => parseWkt(wkt)).toThrow(message);
  });
});

describe('geometryFromRow', () => {
  const lonlat = { kind: 'coordinates', eastColumn: 'Kinh độ', northColumn: 'Vĩ độ' } as const;

  it('builds WGS 84 points from lon/lat with comma decimals', () => {
    const r = geometryFromRow({ rowNumber: 5, values: { 'Kinh độ': '106,7213', 'Vĩ độ': '10,7295' } }, lonlat);
    expect(r).toEqual({ ok: true, geometry: { type: 'Point', coordinates: [106.7213, 10.7295] } });
  });

  it('names the row and column when a value is not a number', () => {
    const r = geometryFromRow({ rowNumber: 17, values: { 'Kinh độ': '106,7213', 'Vĩ độ': 'mười' } }, lonlat);
    expect(r).toMatchObject({ ok: false, row: 17, column: 'Vĩ độ', message: "row 17, column 'Vĩ độ': not a number: 'mười'" });
  });

  it('spots swapped lon/lat and degrees given as VN-2000', () => {
    const swapped = geometryFromRow({ rowNumber: 3, values: { 'Kinh độ': '10.7295', 'Vĩ độ': '106.7213' } }, lonlat);
    expect(swapped).toMatchObject({ ok: false, message: expect.stringMatching(/swapped/) });
    const degrees = geometryFromRow({ rowNumber: 3, values: { 'Kinh độ': '106.7213', 'Vĩ độ': '10.7295' } }, lonlat, { crs: 'EPSG:9210' });
    expect(degrees).toMatchObject({ ok: false, message: expect.stringMatching(/look like degrees/) });
  });

  it('empty coordinates give no geometry; half-empty is an error', () => {
    expect(geometryFromRow({ rowNumber: 2, values: { 'Kinh độ': null, 'Vĩ độ': null } }, lonlat)).toEqual({ ok: true, geometry: null });
    expect(geometryFromRow({ rowNumber: 2, values: { 'Kinh độ': '106.7', 'Vĩ độ': null } }, lonlat)).toMatchObject({
      ok: false,
      message: "row 2, column 'Vĩ độ': empty",
    });
  });

  it('VN-2000 survey columns (X northing, Y easting) land where PROJ puts them', () => {
    const survey = { kind: 'coordinates', eastColumn: 'Y', northColumn: 'X' } as const;
    const r = geometryFromRow({ rowNumber: 2, values: { X: '1186706,248', Y: '606099,738' } }, survey, { crs: 'EPSG:9210' });
    expect(r.ok).toBe(true);
    const [lon, lat] = (r as { geometry: { coordinates: number[] } }).geometry.coordinates;
    expect(lon).toBeCloseTo(106.7218, 7);
    expect(lat).toBeCloseTo(10.7295, 7);
    // Swapped by mistake: lands outside Vietnam, and says so.
    const wrong = geometryFromRow({ rowNumber: 2, values: { X: '606099,738', Y: '1186706,248' } }, survey, { crs: 'EPSG:9210' });
    expect(wrong).toMatchObject({ ok: false, column: 'Y', message: expect.stringMatching(/outside Vietnam/) });
    // …and offers the swapped-back position, which the importer keeps when the row's ward confirms it.
    const back = (wrong as { swapped?: { coordinates: number[] } }).swapped?.coordinates;
    expect(back?.[0]).toBeCloseTo(106.7218, 7);
    expect(back?.[1]).toBeCloseTo(10.7295, 7);
  });

  it('reads WKT, honouring an EWKT SRID, and reports WKT errors with row and column', () => {
    const wkt = { kind: 'wkt', column: 'Hình học' } as const;
    const r = geometryFromRow({ rowNumber: 4, values: { 'Hình học': 'SRID=9210;POINT (606099.738 1186706.248)' } }, wkt);
    const [lon] = (r as { geometry: { coordinates: number[] } }).geometry.coordinates;
    expect(lon).toBeCloseTo(106.7218, 7);
    const bad = geometryFromRow({ rowNumber: 4, values: { 'Hình học': 'POINT (1 2' } }, wkt);
    expect(bad).toMatchObject({ ok: false, message: expect.stringMatching(/^row 4, column 'Hình học': WKT: expected '\)'/) });
  });
});
