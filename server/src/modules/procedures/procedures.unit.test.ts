// The pure rules: reading the portal's fields, periods, the 766 scoring rule and grades,
// handling time without the citizen's supplementary time — on hand-computed cases.
import { describe, expect, it } from 'vitest';
import { GRADE_BANDS } from './indicators.ts';
import { gradeOf, handlingTimes, parsePeriod, parsePortalDate, percent, readDossierRow, readProcedureRow, scoreOf } from './procedures.rules.ts';

describe('766 scoring', () => {
  it('below the threshold score = rate × max ÷ threshold; at or above it, the full points', () => {
    expect(scoreOf(40, 6, 50)).toBe(4.8); // 40 × 6 ÷ 50
    expect(scoreOf(50, 6, 50)).toBe(6);
    expect(scoreOf(95, 6, 50)).toBe(6);
    expect(scoreOf(72, 18, 90)).toBe(14.4); // 72 × 18 ÷ 90
    expect(scoreOf(0, 4, 80)).toBe(0);
    expect(scoreOf(null, 4, 80)).toBeNull();
  });
  it('grades: 90–100 excellent, under 50 weak', () => {
    expect(gradeOf(90, GRADE_BANDS)).toBe('excellent');
    expect(gradeOf(89.9, GRADE_BANDS)).toBe('good');
    expect(gradeOf(50, GRADE_BANDS)).toBe('average');
    expect(gradeOf(49.9, GRADE_BANDS)).toBe('weak');
    expect(gradeOf(null, GRADE_BANDS)).toBeNull();
  });
  it('percent of nothing is not applicable', () => {
    expect(percent(1, 3)).toBe(33.33);
    expect(percent(0, 0)).toBeNull();
  });
});

describe('periods in Ho Chi Minh City time', () => {
  it('month, quarter and year, end exclusive', () => {
    expect(parsePeriod('2026-03')).toMatchObject({ from: new Date('2026-02-28T17:00:00Z'), to: new Date('2026-03-31T17:00:00Z'), kind: 'month' });
    expect(parsePeriod('2026-12')!.to).toEqual(new Date('2026-12-31T17:00:00Z'));
    expect(parsePeriod('2026-Q2')).toMatchObject({ from: new Date('2026-03-31T17:00:00Z'), to: new Date('2026-06-30T17:00:00Z') });
    expect(parsePeriod('2026')).toMatchObject({ from: new Date('2025-12-31T17:00:00Z'), to: new Date('2026-12-31T17:00:00Z') });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('March')).toBeNull();
  });
});

describe('reading a dossier in the portal field names', () => {
  it('dates as yyyyMMddHHmmss, dd/MM/yyyy HH:mm and ISO are local time unless zoned', () => {
    expect(parsePortalDate('20260305090000')).toEqual(new Date('2026-03-05T02:00:00Z'));
    expect(parsePortalDate('05/03/2026 09:00')).toEqual(new Date('2026-03-05T02:00:00Z'));
    expect(parsePortalDate('2026-03-05T09:00:00Z')).toEqual(new Date('2026-03-05T09:00:00Z'));
    expect(parsePortalDate('2026-03-05')).toEqual(new Date('2026-03-04T17:00:00Z'));
    expect(parsePortalDate('soon')).toBe('bad');
    expect(parsePortalDate('')).toBeNull();
  });
  it('a good row, with its handling time net of the supplementary request', () => {
    const r = readDossierRow({
      MaHoSo: 'X1', MaTTHC: 'P', KenhThucHien: '2', NgayTiepNhan: '20260302090000', NgayHenTra: '20260309170000', NgayKetThucXuLy: '20260306090000',
      TrangThaiHoSo: '10', YeuCauBoSung: [{ NgayYeuCau: '20260303090000', NgayBoSung: '20260304090000' }], DuocThanhToanTrucTuyen: '1', TaiLieuNop: [{ DuocSoHoa: 1 }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dossier).toMatchObject({ channel: 2, status: 10, paidOnline: true, digitised: true, eResult: false, supplements: [{ suppliedAt: new Date('2026-03-04T02:00:00Z') }] });
    // 4 days = 96 h, minus 24 h with the citizen; working days Tue–Fri = 4, minus 1 (Wed).
    expect(r.dossier.handlingHours).toBe(72);
    expect(r.dossier.handlingWorkingDays).toBe(3);
  });
  it('every problem of a bad row is named', () => {
    const r = readDossierRow({ KenhThucHien: 'web', TrangThaiHoSo: 11, NgayTiepNhan: 'x' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons).toEqual([
      'MaHoSo is missing', 'MaTTHC is missing', 'KenhThucHien must be 1 (in person), 2 (online) or 3 (post), not "web"', 'NgayTiepNhan is not a date: "x"',
      'TrangThaiHoSo must be a status code from 1 to 10, not "11"',
    ]);
  });
  it('handling time counts working days only', () => {
    // Friday 09:00 → next Tuesday 09:00: Mon + Tue = 2 working days, 96 hours.
    expect(handlingTimes(new Date('2026-03-06T02:00:00Z'), new Date('2026-03-10T02:00:00Z'), [])).toEqual({ hours: 96, workingDays: 2 });
  });
  it('catalogue rows in the portal list columns', () => {
    const r = readProcedureRow({ MaTTHC: '1.0001', TenTTHC: 'Khai sinh', DonViTinh: 'Ngày làm việc', ThoiGianGiaiQuyet: '3', DichVuCongTrucTuyen: 'Toàn trình', LePhi: '50.000' });
    expect(r).toMatchObject({ ok: true, procedure: { timeUnit: 'working_days', timeLimit: 3, online: 'full', fee: 50000, level: 'commune' } });
    expect(readProcedureRow({ MaTTHC: 'x', TenTTHC: 'y', DonViTinh: 'tuần' })).toMatchObject({ ok: false });
  });
});
