// Web module of the live operations screen (server modules alerts, incidents, live): the live
// map and alert panel /live, the incident list /incidents and an incident's page /incidents/:id.
import { lazy, Suspense, type ReactNode } from 'react';
import type { WebModule } from '../../app/web-module.ts';
import { FullPageStatus } from '../../app/FullPageStatus.tsx';

const LivePage = lazy(() => import('./LivePage.tsx').then((m) => ({ default: m.LivePage })));
const IncidentsPage = lazy(() => import('./IncidentsPage.tsx').then((m) => ({ default: m.IncidentsPage })));
const IncidentPage = lazy(() => import('./IncidentPage.tsx').then((m) => ({ default: m.IncidentPage })));

const page = (node: ReactNode) => <Suspense fallback={<FullPageStatus />}>{node}</Suspense>;
const liveRoles = ['admin', 'operator', 'leader'] as const;

export const liveWebModule: WebModule = {
  id: 'live',
  nav: [
    { labelKey: 'live.nav', to: '/live', roles: liveRoles, testId: 'nav-live' },
    { labelKey: 'live.incidentsNav', to: '/incidents', testId: 'nav-incidents' },
  ],
  routes: [
    { path: '/live', element: page(<LivePage />), roles: liveRoles },
    { path: '/incidents', element: page(<IncidentsPage />) },
    { path: '/incidents/:id', element: page(<IncidentPage />) },
  ],
};
