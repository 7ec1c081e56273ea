import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access } from '../../platform/http/access.ts';
import { AuditListSchema, PersonalReadsSchema } from '../../../../shared/contracts/audit.ts';
import type { AppContext } from '../../platform/context.ts';
import { readModuleSettings } from '../../config.ts';
import type { AuditService } from './audit.service.ts';

export function auditRoutes(app: FastifyInstance, ctx: AppContext, audit: AuditService): void {
  const settings = readModuleSettings(ctx.config, (env) => ({
    minItems: env.int('AUDIT_UNUSUAL_MIN_ITEMS', 200, 1, 10_000_000),
    factor: env.int('AUDIT_UNUSUAL_FACTOR', 5, 1, 1000),
  }));
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/audit/personal-reads',
    {
      config: { access: access.roles('admin') },
      schema: {
        tags: ['audit'],
        summary: 'Reads of personal data per account and day, with the unusual ones marked (a possible breach; admin only)',
        querystring: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 90, default: 14 }) }),
        response: { 200: PersonalReadsSchema },
      },
    },
    async (req) => audit.personalReads({ days: req.query.days, now: ctx.clock.now(), ...settings }),
  );

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
