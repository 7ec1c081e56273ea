// What must happen before cityops answers: migrations, the built-in boundaries, and either
// the demo accounts (demo mode) or the check that no demo password is left (production).
import type { AppContext } from './platform/context.ts';
import { migrate } from './platform/db/migrate.ts';
import { loadBuiltInBoundaries } from './modules/areas/index.ts';
import { assertNoDemoPasswords, seedDemoAccounts, type AuthService } from './modules/auth/index.ts';
import { seedDemoDatasets } from './modules/datasets/index.ts';

export async function prepare(ctx: AppContext, auth: AuthService): Promise<void> {
  const { lifecycle, log } = ctx;
  lifecycle.set('starting');
  await ctx.db.ready;
  lifecycle.set('migrating');
  const applied = await migrate(ctx.db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  lifecycle.set('loading-areas');
  const areas = await loadBuiltInBoundaries(ctx.db.kysely);
  if (areas.loaded) log.info({ count: areas.count }, 'administrative boundaries loaded');
  if (ctx.config.demo) {
    lifecycle.set('seeding-demo');
    if (await seedDemoAccounts(ctx, auth)) log.info('demo accounts created');
    const demoData = await seedDemoDatasets(ctx.db.kysely);
    if (demoData.seeded) log.info({ records: demoData.records, ms: demoData.ms }, 'synthetic demo records created');
  } else {
    await assertNoDemoPasswords(auth);
    if ((await auth.countAdmins()) === 0) {
      log.warn('no admin account yet: create one with "npm run cli -- create-admin <username>" (server stopped)');
    }
  }
  lifecycle.set('ready');
}
