// OGC API – Features module: datasets and areas for GIS clients (QGIS, GDAL) at /ogc.
import type { ServerModule } from '../../platform/context.ts';
import { ogcRoutes } from './ogc.routes.ts';
import { createOgcService } from './ogc.service.ts';

export const ogcModule: ServerModule = {
  name: 'ogc',
  routes: (app, ctx) => ogcRoutes(app, createOgcService(ctx)),
};
