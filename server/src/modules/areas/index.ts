// Areas module: administrative units as data (code + validity), hierarchy, lineage, point lookup.
import type { ServerModule } from '../../platform/context.ts';
import { areasRoutes } from './areas.routes.ts';
import { areasService } from './areas.service.ts';

export { areasService, localToday, type AreasService } from './areas.service.ts';
export { loadBuiltInBoundaries, loadBoundaryFeatures, readGeoJson, REFORM_2025 } from './boundaries.ts';
export { areasRepository } from './areas.repository.ts';

export const areasModule: ServerModule = {
  name: 'areas',
  routes: (app, ctx) => areasRoutes(app, areasService(ctx)),
};
