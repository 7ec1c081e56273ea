import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { appliedVersions, migrate, readMigrations } from './migrate.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

describe('migrations', () => {
  it('applied every migration once; running again changes nothing', async () => {
    const all = readMigrations().map((m) => m.version);
    expect(await appliedVersions(s.ctx.db)).toEqual(all);
    expect(await migrate(s.ctx.db)).toEqual([]);
  });

  it('refuses to start when a landed migration was edited', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
    await expect(migrate(s.ctx.db, edited)).rejects.toThrow(/edited after it was applied/);
  });

  it('applies a new migration whole, or not at all', async () => {
    const broken = { version: '9999', name: 'broken', sql: 'CREATE TABLE t_ok (id int); SELECT no_such_function();', checksum: 'b'.repeat(64) };
    await expect(migrate(s.ctx.db, [...readMigrations(), broken])).rejects.toThrow();
    const exists = await s.ctx.db.kysely.selectFrom('schema_migrations').select('version').where('version', '=', '9999').execute();
    expect(exists).toEqual([]);
    // The table created before the failure was rolled back with it.
    await expect(s.ctx.db.execScript('SELECT * FROM t_ok')).rejects.toThrow();
  });
});
