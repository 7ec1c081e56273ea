// Web module of the KPIs and dashboards (server module kpis): /dashboards, the wall screen
// /wall, the leader's phone view /m and the user's notifications /notifications (NotificationBell
// is the top bar's entry to it). Pages load lazily so the rest of the client stays light.
import { lazy, Suspense, type ReactNode } from 'react';
import type { WebModule } from '../../app/web-module.ts';
import { FullPageStatus } from '../../app/FullPageStatus.tsx';
import { RequireAuth } from '../auth/RequireAuth.tsx';

const DashboardPage = lazy(() => import('./DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
const WallPage = lazy(() => import('./WallPage.tsx').then((m) => ({ default: m.WallPage })));
const NotificationsPage = lazy(() => import('./NotificationsPage.tsx').then((m) => ({ default: m.NotificationsPage })));
const PhonePage = lazy(() => import('./PhonePage.tsx').then((m) => ({ default: m.PhonePage })));

const page = (node: ReactNode) => <Suspense fallback={<FullPageStatus />}>{node}</Suspense>;

export const dashboardsModule: WebModule = {
  id: 'dashboards',
  nav: [{ labelKey: 'dashboards.nav', to: '/dashboards', testId: 'nav-dashboards' }],
  routes: [
    { path: '/dashboards', element: page(<DashboardPage />) },
    { path: '/dashboards/:id', element: page(<DashboardPage />) },
    // The user's notifications and preferences (alerts delivered by the notifications module).
    { path: '/notifications', element: page(<NotificationsPage />) },
  ],
  publicRoutes: [
    // Outside the shell, but signed in: the wall for the operations room, the phone for leaders.
    { path: '/wall', element: <RequireAuth roles={['leader', 'operator', 'admin']}>{page(<WallPage />)}</RequireAuth> },
    { path: '/m', element: <RequireAuth>{page(<PhonePage />)}</RequireAuth> },
  ],
};
