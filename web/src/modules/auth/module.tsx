// The signed-in user's own account (server module auth): password and second factor. Reached
// from the user menu, for every staff role.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const AccountPage = lazyPage(() => import('./AccountPage.tsx'), 'AccountPage');

export const accountWebModule: WebModule = {
  id: 'account',
  routes: [{ path: '/account', element: <AccountPage /> }],
};
