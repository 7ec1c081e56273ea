// Demo tasks: about 1,200 tasks over the last year, assigned by the demo leader to the wards
// and divisions — from routed incoming documents, meeting conclusions or by hand — with each
// unit's own punctuality, extensions (some after the deadline had passed), tasks awaiting
// confirmation and standing tasks, so every chart of the direction dashboard is true.
// Deterministic (seeded PRNG), bulk-inserted once, after the demo documents.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { mulberry32 } from '../../platform/random.ts';

const STATE_KEY = 'seed.demo-tasks';
export const DEMO_TASKS = 1200;
const DAY_MS = 86_400_000;
const BATCH = 400;
const OFFSET_MS = 7 * 3600_000;
/** Lead units and how punctual each is (share of due tasks done on time). */
const UNITS: readonly [string, number, number][] = [
  ['ubnd-27475', 0.88, 14], ['ubnd-27478', 0.8, 12], ['ubnd-27484', 0.72, 11], ['ubnd-27487', 0.65, 10], ['phong-qldt', 0.78, 12], ['phong-tnmt', 0.83, 9],
  ['phong-kinh-te', 0.9, 8], ['phong-yte', 0.86, 7], ['phong-gddt', 0.92, 6], ['cong-an', 0.84, 6], ['van-phong-ubnd', 0.95, 5],
];
const ACTIONS = [
  'Tổ chức kiểm tra, rà soát và báo cáo kết quả', 'Xây dựng kế hoạch triển khai', 'Tham mưu văn bản chỉ đạo', 'Phối hợp xử lý dứt điểm',
  'Tổng hợp số liệu, đánh giá tình hình', 'Tổ chức ra quân thực hiện', 'Tuyên truyền, vận động người dân thực hiện',
];
const SUBJECTS = [
  'phòng, chống ngập nước', 'chuyển đổi số, dịch vụ công trực tuyến', 'lấn chiếm vỉa hè, lòng đường', 'phòng, chống sốt xuất huyết', 'an toàn thực phẩm',
  'thu gom rác thải sinh hoạt', 'cải cách hành chính', 'trật tự xây dựng', 'an toàn giao thông', 'phòng cháy, chữa cháy', 'hỗ trợ hộ nghèo', 'chiếu sáng, cây xanh',
];
const MEETINGS = ['Thông báo kết luận giao ban tuần', 'Kết luận họp Ủy ban nhân dân thường kỳ tháng', 'Kết luận buổi làm việc với các phòng, ban', 'Thông báo kết luận kiểm tra thực địa'];

/** End of the local (UTC+7) day of an instant. */
const endOfDay = (t: number) => {
  const d = new Date(t + OFFSET_MS).toISOString().slice(0, 10);
  return Date.parse(`${d}T23:59:59.999Z`) - OFFSET_MS;
};

export async function seedDemoTasks(db: Kysely<DB>, now: Date): Promise<{ seeded: boolean; tasks: number }> {
  const done = await sql<{ key: string }>`select key from app_state where key = ${STATE_KEY}`.execute(db);
  if (done.rows.length) return { seeded: false, tasks: 0 };
  const leader = (await sql<{ id: number }>`select id from v_users where role in ('leader', 'admin') order by (username = 'leader') desc, id limit 1`.execute(db)).rows[0];
  if (!leader) return { seeded: false, tasks: 0 };
  const units = await sql<{ id: number; code: string }>`select id, code from v_units`.execute(db);
  const unitId = new Map(units.rows.map((u) => [u.code, u.id]));
  const leads = UNITS.filter(([c]) => unitId.has(c));
  if (!leads.length) return { seeded: false, tasks: 0 };
  const docs = (await sql<{ id: number; handler_unit_id: number; arrival_date: string }>`select id, handler_unit_id, arrival_date::text as arrival_date from v_documents
    where direction = 'incoming' and handler_unit_id is not null and secrecy = 'normal' order by id`.execute(db)).rows;
  const rand = mulberry32(20261217);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const totalWeight = leads.reduce((a, [, , w]) => a + w, 0);
  const pickUnit = () => {
    let x = rand() * totalWeight;
    for (const u of leads) if ((x -= u[2]) < 0) return u;
    return leads[0]!;
  };
  const t0 = now.getTime();
  const rows: unknown[][] = [];
  for (let i = 0; i < DEMO_TASKS; i++) {
    const [code, punctual] = pickUnit();
    const lead = unitId.get(code)!;
    const others = leads.filter(([c]) => c !== code);
    const coordinating = [...new Set(Array.from({ length: Math.floor(rand() * 3) }, () => unitId.get(pick(others)[0])!))];
    const created = t0 - Math.floor(rand() * 365) * DAY_MS - Math.floor(rand() * 8) * 3600_000;
    const kind = rand();
    const doc = kind < 0.55 && docs.length ? pick(docs) : null;
    const sourceKind = doc ? 'document' : kind < 0.85 ? 'meeting' : 'manual';
    const title = `${pick(ACTIONS)} về ${pick(SUBJECTS)}`;
    const priority = rand() < 0.7 ? 1 : rand() < 0.75 ? 2 : 3;
    const standing = rand() < 0.08;
    const originalDue: number | null = standing ? null : endOfDay(created + (5 + Math.floor(rand() * 40)) * DAY_MS);
    let due = originalDue;
    let lateIncurred = false;
    let status = 'open';
    let progress = 0;
    let reported: number | null = null;
    let completed: number | null = null;
    if (due !== null && rand() < 0.08) {
      // An extension: most asked in time, some once the deadline had passed (lateness stays).
      const extra = (5 + Math.floor(rand() * 20)) * DAY_MS;
      lateIncurred = rand() < 0.3 && due + DAY_MS < t0;
      due = endOfDay(due + extra);
    }
    if (due === null) {
      const finished = rand() < 0.3;
      status = finished ? 'done' : 'in_progress';
      progress = finished ? 100 : Math.floor(rand() * 90);
      if (finished) completed = reported = Math.min(t0 - DAY_MS, created + (10 + Math.floor(rand() * 60)) * DAY_MS);
      if (completed !== null && completed < created) completed = reported = created + DAY_MS;
    } else if (due < t0) {
      if (rand() < 0.93) {
        status = 'done';
        progress = 100;
        const onTime = rand() < punctual;
        completed = onTime ? Math.max(created + 3600_000, due - Math.floor(rand() * 10) * DAY_MS - Math.floor(rand() * 20) * 3600_000) : due + (1 + Math.floor(rand() * 20)) * DAY_MS;
        if (completed > t0) completed = t0 - 3600_000;
        reported = completed;
      } else {
        status = 'in_progress';
        progress = 20 + Math.floor(rand() * 70);
      }
    } else {
      const r = rand();
      if (r < 0.35 && created + 2 * DAY_MS < t0) {
        status = 'done';
        progress = 100;
        completed = reported = created + Math.floor(rand() * (t0 - created - DAY_MS));
      } else if (r < 0.45) {
        status = 'awaiting_confirmation';
        progress = 100;
        reported = t0 - Math.floor(rand() * 2) * DAY_MS - 3600_000;
      } else {
        status = r < 0.6 ? 'open' : 'in_progress';
        progress = status === 'open' ? 0 : 10 + Math.floor(rand() * 80);
      }
    }
    const c = new Date(created);
    rows.push([
      title, `${title}. Báo cáo kết quả thực hiện về Ủy ban nhân dân.`, sourceKind, doc?.id ?? null, sourceKind === 'meeting' ? pick(MEETINGS) : null,
      leader.id, lead, `{${coordinating.join(',')}}`, priority, originalDue === null ? null : new Date(originalDue), due === null ? null : new Date(due), status, progress,
      reported === null ? null : new Date(reported), completed === null ? null : new Date(completed), lateIncurred, c,
      new Date(Math.min(t0, Math.max(created, completed ?? reported ?? created))),
    ]);
  }
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      const values = rows.slice(i, i + BATCH).map((v) => {
        const [title, content, sk, docId, note, assigner, lead, coord, priority, odue, due, status, progress, reported, completed, late, created, updated] = v;
        return sql`(${title}, ${content}, ${sk}, ${docId}, ${note}, ${assigner}, ${lead}, ${coord}::int[], ${priority}, ${odue}::timestamptz, ${due}::timestamptz,
          ${status}, ${progress}, ${reported}::timestamptz, ${completed}::timestamptz, ${late}, true, ${created}::timestamptz, ${updated}::timestamptz)`;
      });
      await sql`insert into tasks (title, content, source_kind, source_document_id, source_note, assigner_id, lead_unit_id, coordinating_unit_ids, priority,
          original_due_at, due_at, status, progress, reported_done_at, completed_at, late_incurred, synthetic, created_at, updated_at)
        values ${sql.join(values)}`.execute(tx);
    }
    await sql`insert into task_events (task_id, kind, at, by_user_id) select id, 'created', created_at, assigner_id from tasks where synthetic`.execute(tx);
    await sql`insert into task_events (task_id, kind, at, progress, note) select id, 'done-reported', reported_done_at, 100, 'Đã hoàn thành' from tasks where synthetic and reported_done_at is not null`.execute(tx);
    await sql`insert into task_events (task_id, kind, at, by_user_id) select id, 'confirmed', completed_at, assigner_id from tasks where synthetic and status = 'done'`.execute(tx);
    await sql`insert into app_state (key, value) values (${STATE_KEY}, ${JSON.stringify({ tasks: rows.length, at: now.toISOString() })})`.execute(tx);
  });
  return { seeded: true, tasks: rows.length };
}
