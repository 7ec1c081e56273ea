// Pure rules of the procedures module (no I/O): reading a dossier in the national portal's
// field names, periods, the Decision 766 scoring (score = rate × max ÷ threshold below the
// threshold) and grades. Unit-tested on hand-computed cases.
import { ONLINE_KINDS, PROCEDURE_LEVELS, TIME_UNITS, type Grade, type Procedure } from '../../../../shared/contracts/procedures.ts';
import { workingDaysBetween } from '../feedback/index.ts';

const OFFSET = '+07:00';

/** A date-time as the one-stop-shop systems write it; wall times without a zone are Ho Chi Minh City time. */
export function parsePortalDate(v: unknown): Date | null | 'bad' {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) {
    // Spreadsheet cells carry the wall time in the UTC fields.
    if (Number.isNaN(v.getTime())) return 'bad';
    return new Date(v.getTime() - 7 * 3600_000);
  }
  const s = String(v).trim();
  if (!s) return null;
  let m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?$/.exec(s);
  let iso: string | null = null;
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${OFFSET}`;
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s))) {
    iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}T${(m[4] ?? '00').padStart(2, '0')}:${m[5] ?? '00'}:${m[6] ?? '00'}${OFFSET}`;
  } else if ((m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s))) {
    iso = `${m[1]}T${m[2] ?? '00:00:00'}${m[3] ?? OFFSET}`;
  }
  if (!iso) return 'bad';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'bad' : d;
}

function parseBool(v: unknown): boolean | 'bad' {
  if (v === null || v === undefined || v === '') return false;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (['1', 'true', 'co', 'có', 'x', 'yes'].includes(s)) return true;
  if (['0', 'false', 'khong', 'không', 'no'].includes(s)) return false;
  return 'bad';
}

function text(v: unknown, max = 300): string | null {
  if (v === null || v === undefined) return null;
  const s = (v instanceof Date ? v.toISOString() : String(v)).trim();
  return s ? s.slice(0, max) : null;
}

export interface Supplement { requestedAt: Date; suppliedAt: Date | null }

/** A dossier ready to store, with its derived handling times. */
export interface DossierInput {
  code: string;
  procedureCode: string;
  channel: 1 | 2 | 3 | null;
  submittedAt: Date | null;
  receivedAt: Date | null;
  dueAt: Date | null;
  finishedAt: Date | null;
  status: number;
  supplements: Supplement[];
  paidOnline: boolean;
  digitised: boolean;
  eResult: boolean;
  unitCode: string | null;
  wardCode: string | null;
  officialCode: string | null;
  officialName: string | null;
  applicantName: string | null;
  applicantPhone: string | null;
  handlingHours: number | null;
  handlingWorkingDays: number | null;
}

/** Field names accepted for each value: the portal's first, then a few usual export spellings. */
export const DOSSIER_FIELDS = {
  code: ['MaHoSo'],
  procedureCode: ['MaTTHC'],
  channel: ['KenhThucHien'],
  submittedAt: ['NgayNopHoSo'],
  receivedAt: ['NgayTiepNhan'],
  dueAt: ['NgayHenTra'],
  finishedAt: ['NgayKetThucXuLy'],
  status: ['TrangThaiHoSo', 'TrangThai'],
  supplements: ['YeuCauBoSung', 'DanhSachYeuCauBoSung'],
  paidOnline: ['DuocThanhToanTrucTuyen'],
  digitised: ['HoSoCoThanhPhanSoHoa'],
  eResult: ['CoKetQuaDienTu', 'KetQuaDienTu'],
  resultCode: ['MaKetQua'],
  unitCode: ['DonViXuLy', 'MaDonViXuLy'],
  wardCode: ['MaPhuongXa', 'MaXa'],
  officialCode: ['MaCanBoXuLy'],
  officialName: ['CanBoXuLy', 'TenCanBoXuLy'],
  applicantName: ['ChuHoSo', 'TenChuHoSo'],
  applicantPhone: ['SoDienThoai', 'SoDienThoaiChuHoSo'],
  documents: ['TaiLieuNop'],
} as const;

function field(row: Record<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) if (row[n] !== undefined) return row[n];
  return undefined;
}

/** YeuCauBoSung: a JSON array [{NgayYeuCau, NgayBoSung}] or text "start/end;start/end" (end may be empty). */
function parseSupplements(v: unknown, reasons: string[]): Supplement[] {
  if (v === null || v === undefined || v === '') return [];
  let items: { req: unknown; sup: unknown }[] = [];
  let raw: unknown = v;
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    try { raw = JSON.parse(v); } catch { reasons.push('YeuCauBoSung: not valid JSON'); return []; }
  }
  if (Array.isArray(raw)) {
    items = raw.map((x: unknown) => {
      const o = (x && typeof x === 'object' ? x : {}) as Record<string, unknown>;
      return { req: o.NgayYeuCau ?? o.NgayYeuCauBoSung ?? o.requestedAt, sup: o.NgayBoSung ?? o.NgayCongDanBoSung ?? o.suppliedAt };
    });
  } else if (typeof raw === 'string') {
    items = raw.split(';').filter((p) => p.trim()).map((p) => { const [a, b] = p.split('/'); return { req: a, sup: b }; });
  } else {
    reasons.push('YeuCauBoSung: expected a list of requests');
    return [];
  }
  const out: Supplement[] = [];
  for (const [i, it] of items.entries()) {
    const req = parsePortalDate(it.req);
    const sup = parsePortalDate(it.sup);
    if (req === null || req === 'bad') { reasons.push(`YeuCauBoSung[${i + 1}]: the request date is missing or not a date`); continue; }
    if (sup === 'bad') { reasons.push(`YeuCauBoSung[${i + 1}]: the supply date is not a date`); continue; }
    if (sup && sup < req) { reasons.push(`YeuCauBoSung[${i + 1}]: supplied before it was requested`); continue; }
    out.push({ requestedAt: req, suppliedAt: sup });
  }
  return out.sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
}

/** Hours and working days of handling: received → finished, minus the citizen's supplementary time. */
export function handlingTimes(receivedAt: Date | null, finishedAt: Date | null, supplements: readonly Supplement[], holidays?: ReadonlySet<string>) {
  if (!receivedAt || !finishedAt || finishedAt < receivedAt) return { hours: null, workingDays: null };
  let pauseMs = 0;
  let pauseWd = 0;
  for (const s of supplements) {
    const end = s.suppliedAt && s.suppliedAt < finishedAt ? s.suppliedAt : finishedAt;
    if (end > s.requestedAt) {
      pauseMs += end.getTime() - s.requestedAt.getTime();
      pauseWd += workingDaysBetween(s.requestedAt, end, holidays);
    }
  }
  const hours = Math.max(0, (finishedAt.getTime() - receivedAt.getTime() - pauseMs) / 3600_000);
  const workingDays = Math.max(0, workingDaysBetween(receivedAt, finishedAt, holidays) - pauseWd);
  return { hours: Math.round(hours * 100) / 100, workingDays };
}

/** One row in the portal's field names → a dossier, or the reasons it cannot be stored. */
export function readDossierRow(row: Record<string, unknown>): { ok: true; dossier: DossierInput } | { ok: false; reasons: string[] } {
  const reasons: string[] = [];
  const code = text(field(row, DOSSIER_FIELDS.code), 100);
  if (!code) reasons.push('MaHoSo is missing');
  const procedureCode = text(field(row, DOSSIER_FIELDS.procedureCode), 60);
  if (!procedureCode) reasons.push('MaTTHC is missing');
  const chRaw = text(field(row, DOSSIER_FIELDS.channel), 10);
  let channel: 1 | 2 | 3 | null = null;
  if (chRaw !== null) {
    if (chRaw === '1' || chRaw === '2' || chRaw === '3') channel = Number(chRaw) as 1 | 2 | 3;
    else reasons.push(`KenhThucHien must be 1 (in person), 2 (online) or 3 (post), not "${chRaw}"`);
  }
  const dates: Record<'submittedAt' | 'receivedAt' | 'dueAt' | 'finishedAt', Date | null> = { submittedAt: null, receivedAt: null, dueAt: null, finishedAt: null };
  for (const k of ['submittedAt', 'receivedAt', 'dueAt', 'finishedAt'] as const) {
    const d = parsePortalDate(field(row, DOSSIER_FIELDS[k]));
    if (d === 'bad') reasons.push(`${DOSSIER_FIELDS[k][0]} is not a date: "${String(field(row, DOSSIER_FIELDS[k]))}"`);
    else dates[k] = d;
  }
  const stRaw = text(field(row, DOSSIER_FIELDS.status), 10);
  const status = stRaw === null ? NaN : Number(stRaw);
  if (stRaw === null) reasons.push('TrangThaiHoSo is missing');
  else if (!Number.isInteger(status) || status < 1 || status > 10) reasons.push(`TrangThaiHoSo must be a status code from 1 to 10, not "${stRaw}"`);
  const validStatus = Number.isInteger(status) && status >= 1 && status <= 10;
  const receivedGiven = text(field(row, DOSSIER_FIELDS.receivedAt)) !== null;
  if (validStatus && status >= 2 && status !== 3 && !receivedGiven) reasons.push('NgayTiepNhan is missing for a received dossier');
  if ((status === 9 || status === 10) && text(field(row, DOSSIER_FIELDS.finishedAt)) === null) reasons.push('NgayKetThucXuLy is missing for a finished dossier');
  if (dates.receivedAt && dates.finishedAt && dates.finishedAt < dates.receivedAt) reasons.push('NgayKetThucXuLy is before NgayTiepNhan');
  if (dates.receivedAt && dates.dueAt && dates.dueAt < dates.receivedAt) reasons.push('NgayHenTra is before NgayTiepNhan');
  const supplements = parseSupplements(field(row, DOSSIER_FIELDS.supplements), reasons);
  const bools: Record<'paidOnline' | 'digitised' | 'eResult', boolean> = { paidOnline: false, digitised: false, eResult: false };
  for (const k of ['paidOnline', 'digitised', 'eResult'] as const) {
    const b = parseBool(field(row, DOSSIER_FIELDS[k]));
    if (b === 'bad') reasons.push(`${DOSSIER_FIELDS[k][0]} must be 1/0 or true/false`);
    else bools[k] = b;
  }
  // An electronic result when the source says so, or when it gives the result's code (MaKetQua).
  if (field(row, DOSSIER_FIELDS.eResult) === undefined && text(field(row, DOSSIER_FIELDS.resultCode))) bools.eResult = true;
  // Digitised when any submitted document (TaiLieuNop[].DuocSoHoa) was digitised.
  const docs = field(row, DOSSIER_FIELDS.documents);
  if (Array.isArray(docs) && docs.some((d) => d && typeof d === 'object' && parseBool((d as Record<string, unknown>).DuocSoHoa) === true)) bools.digitised = true;
  if (reasons.length) return { ok: false, reasons };
  const times = handlingTimes(dates.receivedAt, dates.finishedAt, supplements);
  return {
    ok: true,
    dossier: {
      code: code!, procedureCode: procedureCode!, channel, ...dates, status, supplements, ...bools,
      unitCode: text(field(row, DOSSIER_FIELDS.unitCode), 60), wardCode: text(field(row, DOSSIER_FIELDS.wardCode), 20),
      officialCode: text(field(row, DOSSIER_FIELDS.officialCode), 60), officialName: text(field(row, DOSSIER_FIELDS.officialName), 200),
      applicantName: text(field(row, DOSSIER_FIELDS.applicantName), 200), applicantPhone: text(field(row, DOSSIER_FIELDS.applicantPhone), 30),
      handlingHours: times.hours, handlingWorkingDays: times.workingDays,
    },
  };
}

const LEVEL_WORDS: Record<string, Procedure['level']> = { commune: 'commune', xa: 'commune', 'cấp xã': 'commune', province: 'province', tinh: 'province', 'cấp tỉnh': 'province', ministry: 'ministry', 'trung ương': 'ministry', bo: 'ministry' };
const UNIT_WORDS: Record<string, Procedure['timeUnit']> = { hours: 'hours', 'giờ': 'hours', days: 'days', 'ngày': 'days', working_days: 'working_days', 'ngày làm việc': 'working_days', months: 'months', 'tháng': 'months' };
const ONLINE_WORDS: Record<string, Procedure['online']> = { none: 'none', 'không': 'none', '': 'none', partial: 'partial', 'một phần': 'partial', full: 'full', 'toàn trình': 'full' };

/** One catalogue row (English column names or the Vietnamese ones of the portal's lists). */
export function readProcedureRow(row: Record<string, unknown>): { ok: true; procedure: Procedure } | { ok: false; reasons: string[] } {
  const reasons: string[] = [];
  const get = (...names: string[]) => field(row, names);
  const code = text(get('code', 'MaTTHC'), 60);
  const name = text(get('name', 'TenTTHC'), 1000);
  if (!code) reasons.push('code (MaTTHC) is missing');
  if (!name) reasons.push('name (TenTTHC) is missing');
  const lower = (v: unknown) => (text(v) ?? '').toLowerCase();
  const level = LEVEL_WORDS[lower(get('level', 'CapThucHien')) || 'commune'];
  if (!level) reasons.push(`level must be one of ${PROCEDURE_LEVELS.join(', ')}`);
  const timeUnit = UNIT_WORDS[lower(get('timeUnit', 'DonViTinh')) || 'working_days'];
  if (!timeUnit) reasons.push(`timeUnit must be one of ${TIME_UNITS.join(', ')}`);
  const online = ONLINE_WORDS[lower(get('online', 'DichVuCongTrucTuyen'))];
  if (!online) reasons.push(`online must be one of ${ONLINE_KINDS.join(', ')}`);
  const num = (v: unknown, label: string): number | null => {
    const s = text(v);
    if (s === null) return null;
    const n = Number(s.replace(/[ .](?=\d{3}\b)/g, '').replace(',', '.'));
    if (!Number.isFinite(n) || n < 0) { reasons.push(`${label} must be a number ≥ 0`); return null; }
    return n;
  };
  const timeLimit = num(get('timeLimit', 'ThoiGianGiaiQuyet'), 'timeLimit');
  const fee = num(get('fee', 'LePhi'), 'fee');
  const b = (v: unknown, label: string, dflt: boolean) => {
    if (v === undefined || v === '' || v === null) return dflt;
    const r = parseBool(v);
    if (r === 'bad') { reasons.push(`${label} must be 1/0 or true/false`); return dflt; }
    return r;
  };
  const paperResult = b(get('paperResult', 'CoKetQuaGiay'), 'paperResult', true);
  const onlinePayment = b(get('onlinePayment', 'ThanhToanTrucTuyen'), 'onlinePayment', false);
  const published = b(get('published', 'CongKhai'), 'published', true);
  if (reasons.length) return { ok: false, reasons };
  return { ok: true, procedure: { code: code!, name: name!, field: text(get('field', 'LinhVuc')), level: level!, timeLimit, timeUnit: timeUnit!, fee, paperResult, online: online!, onlinePayment, published } };
}

/** A period: YYYY-MM (month), YYYY-Qn (quarter) or YYYY (year), in Ho Chi Minh City time; `to` is exclusive. */
export function parsePeriod(p: string): { from: Date; to: Date; kind: 'month' | 'quarter' | 'year' } | null {
  let m = /^(\d{4})-(\d{2})$/.exec(p);
  const at = (y: number, mo: number) => new Date(`${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-01T00:00:00${OFFSET}`);
  const next = (y: number, mo: number) => (mo > 12 ? at(y + 1, mo - 12) : at(y, mo));
  if (m) {
    const y = Number(m[1]); const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    return { from: at(y, mo), to: next(y, mo + 1), kind: 'month' };
  }
  if ((m = /^(\d{4})-Q([1-4])$/i.exec(p))) {
    const y = Number(m[1]); const q = Number(m[2]);
    return { from: at(y, q * 3 - 2), to: next(y, q * 3 + 1), kind: 'quarter' };
  }
  if ((m = /^(\d{4})$/.exec(p))) return { from: at(Number(m[1]), 1), to: at(Number(m[1]) + 1, 1), kind: 'year' };
  return null;
}

/** The month (YYYY-MM) of an instant in Ho Chi Minh City time. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 7);
}

/** Decision 766: below the threshold score = rate × max ÷ threshold; at or above it, the full points. */
export function scoreOf(rate: number | null, maxPoints: number, threshold: number): number | null {
  if (rate === null) return null;
  if (rate >= threshold) return maxPoints;
  return Math.round(((Math.max(0, rate) * maxPoints) / threshold) * 100) / 100;
}

/** Grade of a total out of 100 (bands are configurable data, see indicators.ts). */
export function gradeOf(total: number | null, bands: readonly { min: number; grade: Grade }[]): Grade | null {
  if (total === null) return null;
  for (const b of bands) if (total >= b.min) return b.grade;
  return bands[bands.length - 1]?.grade ?? null;
}

/** rate in percent, 2 decimals; null when nothing to divide by. */
export function percent(num: number, den: number): number | null {
  return den > 0 ? Math.round((num / den) * 10000) / 100 : null;
}
