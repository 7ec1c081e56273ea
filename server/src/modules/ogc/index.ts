// OGC API – Features module: datasets and areas for GIS clients (QGIS, GDAL) at /ogc.
import type { ServerModule } from '../../platform/context.ts';
import { ogcRoutes } from './ogc.routes.ts';
import type { OgcService } from './ogc.service.ts';

export { createOgcService, type OgcService } from './ogc.service.ts';

export const ogcModule: ServerModule<{ ogc: OgcService }> = {
  name: 'ogc',
  routes: (app, ctx, { ogc }) => ogcRoutes(app, ogc, ctx.config),
};
