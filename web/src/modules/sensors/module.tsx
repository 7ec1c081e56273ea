// Web module of the sensors (server module sensors): the sensor list /sensors, a sensor's
// page with its time-series chart /sensors/:sensorId, and the ingest status /sensors/ingest.
import type { WebModule } from '../../app/web-module.ts';
import { PAGE_PATTERNS } from '../../../../shared/routes.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const SensorListPage = lazyPage(() => import('./SensorListPage.tsx'), 'SensorListPage');
const SensorDetailPage = lazyPage(() => import('./SensorDetailPage.tsx'), 'SensorDetailPage');
const IngestStatusPage = lazyPage(() => import('./IngestStatusPage.tsx'), 'IngestStatusPage');


export const sensorsWebModule: WebModule = {
  id: 'sensors',
  nav: [{ labelKey: 'sensors.nav', to: '/sensors', testId: 'nav-sensors' }],
  routes: [
    { path: '/sensors', element: <SensorListPage /> },
    { path: '/sensors/ingest', element: <IngestStatusPage />, roles: ['admin', 'operator'] },
    { path: PAGE_PATTERNS.sensor, element: <SensorDetailPage /> },
  ],
};
