// Web module of the live operations screen (server modules alerts, incidents, live): the live
// map and alert panel /live, the incident list /incidents and an incident's page /incidents/:id.
import type { WebModule } from '../../app/web-module.ts';
import { PAGE_PATTERNS } from '../../../../shared/routes.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const LivePage = lazyPage(() => import('./LivePage.tsx'), 'LivePage');
const IncidentsPage = lazyPage(() => import('./IncidentsPage.tsx'), 'IncidentsPage');
const IncidentPage = lazyPage(() => import('./IncidentPage.tsx'), 'IncidentPage');

const liveRoles = ['admin', 'operator', 'leader'] as const;

export const liveWebModule: WebModule = {
  id: 'live',
  nav: [
    { labelKey: 'live.nav', to: '/live', roles: liveRoles, testId: 'nav-live' },
    { labelKey: 'live.incidentsNav', to: '/incidents', testId: 'nav-incidents' },
  ],
  routes: [
    { path: PAGE_PATTERNS.live, element: <LivePage />, roles: liveRoles },
    { path: PAGE_PATTERNS.incidents, element: <IncidentsPage /> },
    { path: PAGE_PATTERNS.incident, element: <IncidentPage /> },
  ],
};
