import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access } from '../../platform/http/access.ts';
import { AuditListSchema } from '../../../../shared/contracts/audit.ts';
import type { AuditService } from './audit.service.ts';

export function auditRoutes(app: FastifyInstance, audit: AuditService): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/audit',
    {
      config: { access: access.roles('admin') },
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first (admin only)',
        querystring: Type.Object({
          action: Type.Optional(Type.String()),
          actor: Type.Optional(Type.String()),
          targetType: Type.Optional(Type.String()),
          targetId: Type.Optional(Type.String()),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: AuditListSchema },
      },
    },
    async (req) => {
      const rows = await audit.list(req.query);
      return {
        entries: rows.map((r) => ({
          id: Number(r.id),
          at: r.at.toISOString(),
          actor: r.actor,
          actorId: r.actor_id,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          details: r.details as Record<string, unknown>,
          ip: r.ip,
        })),
      };
    },
  );
}
