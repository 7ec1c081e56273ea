// Citizens' feedback through the real HTTP API and a real database: intake with photos (EXIF
// location read, EXIF stripped), routing, workflow and timeline, deadlines with an injected
// clock, duplicates and merge, officer scope, masking and audited reveal, rate limits,
// HTML kept as text, call-centre intake, leader statistics, demo history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import sharp from 'sharp';
import exifr from 'exifr';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';

let s: TestServer;
let admin: string;
let officer: string;
let leader: string;
let operator: string;
/** A point inside Tân Hưng (27475) and one inside Tân Mỹ (27487), today's wards. */
let tanHung: { lat: number; lon: number };
let tanMy: { lat: number; lon: number };

async function pointIn(code: string) {
  const r = await sql<{ lat: number; lon: number }>`
    select ST_Y(ST_PointOnSurface(geom)) as lat, ST_X(ST_PointOnSurface(geom)) as lon from areas where code = ${code} and valid_from = '2025-07-01'`.execute(s.ctx.db.kysely);
  return r.rows[0]!;
}

const dms = (v: number) => {
  const d = Math.floor(v);
  const m = Math.floor((v - d) * 60);
  const sec = Math.round(((v - d) * 60 - m) * 60 * 10000);
  return `${d}/1 ${m}/1 ${sec}/10000`;
};

async function jpegWithGps(lat: number, lon: number): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCam', Artist: 'Nguyen Van A' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(lat), GPSLongitudeRef: 'E', GPSLongitude: dms(lon) } })
    .toBuffer();
}

async function submit(fields: Record<string, string | number>, photos: { name: string; data: Buffer; type?: string }[] = [], headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  for (const p of photos) form.append('photos', new Blob([new Uint8Array(p.data)], { type: p.type ?? 'image/jpeg' }), p.name);
  return s.api('/api/feedback', { method: 'POST', body: form, headers });
}

async function reportId(code: string): Promise<number> {
  const r = await sql<{ id: number }>`select id from feedback_reports where tracking_code = ${code}`.execute(s.ctx.db.kysely);
  return r.rows[0]!.id;
}

const act = (id: number, action: string, token: string, json: unknown = {}) => s.api(`/api/feedback/reports/${id}/${action}`, { method: 'POST', token, json });

beforeAll(async () => {
  s = await startTestServer({ FEEDBACK_RATE_PER_IP_HOUR: '10000', FEEDBACK_RATE_PER_PHONE_DAY: '10000' });
  [admin, officer, leader, operator] = await Promise.all([s.login('admin'), s.login('officer'), s.login('leader'), s.login('operator')]);
  tanHung = await pointIn('27475');
  tanMy = await pointIn('27487');
});
afterAll(() => s?.close());

describe('intake', () => {
  it('takes the location from the photo EXIF when no pin is sent, and stores the photo without EXIF', async () => {
    const photo = await jpegWithGps(tanHung.lat, tanHung.lon);
    expect((await exifr.gps(photo))?.latitude).toBeCloseTo(tanHung.lat, 4);
    const res = await submit({ category: 'chieu-sang', description: 'Đèn đường trước nhà bị hỏng, rất tối', name: 'Nguyễn Văn An', phone: '0901 234 567' }, [{ name: 'den.jpg', data: photo }]);
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as { trackingCode: string; wardName: string; location: { lat: number; lon: number; source: string }; photos: number };
    expect(receipt.trackingCode).toMatch(/^PA-[A-Z2-9]{8}$/);
    expect(receipt.location.source).toBe('exif');
    expect(receipt.location.lat).toBeCloseTo(tanHung.lat, 4);
    expect(receipt.wardName).toBe('Phường Tân Hưng');
    expect(receipt.photos).toBe(1);

    const tracked = (await (await s.api(`/api/feedback/track/${receipt.trackingCode}`)).json()) as { photoUrls: string[]; status: string };
    expect(tracked.status).toBe('received');
    expect(tracked.photoUrls).toHaveLength(1);
    expect(tracked.photoUrls[0]).toMatch(/^\/api\/feedback\/photos\/[0-9a-f]{32}$/);
    const img = await s.api(tracked.photoUrls[0]!);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    const stored = Buffer.from(await img.arrayBuffer());
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(await exifr.gps(stored)).toBeUndefined();
    expect(stored.includes(Buffer.from('Nguyen Van A'))).toBe(false);
  });

  it('refuses a file that is not an image (checked by content, not by name) and stores nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from feedback_reports`.execute(s.ctx.db.kysely);
    const res = await submit({ category: 'rac-thai', description: 'Rác đổ bừa bãi đầu hẻm', lat: tanHung.lat, lon: tanHung.lon }, [{ name: 'photo.jpg', data: Buffer.from('<?php echo 1; ?> not an image'), type: 'image/jpeg' }]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('bad_photo');
    const after = await sql<{ n: number }>`select count(*)::int as n from feedback_reports`.execute(s.ctx.db.kysely);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('gives clear errors for a missing place, an unknown category, a bad phone, and a place outside the city', async () => {
    const noPlace = await submit({ category: 'rac-thai', description: 'Rác đổ bừa bãi đầu hẻm' });
    expect(noPlace.status).toBe(400);
    expect(((await noPlace.json()) as { message: string }).message).toMatch(/place is missing/);
    expect((await submit({ category: 'nope', description: 'abcdefgh', lat: tanHung.lat, lon: tanHung.lon })).status).toBe(400);
    expect((await submit({ category: 'rac-thai', description: 'abcdefgh', lat: tanHung.lat, lon: tanHung.lon, phone: '12ab' })).status).toBe(400);
    const far = await submit({ category: 'rac-thai', description: 'Rác ở Hà Nội', lat: 21.03, lon: 105.85 });
    expect(far.status).toBe(400);
    expect(((await far.json()) as { message: string }).message).toMatch(/outside/);
  });

  it('keeps HTML and script as text (stored verbatim, served as JSON, never interpreted)', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)> Rác tràn';
    const res = await submit({ category: 'rac-thai', description: evil, lat: tanHung.lat, lon: tanHung.lon });
    expect(res.status).toBe(201);
    const { trackingCode } = (await res.json()) as { trackingCode: string };
    const tracked = await s.api(`/api/feedback/track/${trackingCode}`);
    expect(tracked.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await tracked.json()) as { description: string }).description).toBe(evil);
  });

  it('suggests a category from text with or without diacritics', async () => {
    for (const text of ['Ổ gà lớn giữa đường, xe máy té liên tục', 'o ga lon giua duong, xe may te lien tuc']) {
      const r = (await (await s.api('/api/feedback/suggest-category', { method: 'POST', json: { text } })).json()) as { category: string; confidence: number };
      expect(r.category).toBe('giao-thong');
      expect(r.confidence).toBeGreaterThan(0.5);
    }
  });
});

describe('photo privacy (unguessable tokens)', () => {
  async function photoCount() {
    return (await sql<{ n: number; max: number }>`select count(*)::int as n, coalesce(max(id), 0)::int as max from feedback_photos`.execute(s.ctx.db.kysely)).rows[0]!;
  }

  it('serves photos by token only: sequential ids and wrong tokens are 404', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a33' } }).png().toBuffer();
    const res = await submit({ category: 'rac-thai', description: 'Rác ở góc chợ', lat: tanHung.lat, lon: tanHung.lon }, [{ name: 'a.png', data: photo, type: 'image/png' }]);
    const { trackingCode } = (await res.json()) as { trackingCode: string };
    const { photoUrls } = (await (await s.api(`/api/feedback/track/${trackingCode}`)).json()) as { photoUrls: string[] };
    expect((await s.api(photoUrls[0]!)).status).toBe(200);
    const { n, max } = await photoCount();
    expect(n).toBeGreaterThanOrEqual(2);
    // Walking the ids finds nothing, signed in or not.
    for (let id = 1; id <= max; id++) {
      expect((await s.api(`/api/feedback/photos/${id}`)).status).toBe(404);
    }
    expect((await s.api(`/api/feedback/photos/${max}`, { token: admin })).status).toBe(404);
    const wrong = photoUrls[0]!.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const miss = await s.api(wrong);
    expect(miss.status).toBe(404);
    expect(((await miss.json()) as { error: string }).error).toBe('not_found');
    expect((await s.api('/api/feedback/photos/not-a-token')).status).toBe(404);
  });

  it('does not serve the photos of a rejected report publicly; staff who may see it still can', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#33a' } }).jpeg().toBuffer();
    const { trackingCode } = (await (await submit({ category: 'trat-tu-xay-dung', description: 'Ảnh không liên quan, nội dung xúc phạm', lat: tanMy.lat, lon: tanMy.lon }, [{ name: 'x.jpg', data: photo }])).json()) as { trackingCode: string };
    const id = await reportId(trackingCode);
    const before = (await (await s.api(`/api/feedback/track/${trackingCode}`)).json()) as { photoUrls: string[] };
    const url = before.photoUrls[0]!;
    expect((await s.api(url)).status).toBe(200);
    const open311Before = (await (await fetch(`${s.url}/open311/v2/requests/${trackingCode}.json`)).json()) as { media_url: string | null }[];
    expect(open311Before[0]!.media_url).toBe(s.url + url); // the token URL, never an id
    expect((await act(id, 'reject', operator, { reason: 'Nội dung không phù hợp' })).status).toBe(200);

    const after = (await (await s.api(`/api/feedback/track/${trackingCode}`)).json()) as { status: string; photoUrls: string[] };
    expect(after.status).toBe('rejected');
    expect(after.photoUrls).toEqual([]);
    const anon = await s.api(url);
    expect(anon.status).toBe(404);
    // Staff see it through their access: the admin does, an officer of another ward does not.
    const staffView = (await (await s.api(`/api/feedback/reports/${id}`, { token: admin })).json()) as { photoUrls: string[] };
    expect(staffView.photoUrls).toEqual([url]);
    const asAdmin = await s.api(url, { token: admin });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get('cache-control')).toBe('private, no-store');
    expect((await s.api(url, { token: officer })).status).toBe(404); // officer of Tân Hưng, report in Tân Mỹ
    // Open311 gives no media_url for it either.
    const o311 = (await (await fetch(`${s.url}/open311/v2/requests/${trackingCode}.json`)).json()) as { media_url: string | null }[];
    expect(o311[0]!.media_url).toBeNull();
  });

  it('an answer carries photos, checked and stripped like the citizen\'s, shown on the track page', async () => {
    const { trackingCode } = (await (await submit({ category: 'chieu-sang', description: 'Đèn chiếu sáng công viên hỏng', lat: tanHung.lat, lon: tanHung.lon })).json()) as { trackingCode: string };
    const id = await reportId(trackingCode);
    expect((await act(id, 'assign', officer, { unitCode: 'ubnd-27475' })).status).toBe(200);
    const resolveWith = (photos: { name: string; data: Buffer; type?: string }[]) => {
      const form = new FormData();
      form.set('answer', 'Đã thay bóng đèn LED mới, ảnh sau khi sửa.');
      for (const p of photos) form.append('photos', new Blob([new Uint8Array(p.data)], { type: p.type ?? 'image/jpeg' }), p.name);
      return s.api(`/api/feedback/reports/${id}/resolve`, { method: 'POST', token: officer, body: form });
    };
    const bad = await resolveWith([{ name: 'after.jpg', data: Buffer.from('GIF89a but really a script'), type: 'image/jpeg' }]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('bad_photo');
    expect(((await (await s.api(`/api/feedback/reports/${id}`, { token: officer })).json()) as { status: string }).status).toBe('assigned'); // nothing half-stored
    const ok = await resolveWith([{ name: 'after.jpg', data: await jpegWithGps(tanHung.lat, tanHung.lon) }]);
    expect(ok.status).toBe(200);
    const d = (await ok.json()) as { status: string; answerPhotoUrls: string[] };
    expect(d.status).toBe('resolved');
    expect(d.answerPhotoUrls).toHaveLength(1);
    const pub = (await (await s.api(`/api/feedback/track/${trackingCode}`)).json()) as { answerPhotoUrls: string[]; photoUrls: string[] };
    expect(pub.answerPhotoUrls).toEqual(d.answerPhotoUrls);
    expect(pub.photoUrls).toEqual([]);
    const img = Buffer.from(await (await s.api(pub.answerPhotoUrls[0]!)).arrayBuffer());
    expect(await exifr.gps(img)).toBeUndefined();
    expect(img.includes(Buffer.from('Nguyen Van A'))).toBe(false);
  });
});

describe('routing, workflow, timeline, rating', () => {
  it('routes to the ward unit and the department, runs the workflow, and the citizen sees the answer and rates it', async () => {
    const res = await submit({ category: 'rac-thai', description: 'Rác tồn đọng ba ngày ở hẻm 12', lat: tanHung.lat, lon: tanHung.lon, phone: '0912345678' });
    const { trackingCode } = (await res.json()) as { trackingCode: string };
    const id = await reportId(trackingCode);
    let d = (await (await s.api(`/api/feedback/reports/${id}`, { token: officer })).json()) as { wardUnit: { code: string }; departmentUnit: { code: string }; allowedActions: string[]; reporterPhone: string };
    expect(d.wardUnit.code).toBe('ubnd-27475');
    expect(d.departmentUnit.code).toBe('phong-tnmt');
    expect(d.reporterPhone).toBe('*******678');
    expect(d.allowedActions).toEqual(expect.arrayContaining(['verify', 'reject', 'assign']));

    expect((await act(id, 'start', officer)).status).toBe(409); // not assigned yet
    expect((await act(id, 'verify', officer)).status).toBe(200);
    expect((await act(id, 'assign', officer, { unitCode: 'ubnd-27475' })).status).toBe(200);
    // Re-assignment needs a reason.
    expect((await act(id, 'assign', operator, { unitCode: 'phong-tnmt' })).status).toBe(400);
    expect((await act(id, 'assign', operator, { unitCode: 'phong-tnmt', reason: 'cần xe chuyên dụng' })).status).toBe(200);
    expect((await act(id, 'assign', operator, { unitCode: 'ubnd-27475', reason: 'phường tự xử lý được' })).status).toBe(200);
    expect((await act(id, 'start', officer)).status).toBe(200);
    expect((await act(id, 'resolve', officer, { answer: '' })).status).toBe(400);
    expect((await act(id, 'resolve', leader, { answer: 'Đã thu gom' })).status).toBe(403);
    expect((await act(id, 'resolve', officer, { answer: 'Đã thu gom toàn bộ rác, cắm biển cấm đổ rác.' })).status).toBe(200);

    d = (await (await s.api(`/api/feedback/reports/${id}`, { token: admin })).json()) as never;
    const events = (d as unknown as { events: { kind: string; actor: string; note: string | null }[] }).events;
    expect(events.map((e) => e.kind)).toEqual(['received', 'verified', 'assigned', 'reassigned', 'reassigned', 'in_progress', 'resolved']);
    expect(events.find((e) => e.kind === 'reassigned')?.note).toMatch(/cần xe chuyên dụng/);

    const audit = await sql<{ action: string }>`select action from audit_log where target_type = 'feedback_report' and target_id = ${String(id)} order by id`.execute(s.ctx.db.kysely);
    expect(audit.rows.map((a) => a.action)).toEqual(['feedback.receive', 'feedback.verify', 'feedback.assign', 'feedback.assign', 'feedback.assign', 'feedback.start', 'feedback.resolve']);

    const pub = (await (await s.api(`/api/feedback/track/${trackingCode}`)).json()) as Record<string, unknown>;
    expect(pub.status).toBe('resolved');
    expect(pub.answer).toMatch(/Đã thu gom/);
    expect(pub.canRate).toBe(true);
    expect(JSON.stringify(pub)).not.toContain('0912345678');
    expect(JSON.stringify(pub)).not.toMatch(/reporter|phone/i);

    // The code alone does not close the report: the last 4 digits of the phone given are asked too.
    expect((await s.api(`/api/feedback/track/${trackingCode}`)).ok).toBe(true);
    const noDigits = await s.api(`/api/feedback/track/${trackingCode}/rating`, { method: 'POST', json: { rating: 5 } });
    expect(noDigits.status).toBe(403);
    expect(((await noDigits.json()) as { error: string }).error).toBe('phone_check_failed');
    expect((await s.api(`/api/feedback/track/${trackingCode}/rating`, { method: 'POST', json: { rating: 5, phoneLast4: '1111' } })).status).toBe(403);
    const rated = await s.api(`/api/feedback/track/${trackingCode}/rating`, { method: 'POST', json: { rating: 5, comment: 'Cảm ơn phường', phoneLast4: '5678' } });
    expect(rated.status).toBe(200);
    expect(((await rated.json()) as { status: string; rating: number }).status).toBe('closed');
    expect((await s.api(`/api/feedback/track/${trackingCode}/rating`, { method: 'POST', json: { rating: 1, phoneLast4: '5678' } })).status).toBe(409);
  });

  it('rejects with a reason, shown to the citizen', async () => {
    const { trackingCode } = (await (await submit({ category: 'tieng-on', description: 'Hàng xóm hát karaoke', lat: tanHung.lat, lon: tanHung.lon })).json()) as { trackingCode: string };
    const id = await reportId(trackingCode);
    expect((await act(id, 'reject', operator)).status).toBe(400);
    expect((await act(id, 'reject', operator, { reason: 'Trùng nội dung đã xử lý' })).status).toBe(200);
    const pub = (await (await s.api(`/api/feedback/track/${trackingCode}`)).json()) as { status: string; rejectReason: string };
    expect(pub).toMatchObject({ status: 'rejected', rejectReason: 'Trùng nội dung đã xử lý' });
  });

  it('staff change a misrouted report\'s category: routing follows, the timeline says so; leaders cannot (issue 20)', async () => {
    // A pothole on a named street: the suggestion is traffic, not the street's usual problem.
    const suggested = (await (await s.api('/api/feedback/suggest-category', { method: 'POST', json: { text: 'Đường Lê Văn Lương có ổ gà sâu' } })).json()) as { category: string };
    expect(suggested.category).toBe('giao-thong');
    const { trackingCode } = (await (await submit({ category: 'rac-thai', description: 'Đường Lê Văn Lương có ổ gà sâu', lat: tanHung.lat, lon: tanHung.lon })).json()) as { trackingCode: string };
    const id = await reportId(trackingCode);
    const put = (token: string, json: unknown) => s.api(`/api/feedback/reports/${id}/category`, { method: 'PUT', token, json });
    expect((await put(leader, { category: 'giao-thong' })).status).toBe(403);
    const unknown = await put(operator, { category: 'nope' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/category/);
    const before = (await (await s.api(`/api/feedback/reports/${id}`, { token: operator })).json()) as { departmentUnit: { code: string } | null };
    const changed = await put(operator, { category: 'giao-thong', reason: 'ổ gà, không phải rác' });
    expect(changed.status, await changed.clone().text()).toBe(200);
    const d = (await changed.json()) as { categoryCode: string; departmentUnit: { code: string } | null; events: { kind: string; note: string | null }[] };
    expect(d.categoryCode).toBe('giao-thong');
    expect(d.departmentUnit?.code).toBe((await sql<{ code: string }>`select u.code from feedback_routing_rules r join units u on u.id = r.unit_id where r.category_code = 'giao-thong' and r.ward_code is null`.execute(s.ctx.db.kysely)).rows[0]?.code);
    expect(d.departmentUnit?.code).not.toBe(before.departmentUnit?.code);
    expect(d.events.at(-1)).toMatchObject({ kind: 'recategorised', note: 'rac-thai → giao-thong — ổ gà, không phải rác' });
  });

  it('follows an edited routing rule (ward-specific rule wins)', async () => {
    const put = await s.api('/api/feedback/rules', { method: 'PUT', token: admin, json: { categoryCode: 'cay-xanh', wardCode: '27487', unitCode: 'phong-tnmt' } });
    expect(put.status).toBe(200);
    expect((await s.api('/api/feedback/rules', { method: 'PUT', token: officer, json: { categoryCode: 'cay-xanh', unitCode: 'ioc' } })).status).toBe(403);
    const a = (await (await submit({ category: 'cay-xanh', description: 'Cây nghiêng sắp đổ', lat: tanMy.lat, lon: tanMy.lon })).json()) as { trackingCode: string };
    const b = (await (await submit({ category: 'cay-xanh', description: 'Cây nghiêng sắp đổ', lat: tanHung.lat, lon: tanHung.lon })).json()) as { trackingCode: string };
    const da = (await (await s.api(`/api/feedback/reports/${await reportId(a.trackingCode)}`, { token: admin })).json()) as { departmentUnit: { code: string }; wardUnit: { code: string } };
    const db = (await (await s.api(`/api/feedback/reports/${await reportId(b.trackingCode)}`, { token: admin })).json()) as { departmentUnit: { code: string } };
    expect(da.departmentUnit.code).toBe('phong-tnmt');
    expect(da.wardUnit.code).toBe('ubnd-27487');
    expect(db.departmentUnit.code).toBe('phong-qldt');

    // The ward-specific rule can be deleted (admin); the category's rule cannot.
    const rules = ((await put.json()) as { rules: { id: number; categoryCode: string; wardCode: string | null; unitCode: string }[] }).rules;
    const wardRule = rules.find((r) => r.categoryCode === 'cay-xanh' && r.wardCode === '27487')!;
    const categoryRule = rules.find((r) => r.categoryCode === 'cay-xanh' && r.wardCode === null)!;
    expect(wardRule.unitCode).toBe('phong-tnmt');
    expect((await s.api(`/api/feedback/rules/${wardRule.id}`, { method: 'DELETE', token: officer })).status).toBe(403);
    expect((await s.api(`/api/feedback/rules/${categoryRule.id}`, { method: 'DELETE', token: admin })).status).toBe(404);
    const del = await s.api(`/api/feedback/rules/${wardRule.id}`, { method: 'DELETE', token: admin });
    expect(del.status).toBe(200);
    expect(((await del.json()) as { rules: { id: number }[] }).rules.some((r) => r.id === wardRule.id)).toBe(false);
    const c = (await (await submit({ category: 'cay-xanh', description: 'Cây gãy cành', lat: tanMy.lat, lon: tanMy.lon })).json()) as { trackingCode: string };
    const dc = (await (await s.api(`/api/feedback/reports/${await reportId(c.trackingCode)}`, { token: admin })).json()) as { departmentUnit: { code: string } };
    expect(dc.departmentUnit.code).toBe('phong-qldt');
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'feedback.rule_delete'`.execute(s.ctx.db.kysely);
    expect(audit.rows[0]!.n).toBe(1);
  });
});

describe('scope, masking and reveal', () => {
  it('an officer sees only their unit and areas; contact is masked; each reveal is audited; leaders cannot reveal', async () => {
    const mine = (await (await submit({ category: 'giao-thong', description: 'Ổ gà giữa đường', lat: tanHung.lat, lon: tanHung.lon, name: 'Trần Thị Bình', phone: '0987654321' })).json()) as { trackingCode: string };
    const other = (await (await submit({ category: 'giao-thong', description: 'Ổ gà giữa đường', lat: tanMy.lat, lon: tanMy.lon, name: 'Lê Văn C', phone: '0977000111' })).json()) as { trackingCode: string };
    const mineId = await reportId(mine.trackingCode);
    const otherId = await reportId(other.trackingCode);
    expect((await s.api(`/api/feedback/reports/${otherId}`, { token: officer })).status).toBe(404);
    expect((await s.api(`/api/feedback/reports/${otherId}`, { token: leader })).status).toBe(200);
    const list = (await (await s.api('/api/feedback/reports?limit=500&category=giao-thong', { token: officer })).json()) as { reports: { id: number; wardCode: string; reporterName: string | null }[] };
    expect(list.reports.some((r) => r.id === mineId)).toBe(true);
    expect(list.reports.every((r) => r.wardCode === '27475')).toBe(true);
    const detail = (await (await s.api(`/api/feedback/reports/${mineId}`, { token: officer })).json()) as { reporterName: string; reporterPhone: string };
    expect(detail.reporterName).toBe('T. T. B***');
    expect(detail.reporterPhone).toBe('*******321');

    expect((await s.api(`/api/feedback/reports/${mineId}/reveal`, { method: 'POST', token: leader })).status).toBe(403);
    expect((await s.api(`/api/feedback/reports/${otherId}/reveal`, { method: 'POST', token: officer })).status).toBe(404);
    const revealed = await s.api(`/api/feedback/reports/${mineId}/reveal`, { method: 'POST', token: officer });
    expect(await revealed.json()).toEqual({ name: 'Trần Thị Bình', phone: '0987654321', email: null });
    const audit = await sql<{ actor: string; n: number }>`
      select actor, count(*)::int as n from audit_log where action = 'feedback.reveal_contact' and target_id = ${String(mineId)} group by actor`.execute(s.ctx.db.kysely);
    expect(audit.rows).toEqual([{ actor: 'officer', n: 1 }]);
  });
});

describe('duplicates and merge', () => {
  it('suggests a close report of the same category, merges it, and both citizens get the answer', async () => {
    const p = { lat: tanMy.lat + 0.0002, lon: tanMy.lon + 0.0002 };
    const first = (await (await submit({ category: 'ngap-nuoc', description: 'Đường ngập sau mưa', ...p })).json()) as { trackingCode: string };
    const second = (await (await submit({ category: 'ngap-nuoc', description: 'Nước ngập tới đầu gối', lat: p.lat + 0.0003, lon: p.lon })).json()) as { trackingCode: string; possibleDuplicates: number };
    expect(second.possibleDuplicates).toBeGreaterThanOrEqual(1);
    const a = await reportId(first.trackingCode);
    const b = await reportId(second.trackingCode);
    const detail = (await (await s.api(`/api/feedback/reports/${b}`, { token: operator })).json()) as { duplicates: { id: number; distanceM: number }[] };
    const dup = detail.duplicates.find((d) => d.id === a);
    expect(dup).toBeDefined();
    expect(dup!.distanceM).toBeLessThan(100);

    expect((await s.api(`/api/feedback/reports/${b}/merge`, { method: 'POST', token: operator, json: { into: a } })).status).toBe(200);
    expect((await act(b, 'verify', operator)).status).toBe(409); // act on the primary
    await act(a, 'assign', operator, { unitCode: 'ubnd-27487' });
    await act(a, 'resolve', operator, { answer: 'Đã nạo vét cống, nước rút.' });
    for (const code of [first.trackingCode, second.trackingCode]) {
      const pub = (await (await s.api(`/api/feedback/track/${code}`)).json()) as { status: string; answer: string; canRate: boolean };
      expect(pub).toMatchObject({ status: 'resolved', answer: 'Đã nạo vét cống, nước rút.', canRate: true });
    }
  });
});

describe('deadlines (injected clock)', () => {
  it('reminds before and escalates after the deadline, and closes resolved reports after N days', async () => {
    const { trackingCode } = (await (await submit({ category: 'chieu-sang', description: 'Đèn hẻm tắt cả tuần', lat: tanHung.lat, lon: tanHung.lon })).json()) as { trackingCode: string; deadlineAt: string };
    const id = await reportId(trackingCode);
    const deadline = (await (await s.api(`/api/feedback/track/${trackingCode}`)).json()) as { deadlineAt: string };
    const due = new Date(deadline.deadlineAt).getTime();
    const real = s.ctx.clock;
    const escalations: string[] = [];
    const off = s.ctx.events.on('feedback.escalated', (e) => escalations.push(e.trackingCode));
    try {
      // Sessions expire by the same clock: sign in again at each simulated time.
      s.ctx.clock = { now: () => new Date(due - 3 * 3600_000) };
      let token = await s.login('admin');
      const early = (await (await s.api('/api/feedback/jobs/deadlines', { method: 'POST', token })).json()) as { reminded: number; escalated: number };
      expect(early.reminded).toBeGreaterThanOrEqual(1);
      s.ctx.clock = { now: () => new Date(due + 3600_000) };
      token = await s.login('admin');
      const run = (await (await s.api('/api/feedback/jobs/deadlines', { method: 'POST', token })).json()) as { escalated: number };
      expect(run.escalated).toBeGreaterThanOrEqual(1);
      expect(escalations).toContain(trackingCode);
      const again = (await (await s.api('/api/feedback/jobs/deadlines', { method: 'POST', token })).json()) as { escalated: number };
      expect(again.escalated).toBe(0); // idempotent
      const d = (await (await s.api(`/api/feedback/reports/${id}`, { token })).json()) as { escalated: boolean; overdue: boolean; events: { kind: string }[] };
      expect(d.escalated).toBe(true);
      expect(d.overdue).toBe(true);
      expect(d.events.map((e) => e.kind)).toEqual(['received', 'reminder', 'escalated']);
      const overdue = (await (await s.api('/api/feedback/reports?overdue=true&limit=500', { token })).json()) as { reports: { id: number }[] };
      expect(overdue.reports.some((r) => r.id === id)).toBe(true);

      expect((await act(id, 'assign', token, { unitCode: 'ubnd-27475' })).status).toBe(200);
      expect((await act(id, 'resolve', token, { answer: 'Đã thay bóng đèn.' })).status).toBe(200);
      s.ctx.clock = { now: () => new Date(due + 3600_000 + 8 * 86_400_000) };
      token = await s.login('admin');
      await s.api('/api/feedback/jobs/deadlines', { method: 'POST', token });
      const pub = (await (await s.api(`/api/feedback/track/${trackingCode}`)).json()) as { status: string };
      expect(pub.status).toBe('closed');
    } finally {
      s.ctx.clock = real;
      off();
    }
  });
});

describe('call centre, stats, public map, demo history', () => {
  it('takes a call with the caller number and a transcript; suggests the category', async () => {
    const res = await s.api('/api/feedback/call-centre', {
      method: 'POST',
      token: operator,
      json: { callerNumber: '+84 903 111 222', transcript: 'Alo, nước máy nhà tôi có màu vàng đục và mùi lạ từ sáng', lat: tanHung.lat, lon: tanHung.lon },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { categoryCode: string; trackingCode: string };
    expect(body.categoryCode).toBe('cap-nuoc');
    const id = await reportId(body.trackingCode);
    const reveal = (await (await s.api(`/api/feedback/reports/${id}/reveal`, { method: 'POST', token: operator })).json()) as { phone: string };
    expect(reveal.phone).toBe('0903111222');
    expect((await s.api('/api/feedback/call-centre', { method: 'POST', json: { callerNumber: '1', summary: 'x' } })).status).toBe(401);
  });

  it('has a year of demo history and leader statistics by category, unit, ward and month', async () => {
    const n = await sql<{ n: number; cats: number; wards: number }>`
      select count(*)::int as n, count(distinct category_code)::int as cats, count(distinct ward_code)::int as wards from feedback_reports where synthetic`.execute(s.ctx.db.kysely);
    expect(n.rows[0]).toMatchObject({ cats: 11, wards: 4 });
    expect(n.rows[0]!.n).toBeGreaterThanOrEqual(3000);
    const byUnit = (await (await s.api('/api/feedback/stats?by=unit', { token: leader })).json()) as { rows: { key: string; avgRating: number | null; onTimePct: number | null }[]; total: { received: number } };
    expect(byUnit.total.received).toBeGreaterThanOrEqual(3000);
    const ratings = byUnit.rows.map((r) => r.avgRating ?? -1);
    expect([...ratings].sort((a, b) => b - a)).toEqual(ratings); // ranked by citizens' ratings
    for (const by of ['category', 'ward', 'month']) {
      const r = (await (await s.api(`/api/feedback/stats?by=${by}`, { token: leader })).json()) as { rows: { onTimePct: number | null; avgResolutionHours: number | null }[] };
      expect(r.rows.length).toBeGreaterThanOrEqual(4);
      expect(r.rows.some((x) => x.onTimePct !== null && x.onTimePct > 50 && x.onTimePct < 100)).toBe(true);
    }
    const officerView = (await (await s.api('/api/feedback/stats?by=ward', { token: officer })).json()) as { rows: { key: string }[] };
    expect(officerView.rows.map((r) => r.key)).toEqual(['27475']);
  });

  it('publishes a map without personal data, at ~100 m', async () => {
    const body = (await (await s.api('/api/feedback/public-map?days=30')).json()) as { points: Record<string, unknown>[] };
    expect(body.points.length).toBeGreaterThan(10);
    // No tracking code (the citizen's credential): a public id only.
    expect(Object.keys(body.points[0]!).sort()).toEqual(['categoryCode', 'createdAt', 'id', 'lat', 'lon', 'status']);
    expect(body.points.every((p) => /^r\d+$/.test(p.id as string))).toBe(true);
    expect(body.points.every((p) => Math.abs((p.lat as number) * 1000 - Math.round((p.lat as number) * 1000)) < 1e-6)).toBe(true);
  });
});

describe('rate limits', () => {
  it('limits submissions per phone and per address', async () => {
    const limited = await startTestServer({ FEEDBACK_RATE_PER_IP_HOUR: '3', FEEDBACK_RATE_PER_PHONE_DAY: '2' });
    try {
      const p = await pointIn('27475');
      const send = (phone?: string) => {
        const form = new FormData();
        form.set('category', 'rac-thai');
        form.set('description', 'Rác đổ bừa bãi');
        form.set('lat', String(p.lat));
        form.set('lon', String(p.lon));
        if (phone) form.set('phone', phone);
        return limited.api('/api/feedback', { method: 'POST', body: form });
      };
      expect((await send('0901000001')).status).toBe(201);
      expect((await send('0901000001')).status).toBe(201);
      const third = await send('0901000001');
      expect(third.status).toBe(429);
      expect(((await third.json()) as { message: string }).message).toMatch(/phone/);
      expect((await send()).status).toBe(201);
      const ip = await send();
      expect(ip.status).toBe(429);
      expect(((await ip.json()) as { message: string }).message).toMatch(/address/);
    } finally {
      await limited.close();
    }
  });
});
