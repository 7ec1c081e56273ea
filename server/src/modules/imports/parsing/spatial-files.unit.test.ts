import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { geometriesFromFile } from './geometry.ts';
import { readGeoJson } from './geojson.ts';
import { readImportFile } from './read.ts';
import { readShapefileZip } from './shapefile.ts';

const SHAPEFILE = readFileSync(new URL('./fixtures/tru-nuoc-vn2000.zip', import.meta.url));

describe('readShapefileZip', () => {
  it('reads attributes (UTF-8 Vietnamese) and geometries in the file CRS, recognising the .prj', async () => {
    const file = await readShapefileZip(SHAPEFILE);
    expect(file.format).toBe('shapefile');
    expect(file.fileCrs).toBe('EPSG:9210');
    expect(file.headers).toEqual(['id', 'ten', 'phuong']);
    expect(file.rows).toEqual([
      { rowNumber: 1, values: { id: '1', ten: 'Trụ nước chữa cháy số 1', phuong: 'Phường Tân Hưng' } },
      { rowNumber: 2, values: { id: '2', ten: 'Trụ nước đường Nguyễn Thị Thập', phuong: 'Phường Tân Phú' } },
    ]);
    // Not reprojected by shpjs (which would ignore the VN-2000 datum shift).
    expect(file.geometryPerRow).toEqual([
      { type: 'Point', coordinates: [606099.738, 1186706.248] },
      { type: 'Point', coordinates: [603711.462, 1187860.268] },
    ]);
  });

  it('file geometries transform to WGS 84 with the EPSG:6960 datum shift', async () => {
    const file = await readImportFile(SHAPEFILE, { filename: 'tru-nuoc.zip' });
    const [a, b] = geometriesFromFile(file, { kind: 'file' });
    expect(a?.ok && a.geometry?.type === 'Point').toBe(true);
    const pa = (a as { geometry: { coordinates: number[] } }).geometry.coordinates;
    const pb = (b as { geometry: { coordinates: number[] } }).geometry.coordinates;
    expect(pa[0]).toBeCloseTo(106.7218, 7);
    expect(pa[1]).toBeCloseTo(10.7295, 7);
    expect(pb[0]).toBeCloseTo(106.7, 7);
    expect(pb[1]).toBeCloseTo(10.74, 7);
  });

  it('a ZIP without a .shp is a clear error', async () => {
    await expect(readShapefileZip(Buffer.from('not a zip'))).rejects.toThrow(/must be uploaded as a .zip/);
  });
});

describe('readGeoJson', () => {
  const doc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { ten: 'Chợ Tân Mỹ', phuong: 'Phường Tân Phú' }, geometry: { type: 'Point', coordinates: [106.7183, 10.7402] } },
      { type: 'Feature', properties: { ten: 'Công viên', dien_tich: 1200 }, geometry: null },
    ],
  };

  it('features become rows (union of properties, missing → null) plus geometries', () => {
    const file = readGeoJson(Buffer.from(JSON.stringify(doc)));
    expect(file.headers).toEqual(['ten', 'phuong', 'dien_tich']);
    expect(file.rows).toEqual([
      { rowNumber: 1, values: { ten: 'Chợ Tân Mỹ', phuong: 'Phường Tân Phú', dien_tich: null } },
      { rowNumber: 2, values: { ten: 'Công viên', dien_tich: 1200, phuong: null } },
    ]);
    expect(file.geometryPerRow).toEqual([{ type: 'Point', coordinates: [106.7183, 10.7402] }, null]);
    expect(file.fileCrs).toBeUndefined();
  });

  it('reports an old-style crs member', () => {
    const withCrs = { ...doc, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::9210' } } };
    expect(readGeoJson(Buffer.from(JSON.stringify(withCrs))).fileCrs).toBe('EPSG:9210');
  });

  it('invalid JSON, non-GeoJSON and broken geometries are clear errors', () => {
    expect(() => readGeoJson(Buffer.from('{"type": "FeatureCollection", '))).toThrow(/not valid JSON/);
    expect(() => readGeoJson(Buffer.from('{"hello": 1}'))).toThrow(/not GeoJSON/);
    const broken = { type: 'FeatureCollection', features: [doc.features[0], { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: ['106', 10] } }] };
    expect(() => readGeoJson(Buffer.from(JSON.stringify(broken)))).toThrow(/^row 2: invalid Point/);
    expect(() => readGeoJson(Buffer.from('{"type":"FeatureCollection","features":[]}'))).toThrow(/no features/);
  });
});
