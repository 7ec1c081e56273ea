// Who acts: the caller of a request, or the system (schedulers, start-up, background jobs).
// Services take an Actor, never a Fastify request, so the same rule runs for an HTTP call,
// an MQTT message, a CLI command or a scheduled job.
import type { AccountRole } from '../../../shared/contracts/roles.ts';

export interface AuthenticatedUser {
  id: number;
  username: string;
  role: AccountRole;
  unitId: number | null;
  /** Areas the account is bound to (officers: their wards); empty for roles that see everything. */
  areaIds: readonly number[];
}

export interface Actor {
  kind: 'user' | 'anonymous' | 'system';
  /** The signed-in account (kind 'user'), else null. */
  user: AuthenticatedUser | null;
  /** The caller's address as seen by the server, or null for the system. */
  ip: string | null;
  /** The credential (session or API token) the user acts with, when known: kept when they change their own password. */
  credentialId?: number;
}

/** The system itself: start-up, schedulers, background jobs. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system', user: null, ip: null });

/** The actor of a user acting outside a request (CLI, scheduled work on their behalf). */
export const userActor = (user: AuthenticatedUser, ip: string | null = null): Actor => ({ kind: 'user', user, ip });
