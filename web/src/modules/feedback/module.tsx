// Citizens' feedback in the browser: public pages for citizens (report, track, map) and the
// staff inbox, report detail, leader statistics, routing rules, Open311 keys and the
// call-centre intake (reached from the inbox: no top-bar item of their own).
import type { WebModule } from '../../app/web-module.ts';
import { CallCentrePage } from './CallCentrePage.tsx';
import { DetailPage } from './DetailPage.tsx';
import { InboxPage } from './InboxPage.tsx';
import { Open311KeysPage } from './Open311KeysPage.tsx';
import { PublicMapPage } from './PublicMapPage.tsx';
import { ReportPage } from './ReportPage.tsx';
import { RulesPage } from './RulesPage.tsx';
import { StatsPage } from './StatsPage.tsx';
import { TrackPage } from './TrackPage.tsx';

export const feedbackWebModule: WebModule = {
  id: 'feedback',
  nav: [{ labelKey: 'feedback.nav', to: '/feedback', testId: 'nav-feedback' }],
  routes: [
    { path: '/feedback', element: <InboxPage /> },
    { path: '/feedback/stats', element: <StatsPage /> },
    { path: '/feedback/rules', element: <RulesPage /> },
    { path: '/feedback/open311-keys', element: <Open311KeysPage />, roles: ['admin'] },
    { path: '/feedback/call', element: <CallCentrePage />, roles: ['admin', 'operator'] },
    { path: '/feedback/:id', element: <DetailPage /> },
  ],
  publicRoutes: [
    { path: '/phan-anh', element: <ReportPage /> },
    { path: '/report', element: <ReportPage /> },
    { path: '/phan-anh/ban-do', element: <PublicMapPage /> },
    { path: '/phan-anh/:code', element: <TrackPage /> },
  ],
};
