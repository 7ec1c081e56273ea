// Web module of the KPIs and dashboards (server module kpis): /dashboards, the wall screen
// /wall, the leader's phone view /m and the user's notifications /notifications (NotificationBell
// is the top bar's entry to it). Pages load lazily so the rest of the client stays light.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';
import { RequireAuth } from '../auth/RequireAuth.tsx';

const DashboardPage = lazyPage(() => import('./DashboardPage.tsx'), 'DashboardPage');
const WallPage = lazyPage(() => import('./WallPage.tsx'), 'WallPage');
const NotificationsPage = lazyPage(() => import('./NotificationsPage.tsx'), 'NotificationsPage');
const PhonePage = lazyPage(() => import('./PhonePage.tsx'), 'PhonePage');

export const dashboardsModule: WebModule = {
  id: 'dashboards',
  nav: [{ labelKey: 'dashboards.nav', to: '/dashboards', testId: 'nav-dashboards' }],
  routes: [
    { path: '/dashboards', element: <DashboardPage /> },
    { path: '/dashboards/:id', element: <DashboardPage /> },
    // The user's notifications and preferences (alerts delivered by the notifications module).
    { path: '/notifications', element: <NotificationsPage /> },
  ],
  publicRoutes: [
    // Outside the shell, but signed in: the wall for the operations room, the phone for leaders.
    { path: '/wall', element: <RequireAuth roles={['leader', 'operator', 'admin']}><WallPage /></RequireAuth> },
    { path: '/m', element: <RequireAuth><PhonePage /></RequireAuth> },
  ],
};
