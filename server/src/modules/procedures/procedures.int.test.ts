// The procedures module through the real HTTP API: dossiers in the portal's field names
// (JSON, CSV file), idempotent re-ingest, bad rows kept, the 766 index of a month equal to a
// hand computation from the decision's text, drill-down, masking, the public lookup and
// rating, and the officials' ranking.
import { createServer, type Server } from 'node:http';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { DossierList, DrillAnswer, IndexAnswer, IngestResult, OfficialRanking, PublicDossier } from '../../../../shared/contracts/procedures.ts';

let s: TestServer;
const tokens: Record<string, string> = {};
const UNIT = 'ubnd-27475';
// A ward code no demo dossier uses, so the month below holds only the hand-made dossiers.
const WARD = 'T766';

let feed: Server;
// The connector's endpoint: a one-stop-shop system's JSON feed on this machine (allow-listed).
const FEED = { data: [
  { MaHoSo: 'T766-FEED-1', MaTTHC: 'T766-P1', KenhThucHien: 2, NgayTiepNhan: '20260401090000', NgayHenTra: '20260408170000', TrangThaiHoSo: 4, DonViXuLy: 'ubnd-27487' },
  { MaHoSo: 'T766-FEED-2', MaTTHC: 'T766-P1', KenhThucHien: 1, NgayTiepNhan: '20260401100000', NgayHenTra: '20260408170000', TrangThaiHoSo: 2, DonViXuLy: 'ubnd-27487' },
] };

beforeAll(async () => {
  feed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(FEED)));
  await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
  const port = (feed.address() as { port: number }).port;
  s = await startTestServer({ PROCEDURES_CONNECTOR_URL: `http://127.0.0.1:${port}/ho-so`, OUTBOUND_ALLOW: '127.0.0.1', OUTBOUND_ALLOW_HTTP: 'true' });
  for (const u of ['admin', 'leader', 'operator', 'officer']) tokens[u] = await s.login(u);
}, 300_000);
afterAll(async () => {
  await s?.close();
  await new Promise((r) => feed?.close(r));
}, 120_000);

const post = (path: string, json: unknown, token: string | undefined = tokens.operator) => s.api(path, { method: 'POST', token, json });
const anon = (path: string, json: unknown) => s.api(path, { method: 'POST', json });

// Procedures: P1 online (toàn trình), free, 5 working days; P2 offline, fee with online
// payment, 7 days; P3 online (một phần), fee without online payment, 10 working days.
const CATALOGUE = [
  { MaTTHC: 'T766-P1', TenTTHC: 'Thủ tục thử 1', LinhVuc: 'Hộ tịch', ThoiGianGiaiQuyet: '5', DonViTinh: 'ngày làm việc', LePhi: '0', DichVuCongTrucTuyen: 'toàn trình' },
  { MaTTHC: 'T766-P2', TenTTHC: 'Thủ tục thử 2', ThoiGianGiaiQuyet: '7', DonViTinh: 'ngày', LePhi: '50000', DichVuCongTrucTuyen: 'không', ThanhToanTrucTuyen: '1' },
  { MaTTHC: 'T766-P3', TenTTHC: 'Thủ tục thử 3', ThoiGianGiaiQuyet: '10', DonViTinh: 'ngày làm việc', LePhi: '20000', DichVuCongTrucTuyen: 'một phần', ThanhToanTrucTuyen: '0' },
];
const base = { DonViXuLy: UNIT, MaPhuongXa: WARD, MaCanBoXuLy: 'CB-T766-1', CanBoXuLy: 'Lê Thị Kiểm Thử', ChuHoSo: 'Nguyễn Văn Dân', SoDienThoai: '0903123456' };
// March 2026 (Ho Chi Minh City time); dates as the one-stop-shop systems write them.
const DOSSIERS = [
  // A: online, finished before its due date → on time; digitised, electronic result.
  { ...base, MaHoSo: 'T766-A', MaTTHC: 'T766-P1', KenhThucHien: 2, NgayNopHoSo: '20260301200000', NgayTiepNhan: '20260302090000', NgayHenTra: '20260309170000', NgayKetThucXuLy: '20260306100000', TrangThaiHoSo: 10, HoSoCoThanhPhanSoHoa: 1, MaKetQua: 'KQ-A' },
  // B: in person, finished after its due date → late.
  { ...base, MaHoSo: 'T766-B', MaTTHC: 'T766-P1', KenhThucHien: 1, NgayTiepNhan: '03/03/2026 09:00', NgayHenTra: '10/03/2026 17:00', NgayKetThucXuLy: '12/03/2026 10:00', TrangThaiHoSo: 10, MaCanBoXuLy: 'CB-T766-2', CanBoXuLy: 'Trần Văn Hai' },
  // C: one supplementary request of 4 days: finished 3 days after the due date, on time once the citizen's 4 days are taken off.
  { ...base, MaHoSo: 'T766-C', MaTTHC: 'T766-P2', KenhThucHien: 2, NgayTiepNhan: '2026-03-04T09:00:00+07:00', NgayHenTra: '2026-03-11T17:00:00+07:00', NgayKetThucXuLy: '2026-03-14T10:00:00+07:00', TrangThaiHoSo: 10,
    YeuCauBoSung: [{ NgayYeuCau: '20260305090000', NgayBoSung: '20260309090000' }], DuocThanhToanTrucTuyen: true, HoSoCoThanhPhanSoHoa: 'true', CoKetQuaDienTu: 1 },
  // D: two supplementary requests → late although finished before its due date.
  { ...base, MaHoSo: 'T766-D', MaTTHC: 'T766-P2', KenhThucHien: 3, NgayTiepNhan: '20260305090000', NgayHenTra: '20260320170000', NgayKetThucXuLy: '20260316090000', TrangThaiHoSo: 10,
    YeuCauBoSung: '20260306090000/20260307090000;20260309090000/20260310090000' },
  // E: no channel, unfinished at the month's end and past its due date → late.
  { ...base, MaHoSo: 'T766-E', MaTTHC: 'T766-P3', NgayTiepNhan: '20260320090000', NgayHenTra: '20260325170000', TrangThaiHoSo: 4 },
  // F: online, unfinished but within its due date → on time.
  { ...base, MaHoSo: 'T766-F', MaTTHC: 'T766-P3', KenhThucHien: '2', NgayTiepNhan: '20260325090000', NgayHenTra: '20260410170000', TrangThaiHoSo: 4 },
  // G: received in February, finished in March on time → handled in March, not received in it.
  { ...base, MaHoSo: 'T766-G', MaTTHC: 'T766-P1', KenhThucHien: 2, NgayTiepNhan: '20260225090000', NgayHenTra: '20260304170000', NgayKetThucXuLy: '20260302150000', TrangThaiHoSo: 10 },
  // H: finished in February → not in March at all.
  { ...base, MaHoSo: 'T766-H', MaTTHC: 'T766-P1', KenhThucHien: 2, NgayTiepNhan: '20260210090000', NgayHenTra: '20260217170000', NgayKetThucXuLy: '20260212150000', TrangThaiHoSo: 10 },
  // I: online, withdrawn by the citizen → received, not handled.
  { ...base, MaHoSo: 'T766-I', MaTTHC: 'T766-P1', KenhThucHien: 2, NgayTiepNhan: '20260310090000', NgayHenTra: '20260317170000', TrangThaiHoSo: 7 },
  // J: finished in April after its due date → in March still open past its due date: late.
  { ...base, MaHoSo: 'T766-J', MaTTHC: 'T766-P2', KenhThucHien: 1, NgayTiepNhan: '20260326090000', NgayHenTra: '20260327170000', NgayKetThucXuLy: '20260402090000', TrangThaiHoSo: 10 },
];

describe('ingest', () => {
  it('imports the catalogue and the dossiers in the portal field names, and keeps bad rows with their reasons', async () => {
    const cat = await post('/api/procedures/catalogue', CATALOGUE);
    expect(cat.status).toBe(200);
    expect(await cat.json()).toMatchObject({ received: 3, stored: 3, rejected: [] });
    const bad = [
      { MaTTHC: 'T766-P1', TrangThaiHoSo: 2, NgayTiepNhan: '20260301090000' },
      { MaHoSo: 'T766-BAD2', MaTTHC: 'T766-P1', KenhThucHien: 4, TrangThaiHoSo: 2, NgayTiepNhan: 'yesterday' },
      { MaHoSo: 'T766-BAD3', MaTTHC: 'T766-P1', KenhThucHien: 1, TrangThaiHoSo: 10, NgayTiepNhan: '20260301090000' },
    ];
    const res = await post('/api/procedures/dossiers', [...DOSSIERS, ...bad]);
    expect(res.status).toBe(200);
    const r = (await res.json()) as IngestResult;
    expect(r).toMatchObject({ received: 13, inserted: 10, updated: 0, unchanged: 0 });
    expect(r.rejected.map((x) => x.row)).toEqual([11, 12, 13]);
    expect(r.rejected[0]!.reasons).toEqual(['MaHoSo is missing']);
    expect(r.rejected[1]!.reasons.join(' | ')).toMatch(/KenhThucHien must be 1.*NgayTiepNhan is not a date/);
    expect(r.rejected[2]!.reasons).toEqual(['NgayKetThucXuLy is missing for a finished dossier']);
    const kept = await s.api(`/api/procedures/rejected/${r.batch}`, { token: tokens.operator });
    expect(((await kept.json()) as unknown[]).length).toBe(3);
  });

  it('re-ingesting the same dossiers changes nothing; a changed one is updated', async () => {
    const again = (await (await post('/api/procedures/dossiers', DOSSIERS)).json()) as IngestResult;
    expect(again).toMatchObject({ received: 10, inserted: 0, updated: 0, unchanged: 10, rejected: [] });
    const changed = DOSSIERS.map((d) => (d.MaHoSo === 'T766-H' ? { ...d, HoSoCoThanhPhanSoHoa: 1 } : d));
    expect(await (await post('/api/procedures/dossiers', changed)).json()).toMatchObject({ inserted: 0, updated: 1, unchanged: 9 });
  });

  it('loads a CSV export of a one-stop-shop system as it is (multipart file)', async () => {
    const csv = 'MaHoSo,MaTTHC,KenhThucHien,NgayNopHoSo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,DonViXuLy,MaPhuongXa\n' +
      'T766-CSV1,T766-P1,2,20260201080000,20260201090000,20260206170000,20260204100000,10,ubnd-27478,T766CSV\n' +
      'T766-CSV2,T766-P1,9,20260201080000,20260201090000,,,2,ubnd-27478,T766CSV\n';
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'ho-so.csv');
    const res = await fetch(`${s.url}/api/procedures/dossiers`, { method: 'POST', headers: { authorization: `Bearer ${tokens.operator}` }, body: form });
    expect(res.status).toBe(200);
    const r = (await res.json()) as IngestResult;
    expect(r).toMatchObject({ received: 2, inserted: 1 });
    expect(r.rejected[0]!.reasons[0]).toMatch(/KenhThucHien/);
    // The same from a spreadsheet: date cells hold Ho Chi Minh City wall time.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('HoSo');
    ws.addRow(['MaHoSo', 'MaTTHC', 'KenhThucHien', 'NgayTiepNhan', 'NgayHenTra', 'TrangThaiHoSo', 'DonViXuLy']);
    ws.addRow(['T766-XLSX1', 'T766-P1', 2, new Date(Date.UTC(2026, 1, 2, 9, 0)), new Date(Date.UTC(2026, 1, 6, 17, 0)), 4, 'ubnd-27478']);
    const xform = new FormData();
    xform.append('file', new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]), 'ho-so.xlsx');
    const xres = await fetch(`${s.url}/api/procedures/dossiers`, { method: 'POST', headers: { authorization: `Bearer ${tokens.operator}` }, body: xform });
    expect(await xres.json()).toMatchObject({ received: 1, inserted: 1, rejected: [] });
    const one = (await (await s.api('/api/procedures/dossiers?code=T766-XLSX1', { token: tokens.admin })).json()) as DossierList;
    expect(one.dossiers[0]!.receivedAt).toBe('2026-02-02T02:00:00.000Z');
  });

  it('the connector polls its JSON endpoint through the outbound guard; polling again changes nothing', async () => {
    const first = await s.api('/api/procedures/connector/run', { method: 'POST', token: tokens.admin });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: 'ok', result: { received: 2, inserted: 2 } });
    expect(await (await s.api('/api/procedures/connector/run', { method: 'POST', token: tokens.admin })).json()).toMatchObject({ outcome: 'ok', result: { unchanged: 2 } });
    expect((await s.api('/api/procedures/connector/run', { method: 'POST', token: tokens.operator })).status).toBe(403);
  });

  it('answers 400 to a body that is not dossiers, and 401 to the anonymous public', async () => {
    expect((await s.api('/api/procedures/dossiers', { method: 'POST', token: tokens.operator, body: 'nonsense', headers: { 'content-type': 'text/plain' } })).status).toBeGreaterThanOrEqual(400);
    expect((await s.api('/api/procedures/dossiers', { method: 'POST', json: DOSSIERS })).status).toBe(401);
    expect((await s.api('/api/procedures/index?period=2026-03')).status).toBe(401);
  });
});

describe('766 index of March 2026, computed by hand from the decision', () => {
  let index: IndexAnswer;
  beforeAll(async () => {
    const res = await s.api(`/api/procedures/index?period=2026-03&area=${WARD}`, { token: tokens.leader });
    expect(res.status).toBe(200);
    index = (await res.json()) as IndexAnswer;
  });
  const ind = (id: string) => index.scorecards[0]!.indicators.find((i) => i.id === id)!;

  it('2.1 on time: A, C (supplement time off), F (open, within), G of A–G, J, E, B, D handled = 4/8', () => {
    expect(ind('2.1')).toMatchObject({ numerator: 4, denominator: 8, rate: 50, points: 7, maxPoints: 14 });
  });
  it('2.2 procedures within their time limit on average: P1 4.67 ≤ 5 working days, P2 7.52 > 7 days → 1/2', () => {
    expect(ind('2.2')).toMatchObject({ numerator: 1, denominator: 2, rate: 50, points: 3 });
  });
  it('3.1 procedures with an online service 2/3, below the 80 % threshold: 66.67 × 4 ÷ 80', () => {
    expect(ind('3.1')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(ind('3.1').points).toBeCloseTo(3.33, 2);
  });
  it('3.2 online services used 2/2; 3.3 dossiers online 4/8 (no-channel E counts as received) = 50 %, full at the threshold', () => {
    expect(ind('3.2')).toMatchObject({ numerator: 2, denominator: 2, points: 4 });
    expect(ind('3.3')).toMatchObject({ numerator: 4, denominator: 8, rate: 50, points: 6 });
  });
  it('3.5 fee-bearing procedures with online payment 1/2; 3.6 paid online 1/5 = 20 % → 20 × 4 ÷ 50', () => {
    expect(ind('3.5')).toMatchObject({ numerator: 1, denominator: 2, points: 2.5 });
    expect(ind('3.6')).toMatchObject({ numerator: 1, denominator: 5, rate: 20, points: 1.6 });
  });
  it('4.1 electronic results 2/5 finished; 4.2 digitised 2/8 → 25 × 11 ÷ 80', () => {
    expect(ind('4.1')).toMatchObject({ numerator: 2, denominator: 5, rate: 40, points: 4.4 });
    expect(ind('4.2')).toMatchObject({ numerator: 2, denominator: 8, rate: 25 });
    expect(ind('4.2').points).toBeCloseTo(3.44, 2);
  });
  it('total: points of the indicators the data allows over their maximum (82), graded', () => {
    const sc = index.scorecards[0]!;
    expect(sc.maxPoints).toBe(82);
    // 5.4 before any rating: 100 − (50 + 0) = 50 % → 50 × 18 ÷ 90 = 10.
    expect(ind('5.4')).toMatchObject({ rate: 50, points: 10 });
    expect(sc.points).toBeCloseTo(7 + 3 + 3.33 + 4 + 6 + 2.5 + 1.6 + 4.4 + 3.44 + 10, 1);
    expect(sc.total).toBeCloseTo(((7 + 3 + 3.33 + 4 + 6 + 2.5 + 1.6 + 4.4 + 3.44 + 10) / 82) * 100, 0);
    expect(sc.grade).toBe('average');
  });
  it('drills down to the dossiers of a figure', async () => {
    const d = (await (await s.api(`/api/procedures/index/drill?period=2026-03&area=${WARD}&indicator=2.1`, { token: tokens.leader })).json()) as DrillAnswer;
    expect(d.total).toBe(8);
    expect(d.rows.filter((r) => r.counted).map((r) => r.code).sort()).toEqual(['T766-A', 'T766-C', 'T766-F', 'T766-G']);
    const p = (await (await s.api(`/api/procedures/index/drill?period=2026-03&area=${WARD}&indicator=3.1`, { token: tokens.leader })).json()) as DrillAnswer;
    expect(p).toMatchObject({ kind: 'procedures', total: 3 });
    expect((await s.api(`/api/procedures/index?period=2026-13`, { token: tokens.leader })).status).toBe(400);
    const csv = await s.api(`/api/procedures/index/export?period=2026-03&area=${WARD}&format=csv`, { token: tokens.leader });
    expect(await csv.text()).toContain('2.1,4,8,50,7,14,100');
  });
});

describe('public lookup, rating and the officials ranking', () => {
  it('shows a dossier by its code without personal data', async () => {
    const res = await s.api('/api/procedures/public/dossiers/T766-C');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('Nguyễn Văn Dân');
    expect(text).not.toContain('0903123456');
    const d = JSON.parse(text) as PublicDossier;
    expect(d.steps.map((x) => x.kind)).toEqual(['received', 'supplement_requested', 'supplement_given', 'finished']);
    expect(d).toMatchObject({ canRate: true, rated: false, status: 10 });
    expect((await s.api('/api/procedures/public/dossiers/NOPE')).status).toBe(404);
  });

  it('a citizen rates once with the phone digits; the rating moves 5.4 and the officials ranking', async () => {
    const before = (await (await s.api('/api/procedures/officials', { token: tokens.leader })).json()) as OfficialRanking;
    expect(before.officials.find((o) => o.officialCode === 'CB-T766-2')).toBeUndefined();
    const wrong = await anon('/api/procedures/public/dossiers/T766-B/rating', { phoneLast4: '0000', serviceScore: 2, officialScore: 1 });
    expect(wrong.status).toBe(403);
    const ok = await anon('/api/procedures/public/dossiers/T766-B/rating', { phoneLast4: '3456', serviceScore: 2, officialScore: 1, comment: 'Trễ hẹn' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ rated: true, canRate: false });
    expect((await anon('/api/procedures/public/dossiers/T766-B/rating', { phoneLast4: '3456', serviceScore: 5, officialScore: 5 })).status).toBe(409);
    expect((await anon('/api/procedures/public/dossiers/T766-F/rating', { phoneLast4: '3456', serviceScore: 5, officialScore: 5 })).status).toBe(409);
    const after = (await (await s.api('/api/procedures/officials', { token: tokens.leader })).json()) as OfficialRanking;
    expect(after.officials.find((o) => o.officialCode === 'CB-T766-2')).toMatchObject({ ratings: 1, averageOfficialScore: 1, officialName: 'Trần Văn Hai' });
    expect((await s.api('/api/procedures/officials', { token: tokens.operator })).status).toBe(403);
    // 5.4 = 100 − (50 % overdue + 1/8 disliked) = 37.5 % → 37.5 × 18 ÷ 90 = 7.5.
    const idx = (await (await s.api(`/api/procedures/index?period=2026-03&area=${WARD}`, { token: tokens.leader })).json()) as IndexAnswer;
    expect(idx.scorecards[0]!.indicators.find((i) => i.id === '5.4')).toMatchObject({ rate: 37.5, points: 7.5 });
    const pub = (await (await s.api('/api/procedures/public/scorecards?period=2026-03')).json()) as IndexAnswer;
    expect(pub.scorecards.find((c) => c.key === WARD)?.total).toBe(idx.scorecards[0]!.total);
  });
});

describe('masking', () => {
  it('leaders see applicants masked; the officer of the handling unit sees them in clear (audited)', async () => {
    const led = (await (await s.api('/api/procedures/dossiers?code=T766-A', { token: tokens.leader })).json()) as DossierList;
    expect(led.dossiers[0]).toMatchObject({ masked: true, applicantPhone: '*******456' });
    expect(led.dossiers[0]!.applicantName).not.toBe('Nguyễn Văn Dân');
    const off = (await (await s.api('/api/procedures/dossiers?code=T766-A', { token: tokens.officer })).json()) as DossierList;
    expect(off.dossiers[0]).toMatchObject({ masked: false, applicantPhone: '0903123456', applicantName: 'Nguyễn Văn Dân' });
    const other = (await (await s.api('/api/procedures/dossiers?code=T766-CSV1', { token: tokens.officer })).json()) as DossierList;
    expect(other.total).toBe(0);
    const audit = await s.api('/api/audit?action=procedures.read-personal', { token: tokens.admin });
    if (audit.status === 200) expect(JSON.stringify(await audit.json())).toContain('procedures.read-personal');
  });

  it('the watch list counts open dossiers by unit', async () => {
    const res = await s.api('/api/procedures/watch', { token: tokens.operator });
    expect(res.status).toBe(200);
    const w = (await res.json()) as { units: { unitCode: string; open: number; overdue: number }[] };
    expect(w.units.find((u) => u.unitCode === UNIT)!.open).toBeGreaterThan(0);
  });
});

describe('KPIs over the published view', () => {
  it('online share, overdue and on-time dossiers (with intake, open, due soon) are KPIs with a drill-down to the dossiers', async () => {
    for (const id of ['procedures-online', 'procedures-overdue', 'procedures-on-time']) {
      const res = await s.api(`/api/kpis/${id}`, { token: tokens.leader });
      expect(res.status, id).toBe(200);
      const k = (await res.json()) as { count: number };
      expect(k.count, id).toBeGreaterThanOrEqual(0);
    }
    const dd = (await (await s.api('/api/kpis/procedures-overdue/drilldown?limit=5', { token: tokens.leader })).json()) as { items: { link: string; label: string }[] };
    expect(dd.items.length).toBeGreaterThan(0);
    expect(dd.items[0]!.link).toMatch(/^\/procedures\/dossiers\/\d+$/);
    const id = Number(dd.items[0]!.link.split('/').pop());
    const one = await s.api(`/api/procedures/dossiers/${id}`, { token: tokens.leader });
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id, masked: true });
  });
});
