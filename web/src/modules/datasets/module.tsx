// The data hub in the browser: catalogue, table view, record detail (the import wizard at
// /data/:datasetId/import belongs to the imports module).
import type { WebModule } from '../../app/web-module.ts';
import { PAGE_PATTERNS } from '../../../../shared/routes.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const CataloguePage = lazyPage(() => import('./CataloguePage.tsx'), 'CataloguePage');
const DatasetPage = lazyPage(() => import('./DatasetPage.tsx'), 'DatasetPage');
const RecordPage = lazyPage(() => import('./RecordPage.tsx'), 'RecordPage');

export const datasetsWebModule: WebModule = {
  id: 'datasets',
  nav: [{ labelKey: 'datasets.nav', to: '/data', testId: 'nav-data' }],
  routes: [
    { path: '/data', element: <CataloguePage /> },
    { path: PAGE_PATTERNS.dataset, element: <DatasetPage /> },
    { path: PAGE_PATTERNS.record, element: <RecordPage /> },
  ],
};
