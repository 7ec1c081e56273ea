// Personal data (server modules retention and privacy): retention policies and data-subject
// requests of Law 91/2025, for admins.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const PrivacyPage = lazyPage(() => import('./PrivacyPage.tsx'), 'PrivacyPage');

export const privacyWebModule: WebModule = {
  id: 'privacy',
  nav: [{ labelKey: 'privacy.nav', to: '/privacy', roles: ['admin'], testId: 'nav-privacy' }],
  // Same role as GET /api/retention and POST /api/privacy/*.
  routes: [{ path: '/privacy', element: <PrivacyPage />, roles: ['admin'] }],
};
