// Imports through the real HTTP API on a real database (embedded engine or PostgreSQL).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import proj4 from 'proj4';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { prepare } from '../../startup.ts';
import { maintenanceUrl, withClient } from '../../../test/test-database.ts';
import { fromWgs84 } from './parsing/index.ts';
import { craftedXlsx } from './parsing/test-zip.ts';
import type { ImportJob, ImportPreview } from '../../../../shared/contracts/imports.ts';

const DATASET = 'import-test-points';
const DECL = {
  id: DATASET,
  titleVi: 'Điểm thử nhập liệu',
  titleEn: 'Import test points',
  domain: 'urban',
  ownerUnit: 'ubnd-27475',
  geometryType: 'point',
  publicRead: false,
  naturalKey: ['code'],
  fields: [
    { name: 'code', type: 'text', titleVi: 'Mã', titleEn: 'Code', required: true, maxLength: 40 },
    { name: 'name', type: 'text', titleVi: 'Tên', titleEn: 'Name', required: true },
    { name: 'kind', type: 'enum', titleVi: 'Loại', titleEn: 'Kind', values: ['Trụ nổi', 'Trụ âm'] },
    { name: 'count', type: 'integer', titleVi: 'Số lượng', titleEn: 'Count', min: 0 },
    { name: 'openedOn', type: 'date', titleVi: 'Ngày lắp đặt', titleEn: 'Opened on' },
    { name: 'keeper', type: 'text', titleVi: 'Người quản lý', titleEn: 'Keeper', personal: true },
  ],
};

const json = async <T>(res: Response) => (await res.json()) as T;

function form(file: Buffer | string, name: string, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  f.set('file', new Blob([new Uint8Array(typeof file === 'string' ? Buffer.from(file, 'utf8') : file)]), name);
  return f;
}

async function upload(s: TestServer, token: string, file: Buffer | string, name: string, fields: Record<string, string> = {}, dataset = DATASET) {
  return s.api(`/api/datasets/${dataset}/imports`, { method: 'POST', token, body: form(file, name, fields) });
}

async function waitForJob(s: TestServer, token: string, id: number, timeoutMs = 60_000): Promise<ImportJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await json<ImportJob>(await s.api(`/api/imports/${id}`, { token }));
    if (job.status === 'done' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function importFile(s: TestServer, token: string, file: Buffer | string, name: string, fields: Record<string, string> = {}, dataset = DATASET) {
  const res = await upload(s, token, file, name, fields, dataset);
  expect(res.status, await res.clone().text()).toBe(202);
  const job = await json<ImportJob>(res);
  expect(['queued', 'running', 'done']).toContain(job.status);
  return waitForJob(s, token, job.id);
}

const count = async (s: TestServer, table: 'records' | 'record_history') =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where dataset_id = ${DATASET}`.execute(s.ctx.db.kysely)).rows[0]!.n;

/** Metres between two lon/lat points (equirectangular; fine at centimetre scale). */
function metres(a: number[], b: number[]): number {
  const lat = ((a[1]! + b[1]!) / 2) * (Math.PI / 180);
  const dx = (a[0]! - b[0]!) * 111_320 * Math.cos(lat);
  const dy = (a[1]! - b[1]!) * 110_574;
  return Math.hypot(dx, dy);
}

// Row 2 and 3 are good; row 4 has a text count; row 5 an unknown kind and no name; row 6 is good.
const CSV = [
  'Mã,Tên,Loại,Số lượng,Ngày lắp đặt,Người quản lý,Kinh độ,Vĩ độ',
  'TN-001,Trụ nước Nguyễn Thị Thập,Trụ nổi,3,15/03/2021,Nguyễn Văn An,"106,7218","10,7295"',
  'TN-002,Trụ nước Lê Văn Lương,tru am,1,2020-01-02,,106.7000,10.7400',
  'TN-003,Trụ nước Huỳnh Tấn Phát,Trụ nổi,ba,,,106.7300,10.7500',
  'TN-004,,Trụ chìm,2,,,106.7100,10.7350',
  'TN-005,Trụ nước Tân Hưng,Trụ âm,0,,Trần Thị Bình,106.7050,10.7450',
].join('\r\n');

let s: TestServer;
let admin: string;
let operator: string;
let officer: string;
let leader: string;

beforeAll(async () => {
  s = await startTestServer({ IMPORT_MAX_MB: '1' });
  [admin, operator, officer, leader] = (await Promise.all(['admin', 'operator', 'officer', 'leader'].map((u) => s.login(u)))) as [string, string, string, string];
  const res = await s.api('/api/datasets', { method: 'POST', token: admin, json: DECL });
  expect(res.status, await res.clone().text()).toBe(201);
});
afterAll(() => s?.close());

describe('CSV with bad rows', () => {
  let firstJob: ImportJob;

  it('imports the good rows and keeps the bad ones with row, column and reason', async () => {
    const preview = await json<ImportPreview>(await s.api(`/api/datasets/${DATASET}/imports/preview`, { method: 'POST', token: operator, body: form(`\ufeff${CSV}`, 'tru-nuoc.csv') }));
    expect(preview.mapping.fields).toMatchObject({ code: 'Mã', name: 'Tên', kind: 'Loại', count: 'Số lượng', openedOn: 'Ngày lắp đặt', keeper: 'Người quản lý' });
    expect(preview.mapping.geometry).toEqual({ kind: 'coordinates', eastColumn: 'Kinh độ', northColumn: 'Vĩ độ' });
    expect(preview.totalRows).toBe(5);
    expect([preview.valid, preview.rejected]).toEqual([3, 2]);
    expect(preview.errors).toContainEqual({ row: 4, column: 'Số lượng', field: 'count', message: "not a number: 'ba'", code: 'not_number', params: { value: 'ba' } });
    expect(preview.geometry.features).toHaveLength(3);
    expect(await count(s, 'records')).toBe(0);

    firstJob = await importFile(s, operator, `\ufeff${CSV}`, 'tru-nuoc.csv');
    expect(firstJob).toMatchObject({ status: 'done', total: 5, processed: 5, progress: 1, accepted: 3, rejected: 2, inserted: 3, updated: 0, unchanged: 0, error: null });
    expect(firstJob.errors.map((e) => e.column)).toEqual(expect.arrayContaining(['Số lượng', 'Loại', 'Tên']));

    const recs = await json<{ total: number; records: { naturalKey: string; properties: Record<string, unknown>; areaIds: number[]; geometry: GeoJSON.Point }[] }>(
      await s.api(`/api/datasets/${DATASET}/records?sort=code`, { token: admin }));
    expect(recs.total).toBe(3);
    expect(recs.records.map((r) => r.naturalKey)).toEqual(['TN-001', 'TN-002', 'TN-005']);
    expect(recs.records[0]!.properties).toEqual({ code: 'TN-001', name: 'Trụ nước Nguyễn Thị Thập', kind: 'Trụ nổi', count: 3, openedOn: '2021-03-15', keeper: 'Nguyễn Văn An' });
    expect(recs.records[1]!.properties.kind).toBe('Trụ âm');
    expect(recs.records[0]!.geometry.coordinates).toEqual([106.7218, 10.7295]);
    expect(recs.records[0]!.areaIds.length).toBeGreaterThan(0);
    expect(await count(s, 'record_history')).toBe(3);

    const rejects = await sql<{ row_number: number; reasons: { column: string; message: string }[] }>`
      select row_number, reasons from import_rejects where job_id = ${firstJob.id} order by row_number`.execute(s.ctx.db.kysely);
    expect(rejects.rows.map((r) => r.row_number)).toEqual([4, 5]);
    expect(rejects.rows[1]!.reasons).toEqual(expect.arrayContaining([
      expect.objectContaining({ column: 'Tên', message: 'is required' }),
      expect.objectContaining({ column: 'Loại', message: expect.stringContaining('must be one of') }),
    ]));
  });

  it('serves the rejected rows as CSV and XLSX, and the fixed CSV imports', async () => {
    const res = await s.api(`/api/imports/${firstJob.id}/rejected`, { token: operator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = (await res.text()).replace(/^\ufeff/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('Mã,Tên,Loại,Số lượng,Ngày lắp đặt,Người quản lý,Kinh độ,Vĩ độ,_row,_reasons');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("column 'Số lượng': not a number: 'ba'");
    expect(lines[1]).toMatch(/^TN-003,/);

    const xlsx = await s.api(`/api/imports/${firstJob.id}/rejected?format=xlsx`, { token: operator });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(3);
    expect(wb.worksheets[0]!.getRow(1).getCell(10).value).toBe('_reasons');

    const fixed = text.replace(',ba,', ',4,').replace('TN-004,,Trụ chìm', 'TN-004,Trụ nước Phú Mỹ,Trụ âm');
    const job = await importFile(s, operator, fixed, 'tru-nuoc-rejected.csv');
    expect(job).toMatchObject({ status: 'done', total: 2, accepted: 2, rejected: 0, inserted: 2 });
    expect(await count(s, 'records')).toBe(5);
  });

  it('re-importing the same file changes nothing', async () => {
    const historyBefore = await count(s, 'record_history');
    const job = await importFile(s, operator, `\ufeff${CSV}`, 'tru-nuoc.csv');
    expect(job).toMatchObject({ status: 'done', accepted: 3, rejected: 2, inserted: 0, updated: 0, unchanged: 3 });
    expect(await count(s, 'record_history')).toBe(historyBefore);
    expect(await count(s, 'records')).toBe(5);
  });

  it('a dry run counts what would change and writes nothing', async () => {
    const changed = CSV.replace('Trụ nước Lê Văn Lương', 'Trụ nước Lê Văn Lương (mới)') + '\r\nTN-006,Trụ nước mới,Trụ nổi,1,,,106.7120,10.7330';
    const before = await sql`select id, props, updated_at from records where dataset_id = ${DATASET} order by id`.execute(s.ctx.db.kysely);
    const historyBefore = await count(s, 'record_history');
    const job = await importFile(s, operator, changed, 'tru-nuoc-v2.csv', { dryRun: 'true' });
    expect(job).toMatchObject({ status: 'done', dryRun: true, total: 6, inserted: 1, updated: 1, unchanged: 2, rejected: 2 });
    const after = await sql`select id, props, updated_at from records where dataset_id = ${DATASET} order by id`.execute(s.ctx.db.kysely);
    expect(after.rows).toEqual(before.rows);
    expect(await count(s, 'record_history')).toBe(historyBefore);

    const real = await importFile(s, operator, changed, 'tru-nuoc-v2.csv', { dryRun: 'false' });
    expect(real).toMatchObject({ inserted: 1, updated: 1, unchanged: 2, rejected: 2 });
    const hist = await sql<{ action: string; before: { properties: { name: string } } }>`
      select h.action, h.before from record_history h join records r on r.id = h.record_id
      where r.natural_key = 'TN-002' and h.dataset_id = ${DATASET} order by h.id`.execute(s.ctx.db.kysely);
    expect(hist.rows.map((h) => h.action)).toEqual(['create', 'update']);
    expect(hist.rows[1]!.before.properties.name).toBe('Trụ nước Lê Văn Lương');
  });

  it('lists the jobs of the dataset and reuses the saved mapping', async () => {
    const list = await json<{ jobs: ImportJob[] }>(await s.api(`/api/datasets/${DATASET}/imports`, { token: operator }));
    expect(list.jobs.length).toBe(5);
    expect(list.jobs[0]!.id).toBeGreaterThan(list.jobs[4]!.id);
    // Save a mapping that ignores the keeper column; the next preview of the same headers reuses it.
    const mapping = { fields: { code: 'Mã', name: 'Tên' }, geometry: { kind: 'coordinates', eastColumn: 'Kinh độ', northColumn: 'Vĩ độ' } };
    const job = await importFile(s, operator, CSV, 'tru-nuoc.csv', { mapping: JSON.stringify(mapping), dryRun: 'true' });
    expect(job.mapping).toEqual(mapping);
    const preview = await json<ImportPreview>(await s.api(`/api/datasets/${DATASET}/imports/preview`, { method: 'POST', token: operator, body: form(CSV, 'again.csv') }));
    expect(preview.mappingSource).toBe('saved');
    expect(preview.mapping.fields.code).toBe('Mã');
    expect(preview.mapping.fields.keeper).toBe('Người quản lý'); // saved choice + fresh suggestions for the rest
  });
});

describe('access', () => {
  it('lets officers import into datasets their unit owns only, and leaders not at all', async () => {
    expect((await upload(s, officer, CSV, 'x.csv', { dryRun: 'true' })).status).toBe(202);
    const other = await upload(s, officer, 'code,name\nX,Y\n', 'x.csv', {}, 'fire-hydrants');
    expect(other.status).toBe(403);
    expect((await upload(s, leader, CSV, 'x.csv')).status).toBe(403);
    expect((await s.api(`/api/datasets/${DATASET}/imports`, { method: 'POST', body: form(CSV, 'x.csv') })).status).toBe(401);
  });

  it('audits each import', async () => {
    const r = await sql<{ n: number }>`select count(*)::int as n from audit_log where action in ('import.create', 'import.done')`.execute(s.ctx.db.kysely);
    expect(r.rows[0]!.n).toBeGreaterThanOrEqual(10);
  });
});

describe('XLSX, VN-2000 and Shapefile', () => {
  it('reads the chosen sheet and finds its header row below title lines', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Ghi chú').addRow(['Bảng này không dùng']);
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['DANH SÁCH TRỤ NƯỚC PHƯỜNG TÂN HƯNG']);
    ws.addRow([]);
    ws.addRow(['STT', 'Ma', 'Ten', 'Loai', 'So luong', 'Ngay lap dat', 'Kinh do', 'Vi do']);
    ws.addRow([1, 'XL-001', 'Trụ nước Tân Hưng 1', 'Trụ nổi', 2, new Date(Date.UTC(2022, 4, 6)), 106.7061, 10.7452]);
    ws.addRow([2, 'XL-002', 'Trụ nước Tân Hưng 2', 'Trụ âm', 1, new Date(Date.UTC(2023, 0, 9)), 106.7072, 10.7461]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await json<ImportPreview>(await s.api(`/api/datasets/${DATASET}/imports/preview`, { method: 'POST', token: operator, body: form(buf, 'tru-nuoc.xlsx', { sheet: 'Danh sách' }) }));
    expect(preview.sheets).toEqual(['Ghi chú', 'Danh sách']);
    expect(preview.sheet).toBe('Danh sách');
    expect(preview.headerRow).toBe(3);
    expect(preview.mapping.fields).toMatchObject({ code: 'Ma', name: 'Ten', kind: 'Loai', count: 'So luong', openedOn: 'Ngay lap dat' });
    const job = await importFile(s, operator, buf, 'tru-nuoc.xlsx', { sheet: 'Danh sách' });
    expect(job).toMatchObject({ status: 'done', sheet: 'Danh sách', inserted: 2, rejected: 0 });
    const r = await sql<{ props: Record<string, unknown> }>`select props from records where dataset_id = ${DATASET} and natural_key = 'XL-001'`.execute(s.ctx.db.kysely);
    expect(r.rows[0]!.props).toMatchObject({ openedOn: '2022-05-06', count: 2 });
  });

  it('places a VN-2000 survey table (X = northing) within 5 cm of the EPSG:6960 transform', async () => {
    // The EPSG:6960 images of these points (PROJ 9.1.1, see parsing/fixtures/README.md).
    const truth = [[106.7218, 10.7295], [106.7, 10.74]];
    const rows = truth.map(([lon, lat], i) => {
      const [e, n] = fromWgs84('EPSG:9210', lon!, lat!);
      return `VN-${i + 1},Trụ nước VN-2000 số ${i + 1},"${n.toFixed(3).replace('.', ',')}","${e.toFixed(3).replace('.', ',')}"`;
    });
    const csv = ['Số hiệu,Tên trụ,X (m),Y (m)', ...rows].join('\n');
    const preview = await json<ImportPreview>(await s.api(`/api/datasets/${DATASET}/imports/preview`, { method: 'POST', token: operator, body: form(csv, 'vn2000.csv', { crs: 'EPSG:9210' }) }));
    expect(preview.crs).toBe('EPSG:9210');
    expect(preview.mapping.geometry).toEqual({ kind: 'coordinates', eastColumn: 'Y (m)', northColumn: 'X (m)' });
    const mapping = { ...preview.mapping, fields: { code: 'Số hiệu', name: 'Tên trụ' } };
    const job = await importFile(s, operator, csv, 'vn2000.csv', { crs: 'EPSG:9210', mapping: JSON.stringify(mapping) });
    expect(job).toMatchObject({ status: 'done', inserted: 2, rejected: 0, crs: 'EPSG:9210' });
    const stored = await sql<{ code: string; lon: number; lat: number; x: number; y: number }>`
      select natural_key as code, ST_X(geom) as lon, ST_Y(geom) as lat, ST_X(ST_Transform(geom, 32648)) as x, ST_Y(ST_Transform(geom, 32648)) as y
      from records where dataset_id = ${DATASET} and natural_key like 'VN-%' order by natural_key`.execute(s.ctx.db.kysely);
    expect(stored.rows).toHaveLength(2);
    stored.rows.forEach((r, i) => {
      expect(metres([r.lon, r.lat], truth[i]!)).toBeLessThan(0.05);
      // And against proj4 directly with the same EPSG:6960 parameters, in a projected CRS too.
      const [ux, uy] = proj4('+proj=longlat +datum=WGS84 +no_defs', '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs', truth[i]!);
      expect(Math.hypot(r.x - ux!, r.y - uy!)).toBeLessThan(0.05);
    });
    // PostGIS with the same towgs84 definition (PROJ's own transformation of the file's X/Y).
    const [e, n] = fromWgs84('EPSG:9210', truth[0]![0]!, truth[0]![1]!);
    const pg = await sql<{ lon: number; lat: number }>`
      select ST_X(t.g) as lon, ST_Y(t.g) as lat from (select ST_Transform(ST_SetSRID(ST_MakePoint(${e}, ${n}), 0),
        '+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs',
        '+proj=longlat +datum=WGS84 +no_defs') as g) t`.execute(s.ctx.db.kysely);
    expect(metres([pg.rows[0]!.lon, pg.rows[0]!.lat], [stored.rows[0]!.lon, stored.rows[0]!.lat])).toBeLessThan(0.05);
  });

  it('imports a zipped Shapefile in VN-2000 with its own geometry', async () => {
    const zip = readFileSync(new URL('./parsing/fixtures/tru-nuoc-vn2000.zip', import.meta.url));
    const preview = await json<ImportPreview>(await s.api(`/api/datasets/${DATASET}/imports/preview`, { method: 'POST', token: operator, body: form(zip, 'tru-nuoc-vn2000.zip') }));
    expect(preview.format).toBe('shapefile');
    expect(preview.crs).toBe('EPSG:9210');
    expect(preview.mapping.geometry).toEqual({ kind: 'file' });
    const mapping = { fields: { code: 'id', name: 'ten' }, geometry: { kind: 'file' } };
    const job = await importFile(s, operator, zip, 'tru-nuoc-vn2000.zip', { mapping: JSON.stringify(mapping) });
    expect(job).toMatchObject({ status: 'done', format: 'shapefile', inserted: 2, rejected: 0 });
    const stored = await sql<{ lon: number; lat: number; name: string }>`
      select ST_X(geom) as lon, ST_Y(geom) as lat, props ->> 'name' as name from records
      where dataset_id = ${DATASET} and natural_key in ('1', '2') order by natural_key`.execute(s.ctx.db.kysely);
    expect(stored.rows[0]!.name).toBe('Trụ nước chữa cháy số 1');
    expect(metres([stored.rows[0]!.lon, stored.rows[0]!.lat], [106.7218, 10.7295])).toBeLessThan(0.05);
    expect(metres([stored.rows[1]!.lon, stored.rows[1]!.lat], [106.7, 10.74])).toBeLessThan(0.05);
  });
});

describe('bad files', () => {
  it('refuses an oversized file with 413 and writes no job', async () => {
    const jobsBefore = (await sql<{ n: number }>`select count(*)::int as n from import_jobs`.execute(s.ctx.db.kysely)).rows[0]!.n;
    const big = 'Mã,Tên\n' + 'X'.repeat(1_200_000) + ',Y\n';
    const res = await upload(s, operator, big, 'big.csv');
    expect(res.status).toBe(413);
    expect((await json<{ message: string }>(res)).message).toMatch(/limit of 1 MB/);
    expect((await sql<{ n: number }>`select count(*)::int as n from import_jobs`.execute(s.ctx.db.kysely)).rows[0]!.n).toBe(jobsBefore);
  });

  it('names the problem of malformed and mis-encoded files', async () => {
    const notXlsx = await upload(s, operator, 'hello', 'data.xlsx');
    expect(notXlsx.status).toBe(400);
    expect(await json(notXlsx)).toMatchObject({ error: 'malformed', message: expect.stringContaining('not an XLSX workbook') });

    const badUtf8 = Buffer.concat([Buffer.from('Mã,Tên\nA1,Trụ nước\n', 'utf8'), Buffer.from([0x41, 0xff, 0x2c, 0x42, 0x0a])]);
    const enc = await upload(s, operator, badUtf8, 'bad.csv');
    expect(enc.status).toBe(400);
    expect(await json(enc)).toMatchObject({ error: 'encoding', message: expect.stringMatching(/^row 3: /), details: { row: 3 } });

    const badJson = await upload(s, operator, '{"type": "FeatureCollection", "features": [', 'x.geojson');
    expect(badJson.status).toBe(400);
    expect(await json(badJson)).toMatchObject({ error: 'malformed' });

    const noFile = await s.api(`/api/datasets/${DATASET}/imports`, { method: 'POST', token: operator, body: (() => { const f = new FormData(); f.set('dryRun', 'true'); return f; })() });
    expect(noFile.status).toBe(400);

    const badMapping = await upload(s, operator, CSV, 'x.csv', { mapping: JSON.stringify({ fields: { code: 'Nope' }, geometry: { kind: 'none' } }) });
    expect(badMapping.status).toBe(400);
    expect((await json<{ message: string }>(badMapping)).message).toContain('the file has no column "Nope"');

    const badCrs = await upload(s, operator, CSV, 'x.csv', { crs: 'EPSG:1234' });
    expect(badCrs.status).toBe(400);
    expect((await json<{ message: string }>(badCrs)).message).toMatch(/unsupported coordinate system/);
  });

  it('refuses a 1.5 KB workbook with a cell at column ZZZZZZ with a reason, and keeps serving', async () => {
    const bomb = Buffer.from(craftedXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c><c r="ZZZZZZ1"><v>1</v></c></row>'));
    const preview = await s.api(`/api/datasets/${DATASET}/imports/preview`, { method: 'POST', token: operator, body: form(bomb, 'bomb.xlsx') });
    expect(preview.status).toBe(400);
    expect(await json(preview)).toMatchObject({ error: 'malformed', message: expect.stringContaining('beyond column XFD'), details: { row: 1 } });
    expect((await s.api('/api/health')).status).toBe(200);
  });
});

describe('a job interrupted by a restart', () => {
  it('resumes from the last committed batch on the next start, counting every row once', async () => {
    const kind = s.kind;
    const t = await startTestServer({ IMPORT_BATCH_SIZE: '50' });
    let url: string | undefined;
    try {
      const adminT = await t.login('admin');
      expect((await t.api('/api/datasets', { method: 'POST', token: adminT, json: DECL })).status).toBe(201);
      const lines = ['Mã,Tên,Kinh độ,Vĩ độ'];
      for (let i = 0; i < 3000; i++) lines.push(`R-${i},Điểm ${i},${(106.70 + (i % 100) * 0.0003).toFixed(5)},${(10.73 + Math.floor(i / 100) * 0.0003).toFixed(5)}`);
      const res = await upload(t, adminT, lines.join('\n'), 'many.csv');
      expect(res.status).toBe(202);
      const { id } = await json<ImportJob>(res);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const j = await json<ImportJob>(await t.api(`/api/imports/${id}`, { token: adminT }));
        if (j.processed > 0) break;
        if (Date.now() > deadline) throw new Error('the job did not start');
        await new Promise((r) => setTimeout(r, 10));
      }
      // Stop the server mid-job (the queue finishes its batch), keep the database.
      await t.app.close();
      const mid = await sql<{ status: string; processed: number; inserted: number }>`select status, processed, inserted from import_jobs where id = ${id}`.execute(t.ctx.db.kysely);
      expect(mid.rows[0]!.status).toBe('running');
      expect(mid.rows[0]!.processed).toBeLessThan(3000);
      expect(mid.rows[0]!.inserted).toBe(mid.rows[0]!.processed);
      await t.ctx.db.close();

      // A new server on the same database.
      url = t.ctx.config.databaseUrl;
      const config = loadConfig({ DATA_DIR: t.ctx.config.dataDir, LOG_LEVEL: 'warn', ...(url ? { DATABASE_URL: url } : {}) });
      const db = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      const b = await buildApp({ config, db, logger: false });
      try {
        await prepare(b.ctx, b.services);
        const deadline2 = Date.now() + 60_000;
        let row: { status: string; processed: number; inserted: number; total: number } | undefined;
        for (;;) {
          row = (await sql<{ status: string; processed: number; inserted: number; total: number }>`select status, processed, inserted, total from import_jobs where id = ${id}`.execute(db.kysely)).rows[0];
          if (row?.status === 'done' || row?.status === 'failed' || Date.now() > deadline2) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(row).toEqual({ status: 'done', processed: 3000, inserted: 3000, total: 3000 });
        const n = await sql<{ n: number; h: number }>`select (select count(*)::int from records where dataset_id = ${DATASET}) as n,
          (select count(*)::int from record_history where dataset_id = ${DATASET}) as h`.execute(db.kysely);
        expect(n.rows[0]).toEqual({ n: 3000, h: 3000 });
      } finally {
        await b.app.close();
        await db.close();
      }
    } finally {
      if (kind === 'postgres' && url) {
        const name = new URL(url).pathname.slice(1);
        await withClient(maintenanceUrl(new URL(url)), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      }
    }
  });
});

describe('data truth at the door (issue 15): territory, claimed ward, swapped coordinates, rows that are not data', () => {
  const TRUTH = 'import-truth';
  type Report = { rows: { row: number; outcome: string; reasons: { code?: string; params?: Record<string, string | number> }[] }[] };
  const pointIn = async (code: string, current: boolean) =>
    (await sql<{ x: number; y: number }>`select round(ST_X(ST_PointOnSurface(geom))::numeric, 6)::float8 as x, round(ST_Y(ST_PointOnSurface(geom))::numeric, 6)::float8 as y
      from areas where code = ${code} and ${current ? sql`valid_to is null` : sql`valid_to is not null`} limit 1`.execute(s.ctx.db.kysely)).rows[0]!;

  it('imports exactly the right records, repairs, skips and rejections, each with its reason', async () => {
    const res = await s.api('/api/datasets', {
      method: 'POST', token: admin, json: {
        id: TRUTH, titleVi: 'Hộ kinh doanh thử', titleEn: 'Test businesses', domain: 'economy', ownerUnit: 'ubnd-27475', geometryType: 'point',
        publicRead: false, naturalKey: ['code'], wardField: 'ward',
        fields: [
          { name: 'code', type: 'text', titleVi: 'Mã', titleEn: 'Code', required: true },
          { name: 'name', type: 'text', titleVi: 'Tên', titleEn: 'Name' },
          { name: 'ward', type: 'text', titleVi: 'Phường', titleEn: 'Ward' },
          { name: 'amount', type: 'number', titleVi: 'Số tiền', titleEn: 'Amount' },
        ],
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const th = await pointIn('27475', true); // Tân Hưng (2025)
    const tt = await pointIn('27478', true); // Tân Thuận (2025)
    const tk = await pointIn('27472', false); // Tân Kiểng, a former ward (merged in 2025)
    const lines = [
      'DANH SÁCH HỘ KINH DOANH TRÊN ĐỊA BÀN', // 1 title
      'TP. Hồ Chí Minh, ngày 05 tháng 3 năm 2025', // 2 date line
      'Mã,Tên,Phường,Số tiền,Kinh độ,Vĩ độ', // 3 header
      `A1,Tạp hóa Hưng,Phường Tân Hưng,100,${th.x},${th.y}`, // 4 accepted
      'A2,Ở số không,Tân Hưng,200,0,0', // 5 outside the territory
      `A3,Nam bán cầu,P. Tân Hưng,300,${th.x},${-th.y}`, // 6 southern hemisphere
      'A4,Bangkok,Tân Hưng,400,100.5018,13.7563', // 7 another city
      `A5,Đảo tọa độ,P.Tân Hưng,500,${th.y},${th.x}`, // 8 swapped, named ward → repaired
      `A6,Sai phường,Phuong Tan Hung,600,${tt.x},${tt.y}`, // 9 in another ward → flagged
      `A7,Phường cũ,tan kieng,700,${tk.x},${tk.y}`, // 10 a former ward's name → consistent
      `A8,Theo mã,27475,800,${th.x},${th.y}`, // 11 the ward's code
      ',,,,,', // 12 blank
      'Mã,Tên,Phường,Số tiền,Kinh độ,Vĩ độ', // 13 repeated header
      `A9,Đảo không phường,,900,${th.y},${th.x}`, // 14 swapped, no ward named → rejected (the swap is not certain)
      'Cộng,,,4500,,', // 15 subtotal by its word
      `A10,Sau cộng,Tân Hưng,50,${th.x},${th.y}`, // 16 accepted
      `A11,Sau cộng 2,Tân Hưng,70,${th.x},${th.y}`, // 17 accepted
      ',,,120,,', // 18 numbers equal to the sum above
      'Tổng cộng,,,9999,,', // 19 total
      'Ghi chú: số liệu tạm tính', // 20 note
      'Người lập biểu', // 21 note
    ];
    const job = await importFile(s, operator, lines.join('\r\n'), 'ho-kinh-doanh.csv', {}, TRUTH);
    expect(job.status, job.error ?? '').toBe('done');
    const report = await json<Report>(await s.api(`/api/imports/${job.id}/rows`, { token: operator }));
    const byRow = Object.fromEntries(report.rows.map((r) => [r.row, `${r.outcome}:${r.reasons.map((x) => x.code).join('+')}`]));
    expect(byRow).toEqual({
      1: 'skipped:title_row', 2: 'skipped:date_line',
      5: 'rejected:outside_territory', 6: 'rejected:outside_territory', 7: 'rejected:outside_territory',
      8: 'repaired:swapped_coordinates_repaired', 9: 'flagged:outside_claimed_ward',
      12: 'skipped:blank_row', 13: 'skipped:repeated_header', 14: 'rejected:invalid_coordinates',
      15: 'skipped:totals_row', 18: 'skipped:sum_row', 19: 'skipped:totals_row', 20: 'skipped:note_row', 21: 'skipped:note_row',
    });
    expect({ accepted: job.accepted, rejected: job.rejected, skipped: job.skipped, repaired: job.repaired, flagged: job.flagged }).toEqual({ accepted: 7, rejected: 4, skipped: 9, repaired: 1, flagged: 1 });
    const flagged = report.rows.find((r) => r.row === 9)!.reasons[0]!;
    expect(flagged.params).toMatchObject({ ward: 'Phường Tân Hưng' });
    expect(Number(flagged.params!.distanceM)).toBeGreaterThan(0);
    expect(report.rows.find((r) => r.row === 14)!.reasons[0]!.params).toMatchObject({ swapInside: 1 });
    const codes = (await sql<{ code: string }>`select props ->> 'code' as code from records where dataset_id = ${TRUTH} order by 1`.execute(s.ctx.db.kysely)).rows.map((r) => r.code);
    expect(codes).toEqual(['A1', 'A10', 'A11', 'A5', 'A6', 'A7', 'A8']);
    // The repaired record stands where the named ward is, and says so; the flagged one too.
    const a5 = (await sql<{ id: number; x: number; y: number }>`select id, ST_X(geom) as x, ST_Y(geom) as y from records where dataset_id = ${TRUTH} and natural_key = 'A5'`.execute(s.ctx.db.kysely)).rows[0]!;
    expect([a5.x, a5.y]).toEqual([th.x, th.y]);
    const rec = await json<{ flags: { code: string }[] }>(await s.api(`/api/datasets/${TRUTH}/records/${a5.id}`, { token: operator }));
    expect(rec.flags.map((f) => f.code)).toEqual(['swapped_coordinates_repaired']);
    const quality = await json<{ findings: { check: string; count: number }[] }>(await s.api(`/api/datasets/${TRUTH}/quality`, { token: operator }));
    expect(quality.findings.find((f) => f.check === 'position-flags')?.count).toBe(2);
  });

  it('VN-2000 columns taken the wrong way round are repaired when the row names its ward, rejected when it does not', async () => {
    const th = await pointIn('27475', true);
    const [e, n] = fromWgs84('EPSG:9210', th.x, th.y);
    const [x, y] = [n.toFixed(3), e.toFixed(3)];
    const csv = ['Mã,Tên,Phường,X (m),Y (m)', `V1,Đúng chiều,Tân Hưng,${x},${y}`, `V2,Đảo X Y,Phường Tân Hưng,${y},${x}`, `V3,Đảo không phường,,${y},${x}`].join('\n');
    const preview = await json<ImportPreview>(await s.api(`/api/datasets/${TRUTH}/imports/preview`, { method: 'POST', token: operator, body: form(csv, 'vn2000-dao.csv', { crs: 'EPSG:9210' }) }));
    expect(preview.mapping.geometry).toEqual({ kind: 'coordinates', eastColumn: 'Y (m)', northColumn: 'X (m)' });
    const mapping = { ...preview.mapping, fields: { code: 'Mã', name: 'Tên', ward: 'Phường' } };
    const job = await importFile(s, operator, csv, 'vn2000-dao.csv', { crs: 'EPSG:9210', mapping: JSON.stringify(mapping) }, TRUTH);
    const report = await json<Report>(await s.api(`/api/imports/${job.id}/rows`, { token: operator }));
    expect(Object.fromEntries(report.rows.map((r) => [r.row, `${r.outcome}:${r.reasons.map((x) => x.code).join('+')}`]))).toEqual({
      3: 'repaired:swapped_coordinates_repaired', 4: 'rejected:invalid_coordinates',
    });
    const stored = (await sql<{ code: string; lon: number; lat: number }>`select natural_key as code, ST_X(geom) as lon, ST_Y(geom) as lat from records
      where dataset_id = ${TRUTH} and natural_key in ('V1', 'V2', 'V3') order by 1`.execute(s.ctx.db.kysely)).rows;
    expect(stored.map((r) => r.code)).toEqual(['V1', 'V2']);
    for (const r of stored) expect(metres([r.lon, r.lat], [th.x, th.y])).toBeLessThan(0.05);
  });

  it('the API refuses a point outside the territory with outside_territory, and a required geometry with missing_geometry', async () => {
    const bangkok = await s.api(`/api/datasets/${TRUTH}/records`, { method: 'POST', token: admin, json: { properties: { code: 'B1' }, geometry: { type: 'Point', coordinates: [100.5018, 13.7563] } } });
    expect(bangkok.status).toBe(400);
    expect(((await bangkok.json()) as { details: { problems: { code: string }[] } }).details.problems[0]!.code).toBe('outside_territory');
    const none = await s.api(`/api/datasets/${TRUTH}/records`, { method: 'POST', token: admin, json: { properties: { code: 'B2' } } });
    expect(none.status).toBe(201);
    const created = await json<{ flags: { code: string }[] }>(none);
    expect(created.flags?.map((f) => f.code)).toEqual(['missing_geometry']);
  });
});
