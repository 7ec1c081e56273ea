// Audit module: the append-only record of who did what.
import type { ServerModule } from '../../platform/context.ts';
import { auditRoutes } from './audit.routes.ts';

export { createAuditLog, type AuditLog, type AuditEvent } from './audit.service.ts';

export const auditModule: ServerModule = { name: 'audit', routes: auditRoutes };
