// Open311 module: GeoReport v2 over the feedback module's reports, and the keys of client apps.
import type { ServerModule } from '../../platform/context.ts';
import { open311Routes } from './open311.routes.ts';

export const open311Module: ServerModule = {
  name: 'open311',
  routes: (app, ctx) => open311Routes(app, ctx),
};
