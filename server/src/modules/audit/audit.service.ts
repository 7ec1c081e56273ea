// The audit log: who did what, when, from where. Later modules also record here every
// read of personal data.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { auditRepository, type AuditQuery } from './audit.repository.ts';

import type { AuditLog } from '../../platform/audit.ts';
import { PERSONAL_READ_ACTIONS, type PersonalReads } from '../../../../shared/contracts/audit.ts';

export type { AuditEvent } from '../../platform/audit.ts';

export interface AuditService extends AuditLog {
  list(q: AuditQuery): ReturnType<ReturnType<typeof auditRepository>['list']>;
  personalReads(opts: { days: number; now: Date; minItems: number; factor: number }): Promise<PersonalReads>;
}

const BASELINE_DAYS = 30;
const DAY_MS = 86_400_000;
const hcmDay = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return 0;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
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

    /**
     * Who read how much personal data per day, and which days stand out: a possible breach (a
     * stolen account, an insider exporting a register) shows as an account reading far more than
     * its usual day. The usual day is the median of the account's daily items over the 30 days
     * before (days without reads count as 0).
     */
    async personalReads({ days, now, minItems, factor }) {
      const from = new Date(now.getTime() - (days + BASELINE_DAYS) * DAY_MS);
      const rows = await repo.personalReadsByDay(PERSONAL_READ_ACTIONS, from);
      const byActor = new Map<string, Map<string, { items: number; reads: number }>>();
      for (const r of rows) {
        const m = byActor.get(r.actor) ?? new Map<string, { items: number; reads: number }>();
        m.set(r.day, { items: r.items, reads: r.reads });
        byActor.set(r.actor, m);
      }
      const out: PersonalReads['days'] = [];
      for (let i = days - 1; i >= 0; i--) {
        const dayDate = new Date(now.getTime() - i * DAY_MS);
        const day = hcmDay(dayDate);
        for (const [actor, m] of byActor) {
          const today = m.get(day);
          if (!today) continue;
          const before = Array.from({ length: BASELINE_DAYS }, (_, k) => m.get(hcmDay(new Date(dayDate.getTime() - (k + 1) * DAY_MS)))?.items ?? 0);
          const usual = median(before);
          out.push({ actor, day, items: today.items, reads: today.reads, usual, unusual: today.items >= Math.max(minItems, factor * usual) });
        }
      }
      out.sort((a, b) => (a.day === b.day ? b.items - a.items : a.day < b.day ? 1 : -1));
      return { minItems, factor, days: out };
    },
  };
}
