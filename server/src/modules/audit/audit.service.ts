// The audit log: who did what, when, from where. Later modules also record here every
// read of personal data.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { auditRepository, type AuditQuery } from './audit.repository.ts';

import type { AuditLog } from '../../platform/audit.ts';

export type { AuditEvent } from '../../platform/audit.ts';

export interface AuditService extends AuditLog {
  list(q: AuditQuery): ReturnType<ReturnType<typeof auditRepository>['list']>;
}

export function createAuditLog(db: Kysely<DB>): AuditService {
  const repo = auditRepository(db);
  return {
    async record(by, event, actorOverride) {
      const actor = actorOverride ?? (by.user ? { id: by.user.id, name: by.user.username } : { id: null, name: by.kind });
      await repo.insert({
        actorId: actor.id,
        actor: actor.name,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        details: event.details,
        ip: by.ip ?? undefined,
      });
    },
    list: (q) => repo.list(q),
  };
}
