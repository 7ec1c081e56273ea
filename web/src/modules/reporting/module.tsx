// Periodic reports (server module reporting): forms and entry, approvals, completeness,
// consolidated reports and the socio-economic analysis.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';
import { PAGE_PATTERNS } from '../../../../shared/routes.ts';

const FormsPage = lazyPage(() => import('./FormsPage.tsx'), 'FormsPage');
const EntryPage = lazyPage(() => import('./EntryPage.tsx'), 'EntryPage');
const SubmissionPage = lazyPage(() => import('./SubmissionPage.tsx'), 'SubmissionPage');
const ApprovalsPage = lazyPage(() => import('./ApprovalsPage.tsx'), 'ApprovalsPage');
const CompletenessPage = lazyPage(() => import('./CompletenessPage.tsx'), 'CompletenessPage');
const ReportsPage = lazyPage(() => import('./ReportsPage.tsx'), 'ReportsPage');
const RunPage = lazyPage(() => import('./RunPage.tsx'), 'RunPage');
const AnalysisPage = lazyPage(() => import('./AnalysisPage.tsx'), 'AnalysisPage');

export const reportingWebModule: WebModule = {
  id: 'reporting',
  nav: [{ labelKey: 'reporting.navTop', to: '/reporting', testId: 'nav-reporting' }],
  routes: [
    { path: '/reporting', element: <FormsPage /> },
    { path: '/reporting/entry', element: <EntryPage /> },
    { path: PAGE_PATTERNS.reportingSubmission, element: <SubmissionPage /> },
    { path: '/reporting/approvals', element: <ApprovalsPage /> },
    { path: '/reporting/completeness', element: <CompletenessPage /> },
    { path: '/reporting/reports', element: <ReportsPage /> },
    { path: PAGE_PATTERNS.reportingRun, element: <RunPage /> },
    { path: '/reporting/analysis', element: <AnalysisPage /> },
  ],
};
