// Administrative procedures and public services: the 766 index with drill-down, the watch list
// and the officials' ranking for staff; dossier lookup and rating, the procedure list and the
// wards' scorecards for the public (/thu-tuc, no login).
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';
import { PAGE_PATTERNS } from '../../../../shared/routes.ts';

const IndexPage = lazyPage(() => import('./IndexPage.tsx'), 'IndexPage');
const WatchPage = lazyPage(() => import('./WatchPage.tsx'), 'WatchPage');
const DossiersPage = lazyPage(() => import('./DossiersPage.tsx'), 'DossiersPage');
const OfficialsPage = lazyPage(() => import('./OfficialsPage.tsx'), 'OfficialsPage');
const PublicHomePage = lazyPage(() => import('./PublicHomePage.tsx'), 'PublicHomePage');
const PublicDossierPage = lazyPage(() => import('./PublicDossierPage.tsx'), 'PublicDossierPage');
const PublicScorecardPage = lazyPage(() => import('./PublicScorecardPage.tsx'), 'PublicScorecardPage');

export const proceduresWebModule: WebModule = {
  id: 'procedures',
  nav: [{ labelKey: 'procedures.nav', to: '/procedures', testId: 'nav-procedures' }],
  routes: [
    { path: '/procedures', element: <IndexPage /> },
    { path: '/procedures/watch', element: <WatchPage /> },
    { path: PAGE_PATTERNS.procedureDossiers, element: <DossiersPage /> },
    { path: PAGE_PATTERNS.procedureDossier, element: <DossiersPage /> },
    { path: '/procedures/officials', element: <OfficialsPage />, roles: ['admin', 'leader'] },
  ],
  publicRoutes: [
    { path: '/thu-tuc', element: <PublicHomePage /> },
    { path: '/thu-tuc/ho-so/:code', element: <PublicDossierPage /> },
    { path: '/thu-tuc/bang-diem', element: <PublicScorecardPage /> },
  ],
};
