// Web module of the alert administration (server modules alerts and cap): alert rules
// /alert-rules (admins write, operators and leaders read) and webhooks /webhooks (admins).
// No top-bar link: the pages are reached from the live screen.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const AlertRulesPage = lazyPage(() => import('./AlertRulesPage.tsx'), 'AlertRulesPage');
const WebhooksPage = lazyPage(() => import('./WebhooksPage.tsx'), 'WebhooksPage');


export const alertsWebModule: WebModule = {
  id: 'alerts',
  routes: [
    // Same roles as GET /api/alert-rules and /api/webhooks.
    { path: '/alert-rules', element: <AlertRulesPage />, roles: ['admin', 'operator', 'leader'] },
    { path: '/webhooks', element: <WebhooksPage />, roles: ['admin'] },
  ],
};
