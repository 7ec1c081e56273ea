// Citizens' feedback in the browser: public pages for citizens (report, track, map) and the
// staff inbox, report detail and leader statistics.
import type { WebModule } from '../../app/web-module.ts';
import { DetailPage } from './DetailPage.tsx';
import { InboxPage } from './InboxPage.tsx';
import { PublicMapPage } from './PublicMapPage.tsx';
import { ReportPage } from './ReportPage.tsx';
import { StatsPage } from './StatsPage.tsx';
import { TrackPage } from './TrackPage.tsx';

export const feedbackWebModule: WebModule = {
  id: 'feedback',
  nav: [{ labelKey: 'feedback.nav', to: '/feedback', testId: 'nav-feedback' }],
  routes: [
    { path: '/feedback', element: <InboxPage /> },
    { path: '/feedback/stats', element: <StatsPage /> },
    { path: '/feedback/:id', element: <DetailPage /> },
  ],
  publicRoutes: [
    { path: '/phan-anh', element: <ReportPage /> },
    { path: '/report', element: <ReportPage /> },
    { path: '/phan-anh/ban-do', element: <PublicMapPage /> },
    { path: '/phan-anh/:code', element: <TrackPage /> },
  ],
};
