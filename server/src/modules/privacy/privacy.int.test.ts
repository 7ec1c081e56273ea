// Data-subject requests end to end (Law 91/2025): a person's data found across the data hub
// and citizens' reports, exported in clear to an admin, then erased — history included —
// with the legal basis in the audit log and not the data itself.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { SubjectData, SubjectErasure } from '../../../../shared/contracts/privacy.ts';
import type { PersonalReads } from '../../../../shared/contracts/audit.ts';

let s: TestServer;
let admin: string;
beforeAll(async () => {
  s = await startTestServer({ AUDIT_UNUSUAL_MIN_ITEMS: '100' });
  admin = await s.login('admin');
});
afterAll(() => s?.close());

const PHONE = '0977 111 222';
const basis = 'Yêu cầu của chủ thể dữ liệu, đơn số 12/2026';

describe('data-subject requests', () => {
  it('finds, exports and erases a person across datasets and reports, history included', async () => {
    // A household business whose owner is the person, edited once (its history holds the phone).
    const page = (await (await s.api('/api/datasets/household-businesses/records?limit=1', { token: admin })).json()) as { records: { id: number }[] };
    const rid = page.records[0]!.id;
    const url = `/api/datasets/household-businesses/records/${rid}`;
    // Written with the international prefix in the register; asked for in the national form.
    expect((await s.api(url, { method: 'PATCH', token: admin, json: { properties: { ownerPhone: '+84977111222' } } })).status).toBe(200);
    expect((await s.api(url, { method: 'PATCH', token: admin, json: { properties: { employees: 4 } } })).status).toBe(200);
    // A report the same person sent, with the phone written differently.
    const p = (await sql<{ lat: number; lon: number }>`select ST_Y(ST_PointOnSurface(geom)) as lat, ST_X(ST_PointOnSurface(geom)) as lon from areas where code = '27475' and valid_from = '2025-07-01'`.execute(s.ctx.db.kysely)).rows[0]!;
    const form = new FormData();
    for (const [k, v] of Object.entries({ category: 'rac-thai', description: 'Rác tồn đọng đầu hẻm nhà tôi', lat: p.lat, lon: p.lon, name: 'Lê Thị Mai', phone: '+84 977-111-222' })) form.set(k, String(v));
    const sent = await s.api('/api/feedback', { method: 'POST', body: form });
    expect(sent.status).toBe(201);

    expect((await s.api('/api/privacy/subject-data', { method: 'POST', token: await s.login('operator'), json: { phone: PHONE, legalBasis: basis } })).status).toBe(403);
    expect((await s.api('/api/privacy/subject-data', { method: 'POST', token: admin, json: { legalBasis: basis } })).status).toBe(400);
    expect((await s.api('/api/privacy/subject-data', { method: 'POST', token: admin, json: { phone: PHONE } })).status).toBe(400);

    const found = (await (await s.api('/api/privacy/subject-data', { method: 'POST', token: admin, json: { phone: PHONE, legalBasis: basis } })).json()) as SubjectData;
    const record = found.records.find((r) => r.datasetId === 'household-businesses' && r.recordId === rid)!;
    expect(record.personal.ownerPhone).toBe('+84977111222');
    expect(typeof record.personal.owner).toBe('string');
    expect(found.reports.some((r) => r.name === 'Lê Thị Mai' && r.phone !== null)).toBe(true);
    // By name too (the report's contact).
    const byName = (await (await s.api('/api/privacy/subject-data', { method: 'POST', token: admin, json: { name: 'lê thị mai', legalBasis: basis } })).json()) as SubjectData;
    expect(byName.reports.length).toBeGreaterThanOrEqual(1);

    const erased = (await (await s.api('/api/privacy/subject-erasure', { method: 'POST', token: admin, json: { phone: PHONE, legalBasis: basis } })).json()) as SubjectErasure;
    expect(erased.records).toBeGreaterThanOrEqual(1);
    expect(erased.reports).toBeGreaterThanOrEqual(1);

    const after = (await (await s.api(url, { token: admin })).json()) as { properties: Record<string, unknown> };
    expect(after.properties.ownerPhone).toBeUndefined();
    expect(after.properties.owner).toBe('Đã xóa theo yêu cầu của chủ thể dữ liệu');
    const history = (await (await s.api(`${url}/history`, { token: admin })).json()) as { entries: { before: { properties: Record<string, unknown> } | null; after: { properties: Record<string, unknown> } | null }[] };
    expect(JSON.stringify(history)).not.toContain('977111222');
    expect(history.entries.length).toBeGreaterThanOrEqual(2);
    const again = (await (await s.api('/api/privacy/subject-data', { method: 'POST', token: admin, json: { phone: PHONE, legalBasis: basis } })).json()) as SubjectData;
    expect(again).toEqual({ records: [], reports: [] });

    const audit = (await (await s.api('/api/audit?action=privacy.subject_erasure', { token: admin })).json()) as { entries: { details: Record<string, unknown> }[] };
    expect(audit.entries[0]!.details).toMatchObject({ legalBasis: basis, identifiers: ['phone'] });
    expect(JSON.stringify(audit.entries)).not.toContain('0977');
  });
});

describe('unusual access to personal data (a possible breach)', () => {
  it("marks an account's day when it reads far more personal data than its usual day", async () => {
    const insert = (actor: string, daysAgo: number, count: number, action = 'dataset.personal_read') =>
      sql`insert into audit_log (at, actor, action, target_type, target_id, details)
          values (now() - make_interval(days => ${daysAgo}), ${actor}, ${action}, 'dataset', 'household-businesses', ${JSON.stringify({ count })}::jsonb)`.execute(s.ctx.db.kysely);
    // Thirty ordinary days: the officer shows 20 records a day, the leader 40.
    for (let d = 1; d <= 30; d++) {
      await insert('hist-officer', d, 20);
      await insert('hist-leader', d, 40);
    }
    await insert('hist-officer', 0, 120);
    await insert('hist-officer', 0, 30); // 150 today: ≥ max(100, 5 × 20)
    await insert('hist-leader', 0, 150); // 150 today: below 5 × 40 = 200, an ordinary busy day
    for (let i = 0; i < 100; i++) await insert('hist-new', 0, 1, 'feedback.reveal_contact'); // no history: ≥ 100
    await insert('hist-quiet', 0, 99);
    await insert('hist-other', 0, 500, 'user.update'); // not a read of personal data

    const res = await s.api('/api/audit/personal-reads?days=2', { token: admin });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PersonalReads;
    expect(body).toMatchObject({ minItems: 100, factor: 5 });
    const today = new Map(body.days.filter((d) => d.actor.startsWith('hist-') && d.items >= 99).map((d) => [d.actor, d]));
    expect(today.get('hist-officer')).toMatchObject({ items: 150, reads: 2, usual: 20, unusual: true });
    expect(today.get('hist-leader')).toMatchObject({ items: 150, reads: 1, usual: 40, unusual: false });
    expect(today.get('hist-new')).toMatchObject({ items: 100, reads: 100, usual: 0, unusual: true });
    expect(today.get('hist-quiet')).toMatchObject({ items: 99, unusual: false });
    expect(today.has('hist-other')).toBe(false);
    // Yesterday was an ordinary day for everyone.
    expect(body.days.filter((d) => d.actor.startsWith('hist-') && d.items < 99).every((d) => !d.unusual)).toBe(true);
    expect((await s.api('/api/audit/personal-reads', { token: await s.login('leader') })).status).toBe(403);
  });
});
