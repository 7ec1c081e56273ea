// Demo history: a year of citizens' reports across the categories and the four District 7
// wards, with resolution times around each category's deadline and ratings that follow
// punctuality. Deterministic (seeded PRNG, seeded PostGIS points), bulk-inserted, once.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { mulberry32 } from '../../platform/random.ts';
import { BUILT_IN_CATEGORIES } from './categories.ts';
import { TRAINING_REPORTS } from './training-data.ts';
import { addWorkingDays } from './working-days.ts';

const STATE_KEY = 'seed.demo-feedback';
export const DEMO_FEEDBACK_COUNT = 3600;
const WARDS = ['27475', '27478', '27484', '27487'];
const BATCH = 400;

export async function seedDemoFeedback(db: Kysely<DB>, now: Date): Promise<{ seeded: boolean; reports: number }> {
  const done = await sql<{ key: string }>`select key from app_state where key = ${STATE_KEY}`.execute(db);
  if (done.rows.length) return { seeded: false, reports: 0 };
  const wards = await sql<{ id: number; code: string }>`
    select id, code from v_areas where level = 'ward' and code = any(${WARDS}::text[]) and valid_from = '2025-07-01'`.execute(db);
  if (wards.rows.length !== WARDS.length) return { seeded: false, reports: 0 };
  const units = await sql<{ id: number; code: string }>`select id, code from v_units`.execute(db);
  const unitId = new Map(units.rows.map((u) => [u.code, u.id]));
  const rules = await sql<{ category_code: string; unit_id: number }>`select category_code, unit_id from feedback_routing_rules where ward_code is null`.execute(db);
  const dept = new Map(rules.rows.map((r) => [r.category_code, r.unit_id]));
  const perWard = Math.ceil(DEMO_FEEDBACK_COUNT / WARDS.length);
  // Reproducible points inside each ward (PostGIS seeded generator).
  const points = new Map<string, { lon: number; lat: number }[]>();
  for (const w of wards.rows) {
    const r = await sql<{ lon: number; lat: number }>`
      select ST_X(d.geom) as lon, ST_Y(d.geom) as lat
      from (select (ST_Dump(ST_GeneratePoints(geom, ${perWard}, 7475))).* from v_areas where id = ${w.id}) d order by d.path`.execute(db);
    points.set(w.code, r.rows);
  }
  const rand = mulberry32(20251107);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // Category weights as a district sees them: waste, encroachment and roads lead.
  const weights: Record<string, number> = { 'rac-thai': 18, 'lan-chiem-via-he': 15, 'giao-thong': 13, 'ngap-nuoc': 11, 'chieu-sang': 9, 'cay-xanh': 7, 'tieng-on': 9, 'trat-tu-xay-dung': 7, 'an-toan-thuc-pham': 4, 'cap-nuoc': 5, khac: 2 };
  const weighted = BUILT_IN_CATEGORIES.flatMap((c) => Array<string>(weights[c.code] ?? 1).fill(c.code));
  const catByCode = new Map(BUILT_IN_CATEGORIES.map((c) => [c.code, c]));
  // Each ward has its own punctuality, so the unit ranking differs.
  const wardSkill: Record<string, number> = { '27475': 0.9, '27478': 0.8, '27484': 0.72, '27487': 0.85 };
  const rows: unknown[][] = [];
  const nowMs = now.getTime();
  for (let i = 0; i < DEMO_FEEDBACK_COUNT; i++) {
    const ward = WARDS[i % WARDS.length]!;
    const wardRow = wards.rows.find((w) => w.code === ward)!;
    const p = points.get(ward)![Math.floor(i / WARDS.length)]!;
    const code = pick(weighted);
    const cat = catByCode.get(code)!;
    const texts = TRAINING_REPORTS[code] ?? ['Phản ánh khác về trật tự đô thị trong khu phố'];
    const ageDays = Math.pow(rand(), 0.9) * 365;
    const created = new Date(nowMs - ageDays * 86_400_000 - rand() * 3600_000);
    // Office hours bias: reports come in the day, local time.
    const deadline = addWorkingDays(created, cat.deadlineDays);
    const wardUnit = unitId.get(`ubnd-${ward}`) ?? null;
    const skill = wardSkill[ward] ?? 0.8;
    const channel = rand() < 0.7 ? 'web' : rand() < 0.6 ? 'call-centre' : 'open311';
    const deadlineHours = (deadline.getTime() - created.getTime()) / 3600_000;
    const onTime = rand() < skill;
    const resolveHours = onTime ? deadlineHours * (0.15 + rand() * 0.8) : deadlineHours * (1.05 + rand() * 1.5);
    let resolved: Date | null = new Date(created.getTime() + resolveHours * 3600_000);
    let status = 'closed';
    let rejected = false;
    if (rand() < 0.04) rejected = true;
    if (resolved.getTime() > nowMs) {
      resolved = null;
      status = ageDays < 1 ? 'received' : rand() < 0.5 ? 'assigned' : 'in_progress';
    }
    let rating: number | null = null;
    let closed: Date | null = null;
    if (resolved && !rejected) {
      if (rand() < 0.62) rating = Math.max(1, Math.min(5, Math.round((onTime ? 4.3 : 2.6) + (rand() - 0.5) * 2.2)));
      closed = new Date(resolved.getTime() + (rating ? rand() * 3 : 7) * 86_400_000);
      if (closed.getTime() > nowMs) {
        closed = null;
        status = 'resolved';
      }
    }
    if (rejected) {
      status = 'rejected';
      resolved = null;
      closed = new Date(created.getTime() + 20 * 3600_000);
    }
    rows.push([
      `PA-D${String(i + 1).padStart(7, '0')}`,
      code,
      pick(texts),
      channel,
      status,
      p.lon,
      p.lat,
      wardRow.id,
      ward,
      wardUnit,
      dept.get(code) ?? null,
      status === 'received' ? null : wardUnit,
      created,
      closed ?? resolved ?? created,
      deadline,
      status === 'received' ? null : new Date(created.getTime() + 2 * 3600_000),
      resolved,
      closed,
      rejected ? 'Nội dung không thuộc thẩm quyền giải quyết của phường' : null,
      resolved ? 'Đơn vị đã kiểm tra và xử lý xong nội dung phản ánh. Cảm ơn người dân đã phản ánh.' : null,
      rating,
      rating && rating <= 2 ? 'Xử lý chậm' : null,
      rating ? closed : null,
      !resolved && !rejected && deadline.getTime() < nowMs ? deadline : null,
    ]);
  }
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      const values = rows.slice(i, i + BATCH).map((v) => {
        const [tc, cat, desc, ch, st, lon, lat, wardAreaId, wardCode, wardUnit, deptUnit, assigned, created, updated, deadline, assignedAt, resolved, closed, reason, answer, rating, comment, ratedAt, escalated] = v as [
          string, string, string, string, string, number, number, number, string, number | null, number | null, number | null, Date, Date, Date, Date | null, Date | null, Date | null, string | null, string | null, number | null, string | null, Date | null, Date | null,
        ];
        return sql`(${tc}, ${cat}, ${desc}, ${ch}, ${st}, ${lon}, ${lat}, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326), 'pin', ${wardAreaId}, ${wardCode},
          ${wardUnit}, ${deptUnit}, ${assigned}, ${created}, ${updated}, ${deadline}, ${assignedAt}, ${assignedAt}, ${resolved}, ${closed}, ${reason}, ${answer},
          ${rating}, ${comment}, ${ratedAt}, ${escalated}, true)`;
      });
      await sql`insert into feedback_reports (tracking_code, category_code, description, channel, status, lon, lat, geom, location_source, ward_area_id, ward_code,
          ward_unit_id, department_unit_id, assigned_unit_id, created_at, updated_at, deadline_at, verified_at, assigned_at, resolved_at, closed_at, reject_reason, answer,
          rating, rating_comment, rated_at, escalated_at, synthetic)
        values ${sql.join(values)}`.execute(tx);
    }
    await sql`insert into feedback_events (report_id, at, kind, to_status, actor, note)
      select id, created_at, 'received', 'received', 'demo-generator', 'channel: ' || channel from feedback_reports where synthetic`.execute(tx);
    await sql`insert into feedback_events (report_id, at, kind, from_status, to_status, actor, unit_id)
      select id, assigned_at, 'assigned', 'received', 'assigned', 'demo-generator', assigned_unit_id from feedback_reports where synthetic and assigned_at is not null`.execute(tx);
    await sql`insert into feedback_events (report_id, at, kind, from_status, to_status, actor, note)
      select id, resolved_at, 'resolved', 'in_progress', 'resolved', 'demo-generator', answer from feedback_reports where synthetic and resolved_at is not null`.execute(tx);
    await sql`insert into app_state (key, value) values (${STATE_KEY}, ${JSON.stringify({ reports: rows.length, at: now.toISOString() })})`.execute(tx);
  });
  return { seeded: true, reports: rows.length };
}
