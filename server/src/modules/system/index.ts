// System module: health, version and the client's start-up settings.
import type { ServerModule } from '../../platform/context.ts';
import { systemRoutes } from './system.routes.ts';

export const systemModule: ServerModule = { name: 'system', routes: systemRoutes };
