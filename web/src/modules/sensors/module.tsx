// Web module of the sensors (server module sensors): the sensor list /sensors, a sensor's
// page with its time-series chart /sensors/:sensorId, and the ingest status /sensors/ingest.
import { lazy, Suspense, type ReactNode } from 'react';
import type { WebModule } from '../../app/web-module.ts';
import { FullPageStatus } from '../../app/FullPageStatus.tsx';

const SensorListPage = lazy(() => import('./SensorListPage.tsx').then((m) => ({ default: m.SensorListPage })));
const SensorDetailPage = lazy(() => import('./SensorDetailPage.tsx').then((m) => ({ default: m.SensorDetailPage })));
const IngestStatusPage = lazy(() => import('./IngestStatusPage.tsx').then((m) => ({ default: m.IngestStatusPage })));

const page = (node: ReactNode) => <Suspense fallback={<FullPageStatus />}>{node}</Suspense>;

export const sensorsWebModule: WebModule = {
  id: 'sensors',
  nav: [{ labelKey: 'sensors.nav', to: '/sensors', testId: 'nav-sensors' }],
  routes: [
    { path: '/sensors', element: page(<SensorListPage />) },
    { path: '/sensors/ingest', element: page(<IngestStatusPage />), roles: ['admin', 'operator'] },
    { path: '/sensors/:sensorId', element: page(<SensorDetailPage />) },
  ],
};
