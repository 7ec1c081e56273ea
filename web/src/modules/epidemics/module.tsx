// Epidemic control (server module epidemics): the dashboard with levels, case and contact entry,
// chains, the map and the supervisor's day for staff; the public check of a green certificate.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const EpidemicsPage = lazyPage(() => import('./EpidemicsPage.tsx'), 'EpidemicsPage');
const PublicCertificatePage = lazyPage(() => import('./PublicCertificatePage.tsx'), 'PublicCertificatePage');

export const epidemicsWebModule: WebModule = {
  id: 'epidemics',
  nav: [{ labelKey: 'epidemics.nav', to: '/epidemics', testId: 'nav-epidemics' }],
  routes: [{ path: '/epidemics', element: <EpidemicsPage /> }],
  publicRoutes: [{ path: '/xac-minh-xanh/:token', element: <PublicCertificatePage /> }],
};
