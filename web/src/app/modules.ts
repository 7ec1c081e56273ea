// Every web module, in top-bar order. A new module is one folder and one line here.
import type { WebModule } from './web-module.ts';
import { datasetsWebModule } from '../modules/datasets/module.tsx';
import { importsWebModule } from '../modules/imports/module.tsx';
import { sensorsWebModule } from '../modules/sensors/module.tsx';
import { dashboardsModule } from '../modules/dashboards/module.tsx';
import { feedbackWebModule } from '../modules/feedback/module.tsx';
import { liveWebModule } from '../modules/live/module.tsx';
import { alertsWebModule } from '../modules/alerts/module.tsx';

export const WEB_MODULES: readonly WebModule[] = [
  datasetsWebModule,
  importsWebModule,
  sensorsWebModule,
  dashboardsModule,
  feedbackWebModule,
  liveWebModule,
  alertsWebModule,
];
