// Datasets module (the data hub): inventories declared once, one generic records table,
// record history, masking of personal data, and the synthetic District 7 demo.
import type { ServerModule } from '../../platform/context.ts';
import { datasetsRoutes } from './datasets.routes.ts';
import { createDatasetsService } from './datasets.service.ts';

export { createDatasetsService, type DatasetsService } from './datasets.service.ts';
export { loadBuiltInDatasets } from './builtin-loader.ts';
export { BUILT_IN_DATASETS, DEMO_COUNTS } from './builtin-datasets.ts';
export { seedDemoDatasets, D7_WARD_CODES } from './demo/seed.ts';
export type { DatasetDecl, FieldDecl } from './declarations.ts';

export const datasetsModule: ServerModule = {
  name: 'datasets',
  routes: (app, ctx) => datasetsRoutes(app, createDatasetsService(ctx)),
};
