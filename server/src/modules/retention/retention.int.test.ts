// Retention (Law 91/2025): each policy removes what outlived it and nothing else.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { RetentionList } from '../../../../shared/contracts/retention.ts';

let s: TestServer;
let admin: string;
beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
});
afterAll(() => s?.close());

const db = () => s.ctx.db.kysely;
const old = new Date(Date.now() - 800 * 86_400_000);

async function job(status: string, finishedAt: Date | null): Promise<number> {
  const r = await sql<{ id: number }>`
    insert into import_jobs (dataset_id, file_name, file_size, mapping, status, created_by, finished_at)
    values ('pharmacies', 'x.csv', 3, '{}'::jsonb, ${status}, 'admin', ${finishedAt}) returning id`.execute(db());
  const id = Number(r.rows[0]!.id);
  await sql`insert into import_files (job_id, content) values (${id}, ${Buffer.from('a,b')})`.execute(db());
  await sql`insert into import_rejects (job_id, row_number, cells, reasons) values (${id}, 2, '["Nguyễn Văn A","0909123456"]'::jsonb, '[]'::jsonb)`.execute(db());
  return id;
}
const count = async (table: 'import_files' | 'import_rejects', jobId: number) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where job_id = ${jobId}`.execute(db())).rows[0]!.n);

describe('retention', () => {
  it('lists every policy to admins only, with its days and setting', async () => {
    const list = (await (await s.api('/api/retention', { token: admin })).json()) as RetentionList;
    expect(list.policies.map((p) => [p.kind, p.days, p.setting])).toEqual([
      ['import-files', 30, 'IMPORT_FILE_RETENTION_DAYS'],
      ['import-rejects', 180, 'IMPORT_REJECT_RETENTION_DAYS'],
      ['feedback-contacts', 365, 'FEEDBACK_CONTACT_RETENTION_DAYS'],
      ['audit-log', 1825, 'AUDIT_RETENTION_DAYS'],
      ['epidemics-closed-outbreaks', 365, 'EPI_ANONYMISE_AFTER_DAYS'],
    ]);
    expect((await s.api('/api/retention', { token: await s.login('operator') })).status).toBe(403);
  });

  it('removes old uploads, rejected rows, finished reports\' contacts and old audit entries; keeps the rest', async () => {
    const ended = await job('done', old);
    const recent = await job('done', new Date());
    const queued = await job('queued', null);
    const closed = (await sql<{ id: number }>`select id from feedback_reports where status = 'closed' order by id limit 1`.execute(db())).rows[0]!.id;
    const open = (await sql<{ id: number }>`select id from feedback_reports where status in ('received', 'verified', 'assigned', 'in_progress') order by id limit 1`.execute(db())).rows[0]!.id;
    // A citizen's contact on a report closed long ago, and on one still being handled.
    await sql`update feedback_reports set closed_at = ${old}, reporter_phone = '0909123456', source_ip = '203.0.113.5' where id = ${closed}`.execute(db());
    await sql`update feedback_reports set created_at = ${old}, reporter_phone = '0909654321' where id = ${open}`.execute(db());
    await sql`insert into audit_log (at, actor, action) values (${new Date(Date.now() - 2000 * 86_400_000)}, 'someone', 'test.ancient')`.execute(db());

    const ran = await s.api('/api/retention/run', { method: 'POST', token: admin });
    expect(ran.status).toBe(200);
    const after = (await ran.json()) as RetentionList;
    expect(after.policies.every((p) => p.lastRun !== null && p.lastRun.error === null)).toBe(true);
    expect(after.policies.find((p) => p.kind === 'import-files')!.lastRun!.changed).toBeGreaterThanOrEqual(1);

    expect([await count('import_files', ended), await count('import_rejects', ended)]).toEqual([0, 0]);
    expect([await count('import_files', recent), await count('import_rejects', recent)]).toEqual([1, 1]);
    expect([await count('import_files', queued), await count('import_rejects', queued)]).toEqual([1, 1]);
    const contact = async (id: number) =>
      (await sql<{ reporter_phone: string | null; source_ip: string | null; description: string }>`select reporter_phone, source_ip, description from feedback_reports where id = ${id}`.execute(db())).rows[0]!;
    expect(await contact(closed)).toMatchObject({ reporter_phone: null, source_ip: null });
    expect((await contact(closed)).description.length).toBeGreaterThan(0);
    expect((await contact(open)).reporter_phone).not.toBeNull();
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'test.ancient'`.execute(db())).rows[0]!.n)).toBe(0);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'retention.run'`.execute(db())).rows[0]!.n)).toBe(1);
  });
});
