// What must happen before cityops answers: migrations, the built-in boundaries, and either
// the demo accounts (demo mode) or the check that no demo password is left (production).
import type { AppContext } from './platform/context.ts';
import { migrate } from './platform/db/migrate.ts';
import { loadBuiltInBoundaries } from './modules/areas/index.ts';
import { assertNoDemoPasswords, seedDemoAccounts } from './modules/auth/index.ts';
import type { Services } from './composition.ts';
import { MODULES } from './app.ts';
import type { BackgroundService } from './platform/context.ts';

export async function prepare(ctx: AppContext, services: Services): Promise<void> {
  const { lifecycle, log } = ctx;
  const { auth } = services;
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
  } else {
    await assertNoDemoPasswords(auth);
    if ((await auth.countAdmins()) === 0) {
      log.warn('no admin account yet: create one with "npm run cli -- create-admin <username>" (server stopped)');
    }
  }
  const sealed = await auth.encryptStoredSecondFactors();
  if (sealed) log.info({ count: sealed }, 'second-factor secrets encrypted');
  lifecycle.set('preparing-modules');
  for (const m of MODULES) {
    if (m.prepare) await m.prepare(ctx, { demo: ctx.config.demo }, services);
  }
  lifecycle.set('ready');
}

/** Starts every module's background services; the returned function stops them in reverse. */
export async function startBackground(ctx: AppContext, services: Services): Promise<() => Promise<void>> {
  const started: BackgroundService[] = [];
  for (const m of MODULES) {
    const s = m.start ? await m.start(ctx, services) : undefined;
    if (s) started.push(s);
  }
  return async () => {
    for (const s of started.reverse()) await s.stop().catch((e: unknown) => ctx.log.error({ err: e }, 'stopping a background service failed'));
  };
}
