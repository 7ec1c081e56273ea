// The import wizard (server module: imports). The datasets module links to these routes.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const ImportWizardPage = lazyPage(() => import('./ImportWizard.tsx'), 'ImportWizardPage');

const importers = ['admin', 'operator', 'officer'] as const;

export const importsWebModule: WebModule = {
  id: 'imports',
  routes: [
    { path: '/data/:datasetId/import', element: <ImportWizardPage />, roles: importers },
    { path: '/data/:datasetId/import/:jobId', element: <ImportWizardPage />, roles: importers },
  ],
};
