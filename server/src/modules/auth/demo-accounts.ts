// Demo mode: one account per staff role, password "demo", seeded once on a fresh database.
// Production mode refuses to start while any such account is still active.
import type { AppContext } from '../../platform/context.ts';
import type { AuthService } from './auth.service.ts';
import { DEMO_PASSWORD } from './passwords.ts';
import { SYSTEM_ACTOR } from '../../platform/actor.ts';
import { readMarker, writeMarker } from '../../platform/db/app-state.ts';
import { areaVersionOn, REFORM_2025 } from '../areas/index.ts';

export const DEMO_UNITS = [
  { code: 'ioc', nameVi: 'Trung tâm Điều hành đô thị thông minh', nameEn: 'Intelligent Operations Centre' },
  { code: 'ubnd-27475', nameVi: 'UBND phường Tân Hưng', nameEn: "Tan Hung Ward People's Committee" },
  { code: 'ubnd-27478', nameVi: 'UBND phường Tân Thuận', nameEn: "Tan Thuan Ward People's Committee" },
  { code: 'ubnd-27484', nameVi: 'UBND phường Phú Thuận', nameEn: "Phu Thuan Ward People's Committee" },
  { code: 'ubnd-27487', nameVi: 'UBND phường Tân Mỹ', nameEn: "Tan My Ward People's Committee" },
];

export const DEMO_ACCOUNTS = ['admin', 'leader', 'operator', 'officer'] as const;

export async function seedDemoAccounts(ctx: AppContext, auth: AuthService): Promise<boolean> {
  if (await readMarker(ctx.db.kysely, 'seed.demo-accounts')) return false;
  for (const u of DEMO_UNITS) await auth.upsertUnit(u);
  // The demo officer works in Tân Hưng ward as formed on 1 July 2025.
  const tanHung2025 = await areaVersionOn(ctx.db.kysely, '27475', REFORM_2025);
  const areaIds = tanHung2025 ? [tanHung2025.id] : [];
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
  await writeMarker(ctx.db.kysely, 'seed.demo-accounts', { at: ctx.clock.now().toISOString() });
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
