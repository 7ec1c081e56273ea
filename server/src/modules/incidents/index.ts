// Incidents module: incidents made from alerts or any report, with the standard operating
// procedure (SOP) checklist of their type, assignment to a unit, status and timeline.
import type { Incident } from '../../../../shared/contracts/alerts.ts';
import type { ServerModule } from '../../platform/context.ts';
import { incidentsRoutes } from './incidents.routes.ts';
import { readIncidentSettings, type IncidentsService } from './incidents.service.ts';

export { createIncidentsService, canSeeIncident, toIncident, type IncidentsService } from './incidents.service.ts';

declare module '../../platform/events.ts' {
  interface AppEvents {
    /** An incident was created, changed status, had a step ticked or was otherwise updated. */
    'incident.changed': { change: string; actor: string; incident: Incident };
  }
}

export const incidentsModule: ServerModule<{ incidents: IncidentsService }> = {
  name: 'incidents',
  routes: (app, ctx, { incidents }) => incidentsRoutes(app, incidents, readIncidentSettings(ctx).maxAttachmentBytes),
  async prepare(ctx, _opts, { incidents }) {
    // The SOPs are part of the product, not demo data: seeded in every mode, never overwritten.
    const added = await incidents.seedSops();
    if (added) ctx.log.info({ added }, 'SOP templates created');
  },
};
