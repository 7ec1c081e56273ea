// The data hub in the browser: catalogue, table view, record detail (the import wizard at
// /data/:datasetId/import belongs to the imports module).
import type { WebModule } from '../../app/web-module.ts';
import { CataloguePage } from './CataloguePage.tsx';
import { DatasetPage } from './DatasetPage.tsx';
import { RecordPage } from './RecordPage.tsx';

export const datasetsWebModule: WebModule = {
  id: 'datasets',
  nav: [{ labelKey: 'datasets.nav', to: '/data', testId: 'nav-data' }],
  routes: [
    { path: '/data', element: <CataloguePage /> },
    { path: '/data/:datasetId', element: <DatasetPage /> },
    { path: '/data/:datasetId/records/:recordId', element: <RecordPage /> },
  ],
};
