// Administration (server modules auth and audit): accounts with their roles, units and areas,
// API tokens, and the audit log with its CSV export. Admins only.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const AdminPage = lazyPage(() => import('./AdminPage.tsx'), 'AdminPage');

export const adminWebModule: WebModule = {
  id: 'admin',
  nav: [{ labelKey: 'admin.nav', to: '/admin', roles: ['admin'], testId: 'nav-admin' }],
  routes: [{ path: '/admin', element: <AdminPage />, roles: ['admin'] }],
};
