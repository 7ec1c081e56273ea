import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { toCsv } from '../../platform/csv.ts';
import { fileResponse } from '../../../../shared/contracts/schema.ts';
import { AuditListSchema, PersonalReadsSchema } from '../../../../shared/contracts/audit.ts';
import type { AppContext } from '../../platform/context.ts';
import { readModuleSettings } from '../../config.ts';
import type { AuditService } from './audit.service.ts';

/** Filters of the audit log (list and CSV export). */
const AuditFilter = {
  action: Type.Optional(Type.String({ description: 'an action, or a kind of actions ending in * (incident.*)' })),
  actor: Type.Optional(Type.String({ description: 'username' })),
  targetType: Type.Optional(Type.String()),
  targetId: Type.Optional(Type.String()),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'at or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'before' })),
};

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
          ...AuditFilter,
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

  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/audit.csv',
    {
      config: { access: access.roles('admin') },
      schema: {
        tags: ['audit'],
        summary: 'The audit log with the same filters as CSV (UTF-8 with BOM, at most 10,000 entries, newest first; admin only); the export is itself audited',
        querystring: Type.Object(AuditFilter),
        response: { 200: fileResponse('Audit log as CSV', ['text/csv']) },
      },
    },
    async (req, reply) => {
      const rows = await audit.list({ ...req.query, limit: 10_000 });
      await audit.record(actorOf(req), { action: 'audit.export', targetType: 'audit', details: { ...req.query, count: rows.length } });
      const csv = toCsv([
        ['id', 'at', 'actor', 'action', 'target_type', 'target_id', 'ip', 'details'],
        ...rows.map((r) => [Number(r.id), r.at, r.actor, r.action, r.target_type, r.target_id, r.ip, r.details]),
      ], { bom: true });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"').send(csv);
    },
  );
}
