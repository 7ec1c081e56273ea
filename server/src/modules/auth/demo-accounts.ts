// Demo mode: one account per staff role, password "demo", seeded once on a fresh database.
// Production mode refuses to start while any such account is still active.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { AuthService } from './auth.service.ts';
import { DEMO_PASSWORD } from './passwords.ts';
import { SYSTEM_ACTOR } from '../../platform/actor.ts';

export const DEMO_UNITS = [
  { code: 'ioc', nameVi: 'Trung tâm Điều hành đô thị thông minh', nameEn: 'Intelligent Operations Centre' },
  { code: 'ubnd-27475', nameVi: 'UBND phường Tân Hưng', nameEn: "Tan Hung Ward People's Committee" },
  { code: 'ubnd-27478', nameVi: 'UBND phường Tân Thuận', nameEn: "Tan Thuan Ward People's Committee" },
  { code: 'ubnd-27484', nameVi: 'UBND phường Phú Thuận', nameEn: "Phu Thuan Ward People's Committee" },
  { code: 'ubnd-27487', nameVi: 'UBND phường Tân Mỹ', nameEn: "Tan My Ward People's Committee" },
];

export const DEMO_ACCOUNTS = ['admin', 'leader', 'operator', 'officer'] as const;

export async function seedDemoAccounts(ctx: AppContext, auth: AuthService): Promise<boolean> {
  const done = await ctx.db.kysely.selectFrom('app_state').select('key').where('key', '=', 'seed.demo-accounts').executeTakeFirst();
  if (done) return false;
  for (const u of DEMO_UNITS) await auth.upsertUnit(u);
  const tanHung2025 = await sql<{ id: number }>`
    select id from v_areas where code = '27475' and valid_from = '2025-07-01'`.execute(ctx.db.kysely);
  const areaIds = tanHung2025.rows.map((r) => r.id);
  const accounts = [
    { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', unitCode: 'ioc' },
    { username: 'leader', displayName: 'Lãnh đạo UBND', role: 'leader', unitCode: 'ioc' },
    { username: 'operator', displayName: 'Điều hành viên', role: 'operator', unitCode: 'ioc' },
    { username: 'officer', displayName: 'Cán bộ phường Tân Hưng', role: 'officer', unitCode: 'ubnd-27475', areaIds },
  ] as const;
  for (const a of accounts) {
    if (await auth.findUserByUsername(a.username)) continue;
    await auth.createUser({ ...a, areaIds: 'areaIds' in a ? [...a.areaIds] : undefined }, SYSTEM_ACTOR, { demoPassword: true });
  }
  await ctx.db.kysely
    .insertInto('app_state')
    .values({ key: 'seed.demo-accounts', value: JSON.stringify({ at: ctx.clock.now().toISOString() }) })
    .execute();
  return true;
}

/** In production mode, an account that still has the demo password is a reason to stop. */
export async function assertNoDemoPasswords(auth: AuthService): Promise<void> {
  const users = await auth.demoPasswordUsers();
  if (users.length) {
    const names = users.map((u) => u.username).join(', ');
    throw new Error(
      `refusing to start in production mode: account(s) ${names} still have the demo password "${DEMO_PASSWORD}". ` +
        `Set new passwords with "npm run cli -- set-password <username>" or disable them ` +
        `("npm run cli -- disable-user <username>"), or start with CITYOPS_DEMO=true.`,
    );
  }
}
