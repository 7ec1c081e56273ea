// The composition root: every service is built here, once per application, and handed to the
// modules that need it (their routes, prepare and start hooks receive `Services`). Nothing
// else constructs a service, so there is one cache, one queue and one runtime of each, and a
// service's dependencies are visible in its factory's signature instead of looked up inside it.
// Order matters only where a service takes another one as a dependency.
import type { AppContext } from './platform/context.ts';
import { RetentionRegistry } from './platform/retention.ts';
import { auditRetentionPolicies, type AuditService } from './modules/audit/index.ts';
import { createAuthService } from './modules/auth/index.ts';
import { createAreasService } from './modules/areas/index.ts';
import { createDatasetsService } from './modules/datasets/index.ts';
import { createSensorsRuntime, createSensorsService } from './modules/sensors/index.ts';
import { createImportsService, ImportQueue, importsRetentionPolicies } from './modules/imports/index.ts';
import { createOgcService } from './modules/ogc/index.ts';
import { createTilesService } from './modules/tiles/index.ts';
import { createSpatialService } from './modules/spatial/index.ts';
import { createKpisService } from './modules/kpis/index.ts';
import { createAlertsService } from './modules/alerts/index.ts';
import { createIncidentsService } from './modules/incidents/index.ts';
import { createLiveHub } from './modules/live/index.ts';
import { createCapService, createWebhooks } from './modules/cap/index.ts';
import { createFeedbackService, feedbackRetentionPolicies } from './modules/feedback/index.ts';
import { createNotificationsService } from './modules/notifications/index.ts';
import { createOpen311Service } from './modules/open311/index.ts';
import { createPrivacyService } from './modules/privacy/index.ts';
import { createDocumentsService } from './modules/documents/index.ts';
import { createTasksService } from './modules/tasks/index.ts';
import { createProceduresService } from './modules/procedures/index.ts';
import { createReportingService, createReportsService } from './modules/reporting/index.ts';
import { createEpidemicsService, epidemicsRetentionPolicies } from './modules/epidemics/index.ts';

export function composeServices(ctx: AppContext, audit: AuditService) {
  const auth = createAuthService(ctx);
  const areas = createAreasService(ctx);
  const datasets = createDatasetsService(ctx);
  const sensorsRuntime = createSensorsRuntime(ctx);
  const sensors = createSensorsService(ctx, sensorsRuntime);
  const importQueue = new ImportQueue(ctx);
  const imports = createImportsService(ctx, { datasets, queue: importQueue });
  const ogc = createOgcService(ctx);
  const tiles = createTilesService(ctx);
  const spatial = createSpatialService(ctx);
  const kpis = createKpisService(ctx);
  const alerts = createAlertsService(ctx);
  const incidents = createIncidentsService(ctx, { alerts });
  const live = createLiveHub(ctx);
  const cap = createCapService(ctx, { alerts });
  const webhooks = createWebhooks(ctx, cap);
  const feedback = createFeedbackService(ctx, { areas });
  const open311 = createOpen311Service(ctx, { feedback });
  const privacy = createPrivacyService(ctx, { datasets, feedback });
  const notifications = createNotificationsService(ctx, { alerts });
  const documents = createDocumentsService(ctx);
  const tasks = createTasksService(ctx, { notifications });
  const procedures = createProceduresService(ctx);
  const reporting = createReportingService(ctx, { notifications });
  const reports = createReportsService(ctx, { reporting, notifications });
  const epidemics = createEpidemicsService(ctx, { alerts });
  // Each module declares how long its personal data lives; the retention module applies them.
  const retention = new RetentionRegistry();
  retention.register(...importsRetentionPolicies(ctx), ...feedbackRetentionPolicies(ctx), ...auditRetentionPolicies(ctx), ...epidemicsRetentionPolicies(ctx));
  return {
    audit, retention, auth, areas, datasets, sensorsRuntime, sensors, importQueue, imports, ogc, tiles, spatial, kpis,
    alerts, incidents, live, cap, webhooks, feedback, open311, privacy, notifications, documents, tasks, procedures, reporting, reports, epidemics,
  };
}

export type Services = ReturnType<typeof composeServices>;
