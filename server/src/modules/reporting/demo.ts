// Demo reporting: the three monthly forms (socio-economic situation, public order, health
// activities) filed by the four wards of former District 7 (found through the areas module:
// the wards of today whose predecessors were in District 7) for the last 24 closed months,
// most on time, some late, some rejected then corrected, a few missing; this year's targets;
// the monthly consolidated report template and its last twelve issued runs (figures frozen
// from the values approved by each issue time). Deterministic (seeded PRNG), bulk-inserted once.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { mulberry32 } from '../../platform/random.ts';
import { writeMarker } from '../../platform/db/app-state.ts';
import type { ReportForm, ReportValue } from '../../../../shared/contracts/reporting.ts';
import { closedPeriods, localDate, parsePeriod, periodDeadline, periodLabelVi, periodWindow } from './periods.ts';
import { reportingRepository } from './reporting.repository.ts';
import { BASE, DEMO_TEMPLATE, demoForms } from './demo-forms.ts';
import { buildFigures, scheduledAt, type FigureSourceRow } from './reports.service.ts';

const STATE_KEY = 'seed.demo-reporting';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const REASONS = [
  'Số liệu chưa khớp với báo cáo chuyên đề, đề nghị rà soát lại',
  'Thiếu số liệu phân theo giới tính, đề nghị bổ sung',
  'Số vụ tai nạn giao thông chưa khớp với số liệu của Công an phường',
];
/** Seasonal factor by month (dengue peaks in the rainy season; revenue at year end). */
const SEASON: Record<string, number[]> = {
  sot_xuat_huyet: [0.5, 0.4, 0.35, 0.4, 0.7, 1.1, 1.5, 1.8, 1.7, 1.4, 1.0, 0.7],
  thu_ngan_sach: [1.3, 0.7, 0.9, 1.0, 1.0, 1.05, 0.95, 1.0, 1.0, 1.05, 1.1, 1.5],
};

export async function seedDemoReporting(db: Kysely<DB>, now: Date): Promise<{ seeded: boolean; submissions: number; runs: number }> {
  const done = await sql<{ key: string }>`select key from app_state where key = ${STATE_KEY}`.execute(db);
  if (done.rows.length) return { seeded: false, submissions: 0, runs: 0 };
  const wards = (await sql<{ id: number; code: string; name_vi: string; name_en: string }>`select id, code, name_vi, name_en from v_areas
    where level = 'ward' and valid_to is null and properties->>'former_district' = '778' order by code`.execute(db)).rows;
  if (!wards.length) return { seeded: false, submissions: 0, runs: 0 };
  const repo = reportingRepository(db);
  const holidays = await repo.holidays();
  const rand = mulberry32(20261218);
  const inputs = demoForms(wards.map((w) => w.code));
  const forms = new Map<string, ReportForm & { id: number }>();
  for (const f of inputs) {
    const id = await repo.insertForm({
      code: f.code, version: 1, title_vi: f.titleVi, title_en: f.titleEn, period_type: f.periodType, cutoff_day: f.cutoffDay,
      deadline_working_days: f.deadlineWorkingDays, grace_days: f.graceDays, units: f.units, elements: f.elements, rules: f.rules, created_by: null,
    }, new Date(now.getTime() - 800 * DAY));
    forms.set(f.code, {
      ...f, id, version: 1, createdAt: '', currentPeriod: '',
      unitRefs: wards.map((w) => ({ areaId: w.id, code: w.code, nameVi: w.name_vi, nameEn: w.name_en })),
    });
  }
  const today = localDate(now);
  const periods = closedPeriods('month', today, 24, 15);
  const subs: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const iso = (t: number) => new Date(t).toISOString();
  wards.forEach((w, wi) => {
    const size = [1.15, 1.0, 0.9, 0.8][wi % 4]!;
    const punctual = [0.9, 0.8, 0.72, 0.62][wi % 4]!;
    for (const f of forms.values()) {
      periods.forEach((period, pi) => {
        const p = parsePeriod(period)!;
        const last = pi === periods.length - 1;
        if (!last && rand() < 0.03) return; // never filed
        const deadline = periodDeadline(period, { cutoffDay: f.cutoffDay, deadlineWorkingDays: f.deadlineWorkingDays, holidays }).getTime();
        const growth = 1 + 0.06 * (p.year - 2025) + 0.005 * p.index;
        const values: Record<string, ReportValue> = {};
        for (const e of f.elements) {
          const keys = e.disaggregation ? e.disaggregation.options.map((o) => `${e.code}.${o.code}`) : [e.code];
          for (const k of keys) {
            if (e.type === 'text') { if (rand() < 0.3) values[k] = 'Tình hình ổn định; đề nghị bổ sung kinh phí chỉnh trang đô thị.'; continue; }
            if (e.type === 'yesno') { values[k] = rand() < 0.08; continue; }
            if (e.auto) continue; // counted below from the other modules' views
            const base = BASE[k] ?? 10;
            if (e.type === 'percent') { values[k] = Math.min(100, Math.round((base + (p.year - 2025) * 4 + (rand() - 0.5) * 6) * 10) / 10); continue; }
            const season = SEASON[e.code]?.[p.index - 1] ?? 1;
            values[k] = Math.max(0, Math.round(base * size * season * growth * (0.85 + rand() * 0.3)));
          }
        }
        if (typeof values.vu_hinh_su === 'number') values.vu_hinh_su_lam_ro = Math.round(values.vu_hinh_su * (0.6 + rand() * 0.35));
        if (typeof values.tre_duoi_1_tuoi === 'number') values.tre_tiem_du_mui = Math.round(values.tre_duoi_1_tuoi * (0.9 + rand() * 0.09));
        const key = { form: f.code, area: w.id, period };
        const late = rand() > punctual;
        let submitted = late ? deadline + (1 + Math.floor(rand() * 8)) * DAY - 6 * HOUR : deadline - Math.floor(rand() * 3) * DAY - (3 + Math.floor(rand() * 6)) * HOUR;
        const first = submitted;
        const ev = (action: string, t: number, username: string, note: string | null = null) => events.push({ ...key, action, at: iso(t), username, note });
        ev('created', first - 2 * HOUR, 'officer');
        ev('submitted', first, 'officer');
        let status = 'accepted';
        let reason: string | null = null;
        if (rand() < 0.08) {
          // Returned by the ward leader with a reason, corrected and sent again.
          const r = REASONS[Math.floor(rand() * REASONS.length)]!;
          ev('rejected', first + 20 * HOUR, 'leader', r);
          submitted = first + 2 * DAY;
          ev('saved', submitted - HOUR, 'officer');
          ev('submitted', submitted, 'officer');
          if (last && rand() < 0.5) { status = 'rejected'; reason = r; }
        }
        const approved = submitted + (4 + Math.floor(rand() * 20)) * HOUR;
        const accepted = approved + (1 + Math.floor(rand() * 2)) * DAY;
        if (last && status !== 'rejected') {
          const x = rand();
          status = x < 0.2 ? 'submitted' : x < 0.45 ? 'approved' : 'accepted';
        }
        if (status === 'rejected') events.splice(events.length - 2, 2);
        if (status === 'approved' || status === 'accepted') ev('approved', approved, 'leader');
        if (status === 'accepted') ev('accepted', accepted, 'leader');
        subs.push({
          form_id: f.id, form_code: f.code, area_id: w.id, area_code: w.code, period, status, values, deadline: iso(deadline),
          first_submitted_at: iso(first), submitted_at: status === 'rejected' ? iso(first) : iso(submitted),
          approved_at: status === 'approved' || status === 'accepted' ? iso(approved) : null,
          accepted_at: status === 'accepted' ? iso(accepted) : null, rejection_reason: reason, created_at: iso(first - 2 * HOUR), updated_at: iso(status === 'accepted' ? accepted : approved),
        });
      });
    }
  });
  await sql`insert into report_submissions (form_id, form_code, area_id, area_code, period, status, "values", deadline, first_submitted_at, submitted_at,
      approved_at, accepted_at, rejection_reason, source, created_at, updated_at)
    select form_id, form_code, area_id, area_code, period, status, "values", deadline, first_submitted_at, submitted_at, approved_at, accepted_at, rejection_reason, 'demo', created_at, updated_at
    from jsonb_to_recordset(${JSON.stringify(subs)}::jsonb) as x(form_id int, form_code text, area_id int, area_code text, period text, status text, "values" jsonb,
      deadline timestamptz, first_submitted_at timestamptz, submitted_at timestamptz, approved_at timestamptz, accepted_at timestamptz, rejection_reason text,
      created_at timestamptz, updated_at timestamptz)`.execute(db);
  await sql`insert into report_submission_events (submission_id, action, at, user_id, username, note)
    select s.id, e.action, e.at, u.id, e.username, e.note
    from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(form text, area int, period text, action text, at timestamptz, username text, note text)
    join report_submissions s on s.form_code = e.form and s.area_id = e.area and s.period = e.period
    left join v_users u on u.username = e.username`.execute(db);

  // Automatic elements: counted from the feedback and procedures modules' views, per window.
  const windows = periods.map((p) => ({ period: p, ...periodWindow(p, 15) }));
  await sql`with w as (select * from jsonb_to_recordset(${JSON.stringify(windows)}::jsonb) as x(period text, start date, "end" date)),
    fb as (select ward_area_id as area_id, (created_at at time zone 'Asia/Ho_Chi_Minh')::date as day, count(*)::int as n
      from v_feedback_reports where merged_into_id is null and ward_area_id = any(${wards.map((x) => x.id)}::int[]) group by 1, 2),
    ds as (select ward_code as code, (coalesce(received_at, submitted_at) at time zone 'Asia/Ho_Chi_Minh')::date as day, count(*)::int as n
      from v_proc_dossiers where ward_code = any(${wards.map((x) => x.code)}::text[]) group by 1, 2),
    v as (select s.id, jsonb_build_object(
        'phan_anh_tiep_nhan', coalesce((select sum(n) from fb where fb.area_id = s.area_id and fb.day between w.start and w."end"), 0)::int,
        'ho_so_tiep_nhan', coalesce((select sum(n) from ds where ds.code = s.area_code and ds.day between w.start and w."end"), 0)::int) as auto
      from report_submissions s join w on w.period = s.period where s.form_code = 'kinh-te-xa-hoi')
    update report_submissions s set "values" = s."values" || v.auto from v where v.id = s.id`.execute(db);

  // This year's plan targets: the territory and each ward, from the baselines.
  const year = Number(periods[periods.length - 1]!.slice(0, 4));
  const targets: { form: string; element: string; areaCode: string; year: number; target: number }[] = [];
  const planned: [string, string, number][] = [['kinh-te-xa-hoi', 'thu_ngan_sach', 1.05], ['kinh-te-xa-hoi', 'ho_kinh_doanh_moi', 1.1], ['kinh-te-xa-hoi', 'doanh_nghiep_moi', 1.1],
    ['kinh-te-xa-hoi', 'lao_dong_viec_lam', 1.0], ['y-te', 'tre_tiem_du_mui', 1.0]];
  for (const [form, element, factor] of planned) {
    const base = element === 'tre_tiem_du_mui' ? 150 : (BASE[element] ?? (BASE[`${element}.nam`] ?? 0) + (BASE[`${element}.nu`] ?? 0));
    let total = 0;
    wards.forEach((w, wi) => {
      const t = Math.round(base * [1.15, 1.0, 0.9, 0.8][wi % 4]! * 12 * (1 + 0.06 * (year - 2025)) * factor);
      total += t;
      targets.push({ form, element, areaCode: w.code, year, target: t });
    });
    targets.push({ form, element, areaCode: '', year, target: total });
  }
  for (const t of targets) await repo.putTarget(t);

  // The monthly consolidated report and its last twelve runs, as issued on schedule.
  const templateId = await repo.putTemplate(DEMO_TEMPLATE, new Date(now.getTime() - 400 * DAY));
  // The last twelve months whose scheduled issue time has passed.
  const runPeriods = periods.filter((p) => scheduledAt(DEMO_TEMPLATE.schedule!, p, 15) <= now).slice(-12);
  const approvedRows = (await sql<FigureSourceRow & { period: string; approved_at: Date }>`select id::int as id, form_code, area_id, period, "values", approved_at
    from report_submissions where period = any(${runPeriods}::text[]) and approved_at is not null`.execute(db)).rows;
  let runs = 0;
  for (const period of runPeriods) {
    const at = scheduledAt(DEMO_TEMPLATE.schedule!, period, 15);
    if (at > now) continue;
    const rows = approvedRows.filter((r) => r.period === period && new Date(r.approved_at) <= at);
    const { figures, missing } = buildFigures(DEMO_TEMPLATE.items, forms, rows);
    const id = await repo.insertRun({ templateId, period, suffix: DEMO_TEMPLATE.numberSuffix, issuedAt: at, issuedBy: null, scheduled: true, figures, missing });
    if (id !== undefined) runs++;
  }
  await writeMarker(db, STATE_KEY, { at: now.toISOString(), submissions: subs.length, runs, from: periodLabelVi(periods[0]!) });
  return { seeded: true, submissions: subs.length, runs };
}
