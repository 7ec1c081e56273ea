// Datasets module (the data hub): inventories declared once, one generic records table,
// record history, masking of personal data, and the synthetic District 7 demo.
import type { ServerModule } from '../../platform/context.ts';
import { datasetsRoutes } from './datasets.routes.ts';
import type { DatasetsService } from './datasets.service.ts';
import { loadBuiltInDatasets } from './builtin-loader.ts';
import { seedDemoDatasets } from './demo/seed.ts';
import { seedWardDataset } from './demo/ward-dataset.ts';

export { createDatasetsService, ERASED_PLACEHOLDER, type DatasetsService, type PersonQuery, type PersonRecord } from './datasets.service.ts';
export { loadBuiltInDatasets } from './builtin-loader.ts';
export { BUILT_IN_DATASETS, DEMO_COUNTS } from './builtin-datasets.ts';
export { seedDemoDatasets, D7_WARD_CODES } from './demo/seed.ts';
export { WARD_FLOOD_SPOTS } from './demo/ward-dataset.ts';
export type { DatasetDecl, FieldDecl } from './declarations.ts';
export { displayFieldOf, wardFieldOf } from './declarations.ts';
export * as recordsImport from './records-import-writer.ts';
export { presentRecords } from './masking.ts';
export { locationOutcome, flagText, type LocationOutcome } from './location-rules.ts';
export { ensureDeclaration } from './builtin-loader.ts';
export { insertSyntheticRecords, type SyntheticRecord } from './synthetic-records.ts';

export const datasetsModule: ServerModule<{ datasets: DatasetsService }> = {
  name: 'datasets',
  routes: (app, _ctx, { datasets }) => datasetsRoutes(app, datasets),
  async prepare(ctx, { demo }) {
    const builtIn = await loadBuiltInDatasets(ctx.db.kysely);
    if (builtIn.changed.length) ctx.log.info({ changed: builtIn.changed }, 'built-in dataset declarations loaded');
    if (!demo) return;
    const demoData = await seedDemoDatasets(ctx.db.kysely);
    if (demoData.seeded) ctx.log.info({ records: demoData.records, ms: demoData.ms }, 'synthetic demo records created');
    // A dataset of the demo officer's ward, so that every demo role has data of its own to import into.
    await seedWardDataset(ctx.db.kysely);
  },
  /** Computes the catalogue's data-quality scores once in the background. */
  async start(ctx, { datasets }) {
    let stopped = false;
    const done = datasets
      .warmScores(() => stopped)
      .catch((e: unknown) => ctx.log.warn({ err: e }, 'data-quality scores not computed'));
    return {
      async stop() {
        stopped = true;
        await done;
      },
    };
  },
};
