// Open311 module: GeoReport v2 over the feedback module's reports, and the keys of client apps.
import type { ServerModule } from '../../platform/context.ts';
import { open311Routes } from './open311.routes.ts';
import type { Open311Service } from './open311.service.ts';

export { createOpen311Service, type Open311Service } from './open311.service.ts';

export const open311Module: ServerModule<{ open311: Open311Service }> = {
  name: 'open311',
  routes: (app, ctx, { open311 }) => open311Routes(app, ctx, open311),
};
