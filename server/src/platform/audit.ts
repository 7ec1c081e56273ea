// The audit port every module writes to; the audit module implements it (modules/audit).
// Declared here so that the platform's context does not import a module.
import type { Actor } from './actor.ts';

export interface AuditEvent {
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  /** Records an action by `actor` (the override names another account, e.g. at sign-in). */
  record(actor: Actor, event: AuditEvent, actorOverride?: { id: number | null; name: string }): Promise<void>;
}
