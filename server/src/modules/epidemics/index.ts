// Epidemics module (issue 19): outbreaks as data (Go.Data's model), cases and contacts with
// identities encrypted and masked, follow-up by team, chains of transmission, ward levels from a
// versioned rule table (Decision 4800 → 218), green classification with QR certificates, places,
// capacity, vaccination, welfare. Serves any communicable disease (COVID-19, dengue, …).
import type { ServerModule } from '../../platform/context.ts';
import { fieldCipherFromConfig } from '../../platform/crypto/field-cipher.ts';
import { ensureDeclaration } from '../datasets/index.ts';
import { DEMO_OUTBREAK_CODE, HOUSEHOLDS_DATASET, seedDemoEpidemics } from './demo.ts';
import { seedBuiltInRules } from './builtin-rules.ts';
import { epidemicsRoutes } from './epidemics.routes.ts';
import { addDays } from './epidemics.rules.ts';
import type { EpidemicsService } from './epidemics.service.ts';

export { createEpidemicsService, type EpidemicsService } from './epidemics.service.ts';
export { DEMO_OUTBREAK_CODE } from './demo.ts';

/** The demo's weeks (Mondays) whose levels are computed at seeding. */
export function demoWeeks(): string[] {
  const weeks: string[] = [];
  for (let w = '2021-06-14'; w <= '2022-02-28'; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

export const epidemicsModule: ServerModule<{ epidemics: EpidemicsService }> = {
  name: 'epidemics',
  routes: (app, _ctx, { epidemics }) => epidemicsRoutes(app, epidemics),
  async prepare(ctx, { demo }, { epidemics }) {
    await seedBuiltInRules(ctx.db.kysely);
    await ensureDeclaration(ctx.db.kysely, HOUSEHOLDS_DATASET);
    if (!demo) return;
    const t0 = performance.now();
    const seeded = await seedDemoEpidemics(ctx.db.kysely, fieldCipherFromConfig(ctx.config));
    if (!seeded.seeded) return;
    const ratings = await epidemics.computeLevels('covid-19', demoWeeks());
    ctx.log.info({ cases: seeded.cases, contacts: seeded.contacts, ratings, ms: Math.round(performance.now() - t0), outbreak: DEMO_OUTBREAK_CODE }, 'demo epidemics created');
  },
};
export { epidemicsRetentionPolicies } from './epidemics.retention.ts';
