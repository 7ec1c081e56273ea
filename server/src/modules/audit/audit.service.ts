// The audit log: who did what, when, from where. Later modules also record here every
// read of personal data.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { auditRepository, type AuditQuery } from './audit.repository.ts';

export interface AuditEvent {
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  /** Records an action by the caller of `req` (or the system when there is no request). */
  record(req: FastifyRequest | null, event: AuditEvent, actorOverride?: { id: number | null; name: string }): Promise<void>;
  list(q: AuditQuery): ReturnType<ReturnType<typeof auditRepository>['list']>;
}

export function createAuditLog(db: Kysely<DB>): AuditLog {
  const repo = auditRepository(db);
  return {
    async record(req, event, actorOverride) {
      const principal = req?.principal;
      const actor =
        actorOverride ??
        (principal?.kind === 'user'
          ? { id: principal.user.id, name: principal.user.username }
          : { id: null, name: req ? 'anonymous' : 'system' });
      await repo.insert({
        actorId: actor.id,
        actor: actor.name,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        details: event.details,
        ip: req?.ip,
      });
    },
    list: (q) => repo.list(q),
  };
}
