// Every web module, in top-bar order. A new module is one folder and one line here.
import type { WebModule } from './web-module.ts';
import { lazyPage } from './lazy-page.tsx';
import { datasetsWebModule } from '../modules/datasets/module.tsx';
import { importsWebModule } from '../modules/imports/module.tsx';
import { sensorsWebModule } from '../modules/sensors/module.tsx';
import { dashboardsModule } from '../modules/dashboards/module.tsx';
import { feedbackWebModule } from '../modules/feedback/module.tsx';
import { liveWebModule } from '../modules/live/module.tsx';
import { alertsWebModule } from '../modules/alerts/module.tsx';
import { privacyWebModule } from '../modules/privacy/module.tsx';
import { accountWebModule } from '../modules/auth/module.tsx';
import { tasksWebModule } from '../modules/tasks/module.tsx';
import { documentsWebModule } from '../modules/documents/module.tsx';
import { proceduresWebModule } from '../modules/procedures/module.tsx';
import { reportingWebModule } from '../modules/reporting/module.tsx';
import { epidemicsWebModule } from '../modules/epidemics/module.tsx';
import { adminWebModule } from '../modules/admin/module.tsx';

export const WEB_MODULES: readonly WebModule[] = [
  datasetsWebModule,
  importsWebModule,
  sensorsWebModule,
  dashboardsModule,
  feedbackWebModule,
  liveWebModule,
  alertsWebModule,
  privacyWebModule,
  accountWebModule,
  tasksWebModule,
  documentsWebModule,
  proceduresWebModule,
  reportingWebModule,
  epidemicsWebModule,
  adminWebModule,
];

// The feature parts the shell itself shows, reached through this one registry: the session
// (provider, sign-in page, guard) and the top bar's notification bell and units switch.
export { AuthProvider, sessionQuery, useAuth } from '../modules/auth/AuthContext.tsx';
export { LoginPage } from '../modules/auth/LoginPage.tsx';
export { RequireAuth } from '../modules/auth/RequireAuth.tsx';
export { NotificationBell } from '../modules/dashboards/NotificationBell.tsx';
export { UnitsSwitch } from '../modules/map/UnitsSwitch.tsx';
export { MAP_PAGE_PATHS, preloadMapData } from '../modules/map/map-preload.ts';

/** The map workspace (and MapLibre with it) loads on its first visit, not before the overview. */
export const MapPage = lazyPage(() => import('../modules/map/MapPage.tsx'), 'MapPage');
