// Spatial module: thematic maps (per-area measures with class breaks), heatmap points,
// counts inside a drawn zone or radius, nearest features — over every readable dataset.
import type { ServerModule } from '../../platform/context.ts';
import type { SpatialService } from './spatial.service.ts';
import { spatialRoutes } from './spatial.routes.ts';

export { createSpatialService, type SpatialService } from './spatial.service.ts';

export const spatialModule: ServerModule<{ spatial: SpatialService }> = {
  name: 'spatial',
  routes: (app, _ctx, { spatial }) => spatialRoutes(app, spatial),
};
