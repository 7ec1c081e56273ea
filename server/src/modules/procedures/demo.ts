// Demo history: two years of dossiers for the four wards of former District 7 (Tân Hưng, Tân
// Thuận, Tân Mỹ, Phú Thuận, formed 1/7/2025; earlier dossiers are filed under them too), about
// 24,000 dossiers with channels moving online over time, peaks before Tết and at year end, a
// few chronically late procedures, supplementary requests and citizens' ratings of the
// officials. Deterministic (seeded PRNG), bulk-inserted (unnest), once. Procedure codes are
// demo codes (D7-…), not the national MaTTHC.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Procedure } from '../../../../shared/contracts/procedures.ts';
import { mulberry32 } from '../../platform/random.ts';
import { addWorkingDays, isWorkingDay } from '../feedback/index.ts';
import { proceduresRepository } from './procedures.repository.ts';
import type { ProceduresService } from './procedures.service.ts';
import type { DossierInput, Supplement } from './procedures.rules.ts';

const STATE_KEY = 'seed.demo-procedures';
const WARDS = ['27475', '27478', '27484', '27487'];
const DAYS = 730;

type DemoProcedure = Procedure & { weight: number; lateRate: number };
const p = (code: string, name: string, field: string, timeLimit: number, timeUnit: Procedure['timeUnit'], fee: number | null, online: Procedure['online'], onlinePayment: boolean, weight: number, lateRate: number): DemoProcedure =>
  ({ code, name, field, level: 'commune', timeLimit, timeUnit, fee, paperResult: true, online, onlinePayment, published: true, weight, lateRate });

export const DEMO_PROCEDURES: readonly DemoProcedure[] = [
  p('D7-HT-01', 'Đăng ký khai sinh', 'Hộ tịch', 1, 'working_days', null, 'full', false, 14, 0.02),
  p('D7-HT-02', 'Đăng ký kết hôn', 'Hộ tịch', 5, 'working_days', null, 'partial', false, 5, 0.03),
  p('D7-HT-03', 'Đăng ký khai tử', 'Hộ tịch', 1, 'working_days', null, 'full', false, 3, 0.02),
  p('D7-HT-04', 'Cấp bản sao trích lục hộ tịch', 'Hộ tịch', 1, 'working_days', 8000, 'full', true, 8, 0.02),
  p('D7-HT-05', 'Xác nhận tình trạng hôn nhân', 'Hộ tịch', 3, 'working_days', null, 'full', false, 6, 0.04),
  p('D7-CT-01', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', 'Chứng thực', 8, 'hours', 2000, 'partial', true, 18, 0.03),
  p('D7-CT-02', 'Chứng thực chữ ký trong giấy tờ, văn bản', 'Chứng thực', 8, 'hours', 10000, 'none', false, 7, 0.04),
  p('D7-KD-01', 'Đăng ký thành lập hộ kinh doanh', 'Thành lập và hoạt động của hộ kinh doanh', 3, 'working_days', 100000, 'full', true, 6, 0.05),
  p('D7-KD-02', 'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh', 'Thành lập và hoạt động của hộ kinh doanh', 3, 'working_days', 100000, 'full', true, 3, 0.05),
  p('D7-XD-01', 'Cấp giấy phép xây dựng nhà ở riêng lẻ', 'Hoạt động xây dựng', 15, 'days', 75000, 'partial', true, 4, 0.32),
  p('D7-DD-01', 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', 'Đất đai', 10, 'working_days', 30000, 'partial', false, 4, 0.38),
  p('D7-DD-02', 'Cấp Giấy chứng nhận quyền sử dụng đất lần đầu', 'Đất đai', 20, 'working_days', 100000, 'partial', false, 2, 0.45),
  p('D7-GT-01', 'Cấp phép sử dụng tạm thời một phần lòng đường, hè phố', 'Giao thông đường bộ', 7, 'working_days', null, 'full', false, 2, 0.08),
  p('D7-BT-01', 'Trợ cấp xã hội hàng tháng đối với đối tượng bảo trợ xã hội', 'Bảo trợ xã hội', 1, 'months', null, 'partial', false, 2, 0.12),
  p('D7-NC-01', 'Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình', 'Lao động, thương binh và xã hội', 10, 'working_days', null, 'none', false, 1, 0.06),
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Thanh', 'Hữu', 'Đức', 'Thu', 'Quốc', 'Bảo'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Khoa', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quân', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến'];
/** Each ward's officials at the one-stop shop: code, name, how well they serve (shifts ratings). */
const OFFICIALS: Record<string, { code: string; name: string; skill: number }[]> = Object.fromEntries(WARDS.map((w, wi) => [w, Array.from({ length: 5 }, (_, i) => ({
  code: `CB-${w}-${String(i + 1).padStart(2, '0')}`,
  name: `${FAMILY[(wi * 5 + i * 3) % FAMILY.length]} ${MIDDLE[(wi + i) % MIDDLE.length]} ${GIVEN[(wi * 7 + i * 5) % GIVEN.length]}`,
  skill: [0.6, 0.2, 0, -0.4, -0.9][(i + wi) % 5]!,
}))]));
const WARD_VOLUME: Record<string, number> = { '27475': 9.5, '27478': 7, '27484': 8, '27487': 6 };
const WARD_PUNCTUALITY: Record<string, number> = { '27475': 1, '27478': 1.9, '27484': 0.7, '27487': 2.6 };
/** How far each ward's one-stop shop went digital (online intake, digitisation, electronic results, online payment). */
const WARD_DIGITAL: Record<string, number> = { '27475': 1, '27478': 0.75, '27484': 0.92, '27487': 0.6 };

const DAY_MS = 86_400_000;
const localDay = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);

/** Working-day arithmetic over the demo's days from a cumulative count (the calendar's result, computed once per day). */
function calendar(startMs: number, days: number) {
  // Local day numbers (days since 1970 in Ho Chi Minh City time) → working days counted so far.
  const dayNo = (ms: number) => Math.floor((ms + 7 * 3600_000) / DAY_MS);
  const first = dayNo(startMs) - 5;
  const cum = new Int32Array(days + 400);
  let n = 0;
  for (let i = 0; i < cum.length; i++) {
    if (isWorkingDay(new Date((first + i) * DAY_MS).toISOString().slice(0, 10))) n++;
    cum[i] = n;
  }
  const at = (ms: number) => cum[Math.min(cum.length - 1, Math.max(0, dayNo(ms) - first))]!;
  const dueCache = new Map<string, Date>();
  return {
    /** Working days strictly after the day of `from` up to the day of `to` (as workingDaysBetween). */
    between: (from: Date, to: Date) => Math.max(0, at(to.getTime()) - at(from.getTime())),
    addWorkingDays: (from: Date, k: number) => {
      const key = `${dayNo(from.getTime())}/${k}`;
      let v = dueCache.get(key);
      if (!v) dueCache.set(key, (v = addWorkingDays(from, k)));
      return v;
    },
  };
}
type Calendar = ReturnType<typeof calendar>;

function dueOf(received: Date, proc: DemoProcedure, cal: Calendar): Date {
  const n = proc.timeLimit ?? 1;
  if (proc.timeUnit === 'working_days') return cal.addWorkingDays(received, n);
  if (proc.timeUnit === 'hours') return new Date(received.getTime() + n * 3600_000 + 16 * 3600_000);
  if (proc.timeUnit === 'days') return new Date(Date.parse(`${localDay(received.getTime() + n * DAY_MS)}T23:59:59+07:00`));
  return new Date(received.getTime() + n * 30 * DAY_MS);
}

/** Seasonal factor of a day: a rush in the weeks before Tết and in December, quiet right after Tết and in summer. */
function season(day: string): number {
  const m = Number(day.slice(5, 7));
  return ({ 1: 1.35, 2: 0.75, 3: 1.05, 4: 1, 5: 1, 6: 0.9, 7: 0.85, 8: 0.9, 9: 1, 10: 1.05, 11: 1.1, 12: 1.3 } as Record<number, number>)[m] ?? 1;
}

export function generateDemoDossiers(now: Date, seed = 20261207, scale = 1): DossierInput[] {
  const rand = mulberry32(seed);
  const weighted = DEMO_PROCEDURES.flatMap((proc) => Array<DemoProcedure>(proc.weight).fill(proc));
  const out: DossierInput[] = [];
  const nowMs = now.getTime();
  const start = nowMs - DAYS * DAY_MS;
  let seq = 0;
  const cal = calendar(start, DAYS);
  for (let d = 0; d <= DAYS; d++) {
    const day = localDay(start + d * DAY_MS);
    if (!isWorkingDay(day)) continue;
    const dayStart = Date.parse(`${day}T00:00:00+07:00`);
    const dayCode = day.replace(/-/g, '');
    const progress = d / DAYS;
    for (const ward of WARDS) {
      const mean = WARD_VOLUME[ward]! * season(day) * scale;
      const count = Math.max(0, Math.round(mean + (rand() - 0.5) * mean * 0.6));
      for (let k = 0; k < count; k++) {
        const proc = weighted[Math.floor(rand() * weighted.length)]!;
        const received = new Date(dayStart + (7.5 + rand() * 9.5) * 3600_000);
        if (received.getTime() > nowMs) continue;
        seq++;
        // Online share climbs from about a third to three quarters over the two years.
        const digital = WARD_DIGITAL[ward]!;
        const onlineShare = proc.online === 'none' ? 0 : ((proc.online === 'full' ? 0.4 : 0.25) + progress * (proc.online === 'full' ? 0.45 : 0.35)) * digital;
        const u = rand();
        const channel: 1 | 2 | 3 | null = u < 0.01 ? null : u < 0.01 + onlineShare ? 2 : u < 0.04 + onlineShare ? 3 : 1;
        const submitted = channel === 2 ? new Date(received.getTime() - rand() * 20 * 3600_000) : received;
        const due = dueOf(received, proc, cal);
        const span = due.getTime() - received.getTime();
        const supplements: Supplement[] = [];
        const sr = rand();
        const nReq = sr < 0.015 ? 2 : sr < 0.09 ? 1 : 0;
        let pause = 0;
        for (let i = 0; i < nReq; i++) {
          const req = new Date(received.getTime() + span * (0.2 + 0.25 * i) );
          const wait = (1 + rand() * 5) * DAY_MS;
          const sup = req.getTime() + wait < nowMs ? new Date(req.getTime() + wait) : null;
          supplements.push({ requestedAt: req, suppliedAt: sup });
          pause += wait;
        }
        const lateRate = Math.min(0.9, proc.lateRate * WARD_PUNCTUALITY[ward]! * (1.15 - progress * 0.3));
        const late = rand() < lateRate;
        const took = late ? span * (1.05 + rand() * 0.9) : span * (0.25 + rand() * 0.7);
        const finishMs = received.getTime() + took + pause;
        const finished = finishMs < nowMs && !supplements.some((s) => s.suppliedAt === null) ? new Date(finishMs) : null;
        const stop = finished && rand() < 0.01;
        const status = finished ? (stop ? 8 : finishMs < nowMs - 3 * DAY_MS ? 10 : 9) : supplements.some((s) => s.suppliedAt === null) ? 5 : 4;
        const official = OFFICIALS[ward]![Math.floor(rand() * 5)]!;
        // Handling time net of the citizen's supplementary time (as handlingTimes in procedures.rules.ts).
        let times: { hours: number | null; workingDays: number | null } = { hours: null, workingDays: null };
        if (finished) {
          let pauseMs = 0;
          let pauseWd = 0;
          for (const s of supplements) {
            const end = s.suppliedAt && s.suppliedAt < finished ? s.suppliedAt : finished;
            if (end > s.requestedAt) { pauseMs += end.getTime() - s.requestedAt.getTime(); pauseWd += cal.between(s.requestedAt, end); }
          }
          times = { hours: Math.round(Math.max(0, (finished.getTime() - received.getTime() - pauseMs) / 3600_000) * 100) / 100, workingDays: Math.max(0, cal.between(received, finished) - pauseWd) };
        }
        const phone = `09${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
        out.push({
          code: `D7-${dayCode}-${String(seq).padStart(6, '0')}`,
          procedureCode: proc.code, channel, submittedAt: submitted, receivedAt: received, dueAt: due, finishedAt: finished, status, supplements,
          paidOnline: (proc.fee ?? 0) > 0 && proc.onlinePayment && channel === 2 && rand() < (0.3 + progress * 0.5) * digital,
          digitised: rand() < (0.35 + progress * 0.5) * digital,
          eResult: !!finished && !stop && rand() < (0.2 + progress * 0.65) * digital,
          unitCode: `ubnd-${ward}`, wardCode: ward, officialCode: official.code, officialName: official.name,
          applicantName: `${FAMILY[Math.floor(rand() * FAMILY.length)]} ${MIDDLE[Math.floor(rand() * MIDDLE.length)]} ${GIVEN[Math.floor(rand() * GIVEN.length)]}`,
          applicantPhone: phone, handlingHours: times.hours, handlingWorkingDays: times.workingDays,
        });
      }
    }
  }
  return out;
}

export async function seedDemoProcedures(db: Kysely<DB>, service: ProceduresService, now: Date): Promise<{ seeded: boolean; dossiers: number }> {
  const done = await sql<{ key: string }>`select key from app_state where key = ${STATE_KEY}`.execute(db);
  if (done.rows.length) return { seeded: false, dossiers: 0 };
  const repo = proceduresRepository(db);
  await repo.upsertProcedures(DEMO_PROCEDURES.map(({ weight: _w, lateRate: _l, ...proc }) => proc), now);
  const dossiers = generateDemoDossiers(now);
  const rand = mulberry32(7);
  await db.transaction().execute(async (tx) => {
    // A plain bulk insert (the table is empty of demo rows): no conflict handling needed.
    const iso = (x: Date | null) => (x ? x.toISOString() : null);
    for (let i = 0; i < dossiers.length; i += 8000) {
      const b = dossiers.slice(i, i + 8000);
      const col = <T>(f: (d: DossierInput) => T) => b.map(f);
      await sql`insert into proc_dossiers (code, procedure_code, channel, submitted_at, received_at, due_at, finished_at, status, supplements, supplement_count,
          paid_online, digitised, e_result, unit_code, ward_code, official_code, official_name, applicant_name, applicant_phone, handling_hours, handling_working_days,
          source, synthetic, created_at, updated_at)
        select u.code, u.procedure_code, u.channel, u.submitted_at, u.received_at, u.due_at, u.finished_at, u.status, u.supplements::jsonb, u.supplement_count,
          u.paid_online, u.digitised, u.e_result, u.unit_code, u.ward_code, u.official_code, u.official_name, u.applicant_name, u.applicant_phone, u.hh, u.hwd,
          'demo', true, ${now}, ${now}
        from unnest(${col((d) => d.code)}::text[], ${col((d) => d.procedureCode)}::text[], ${col((d) => d.channel)}::int2[], ${col((d) => iso(d.submittedAt))}::timestamptz[],
          ${col((d) => iso(d.receivedAt))}::timestamptz[], ${col((d) => iso(d.dueAt))}::timestamptz[], ${col((d) => iso(d.finishedAt))}::timestamptz[], ${col((d) => d.status)}::int2[],
          ${col((d) => (d.supplements.length ? JSON.stringify(d.supplements) : '[]'))}::text[], ${col((d) => d.supplements.length)}::int4[],
          ${col((d) => d.paidOnline)}::bool[], ${col((d) => d.digitised)}::bool[], ${col((d) => d.eResult)}::bool[], ${col((d) => d.unitCode)}::text[], ${col((d) => d.wardCode)}::text[],
          ${col((d) => d.officialCode)}::text[], ${col((d) => d.officialName)}::text[], ${col((d) => d.applicantName)}::text[], ${col((d) => d.applicantPhone)}::text[],
          ${col((d) => d.handlingHours)}::float8[], ${col((d) => d.handlingWorkingDays)}::float8[])
          as u(code, procedure_code, channel, submitted_at, received_at, due_at, finished_at, status, supplements, supplement_count, paid_online, digitised, e_result,
               unit_code, ward_code, official_code, official_name, applicant_name, applicant_phone, hh, hwd)`.execute(tx);
    }
    // Ratings: about a quarter of ended dossiers; punctual handling and a good official rate higher.
    const skill = new Map(Object.values(OFFICIALS).flat().map((o) => [o.code, o.skill]));
    const rated = dossiers.filter((d) => d.finishedAt && d.status !== 8 && rand() < 0.25);
    const score = (base: number) => Math.max(1, Math.min(5, Math.round(base + (rand() - 0.5) * 1.6)));
    const rows = rated.map((d) => {
      const onTime = !d.dueAt || d.finishedAt! <= new Date(d.dueAt.getTime() + (d.supplements[0]?.suppliedAt ? d.supplements[0].suppliedAt.getTime() - d.supplements[0].requestedAt.getTime() : 0));
      const s = skill.get(d.officialCode ?? '') ?? 0;
      return { code: d.code, service: score((onTime ? 4.4 : 2.6) + s * 0.4), official: score((onTime ? 4.2 : 3) + s), at: new Date(d.finishedAt!.getTime() + rand() * 3 * DAY_MS) };
    });
    const comments = ['Cán bộ hướng dẫn tận tình', 'Giải quyết nhanh', 'Phải chờ lâu', 'Trả kết quả trễ hẹn', 'Thủ tục rõ ràng, dễ hiểu'];
    await sql`insert into proc_ratings (dossier_id, service_score, official_score, comment, official_code, official_name, unit_code, ward_code, rated_at)
      select d.id, u.service::smallint, u.official::smallint, u.comment, d.official_code, d.official_name, d.unit_code, d.ward_code, least(u.at::timestamptz, ${now}::timestamptz)
      from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => String(r.service))}::text[], ${rows.map((r) => String(r.official))}::text[],
        ${rows.map((r, i) => (i % 4 === 0 ? comments[(r.service >= 4 ? i % 2 === 0 ? 0 : 1 : r.service <= 2 ? 3 : 4) % comments.length]! : null))}::text[],
        ${rows.map((r) => r.at.toISOString())}::text[]) as u(code, service, official, comment, at)
      join proc_dossiers d on d.code = u.code`.execute(tx);
    await sql`insert into app_state (key, value) values (${STATE_KEY}, ${JSON.stringify({ dossiers: dossiers.length, at: now.toISOString() })})`.execute(tx);
  });
  void service;
  return { seeded: true, dossiers: dossiers.length };
}
