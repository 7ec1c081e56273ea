// Web module of the alert administration (server modules alerts and cap): alert rules
// /alert-rules (admins write, operators and leaders read) and webhooks /webhooks (admins).
// No top-bar link: the pages are reached from the live screen.
import { lazy, Suspense, type ReactNode } from 'react';
import type { WebModule } from '../../app/web-module.ts';
import { FullPageStatus } from '../../app/FullPageStatus.tsx';

const AlertRulesPage = lazy(() => import('./AlertRulesPage.tsx').then((m) => ({ default: m.AlertRulesPage })));
const WebhooksPage = lazy(() => import('./WebhooksPage.tsx').then((m) => ({ default: m.WebhooksPage })));

const page = (node: ReactNode) => <Suspense fallback={<FullPageStatus />}>{node}</Suspense>;

export const alertsWebModule: WebModule = {
  id: 'alerts',
  routes: [
    // Same roles as GET /api/alert-rules and /api/webhooks.
    { path: '/alert-rules', element: page(<AlertRulesPage />), roles: ['admin', 'operator', 'leader'] },
    { path: '/webhooks', element: page(<WebhooksPage />), roles: ['admin'] },
  ],
};
