// Audit module: the append-only record of who did what.
import type { ServerModule } from '../../platform/context.ts';
import { auditRoutes } from './audit.routes.ts';
import type { AuditService } from './audit.service.ts';

export { auditRetentionPolicies } from './audit.retention.ts';
export { createAuditLog, type AuditService, type AuditEvent } from './audit.service.ts';

export const auditModule: ServerModule<{ audit: AuditService }> = { name: 'audit', routes: (app, ctx, { audit }) => auditRoutes(app, ctx, audit) };
