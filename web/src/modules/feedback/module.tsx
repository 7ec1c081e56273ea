// Citizens' feedback in the browser: public pages for citizens (report, track, map) and the
// staff inbox, report detail, leader statistics, routing rules, Open311 keys and the
// call-centre intake (reached from the inbox: no top-bar item of their own).
import type { WebModule } from '../../app/web-module.ts';
import { PAGE_PATTERNS } from '../../../../shared/routes.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const CannedRepliesPage = lazyPage(() => import('./CannedRepliesPage.tsx'), 'CannedRepliesPage');
const CallCentrePage = lazyPage(() => import('./CallCentrePage.tsx'), 'CallCentrePage');
const DetailPage = lazyPage(() => import('./DetailPage.tsx'), 'DetailPage');
const InboxPage = lazyPage(() => import('./InboxPage.tsx'), 'InboxPage');
const Open311KeysPage = lazyPage(() => import('./Open311KeysPage.tsx'), 'Open311KeysPage');
const PublicMapPage = lazyPage(() => import('./PublicMapPage.tsx'), 'PublicMapPage');
const ReportPage = lazyPage(() => import('./ReportPage.tsx'), 'ReportPage');
const RulesPage = lazyPage(() => import('./RulesPage.tsx'), 'RulesPage');
const StatsPage = lazyPage(() => import('./StatsPage.tsx'), 'StatsPage');
const TrackPage = lazyPage(() => import('./TrackPage.tsx'), 'TrackPage');

export const feedbackWebModule: WebModule = {
  id: 'feedback',
  nav: [{ labelKey: 'feedback.nav', to: '/feedback', testId: 'nav-feedback' }],
  routes: [
    { path: PAGE_PATTERNS.feedbackInbox, element: <InboxPage /> },
    { path: '/feedback/stats', element: <StatsPage /> },
    { path: '/feedback/rules', element: <RulesPage /> },
    { path: '/feedback/canned-replies', element: <CannedRepliesPage /> },
    { path: '/feedback/open311-keys', element: <Open311KeysPage />, roles: ['admin'] },
    { path: '/feedback/call', element: <CallCentrePage />, roles: ['admin', 'operator'] },
    { path: PAGE_PATTERNS.feedbackReport, element: <DetailPage /> },
  ],
  publicRoutes: [
    { path: '/phan-anh', element: <ReportPage /> },
    { path: '/report', element: <ReportPage /> },
    { path: '/phan-anh/ban-do', element: <PublicMapPage /> },
    { path: PAGE_PATTERNS.citizenTrack, element: <TrackPage /> },
  ],
};
