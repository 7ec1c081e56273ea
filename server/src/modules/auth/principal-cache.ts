// Last known principal per credential, so signed-in callers (devices sending readings, the
// operator reading ingest-status) keep working while PostgreSQL restarts. Read ONLY when the
// database lookup fails with a connection error: with the database up, every request is
// checked against `credentials`, so revocation and disabling act at once.
import type { Principal } from '../../platform/http/access.ts';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export const PRINCIPAL_CACHE_MAX_ENTRIES = 10_000;
export const PRINCIPAL_CACHE_MAX_AGE_MS = 10 * 60_000;

/** Bounded LRU: credential hash → principal and when the database last confirmed it. */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: UserPrincipal; confirmedAt: number }>();

  constructor(
    readonly maxEntries = PRINCIPAL_CACHE_MAX_ENTRIES,
    readonly maxAgeMs = PRINCIPAL_CACHE_MAX_AGE_MS,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** After a successful database lookup. */
  remember(hash: string, principal: UserPrincipal, now: Date): void {
    // Delete first so the Map's insertion order is the recency order.
    this.entries.delete(hash);
    this.entries.set(hash, { principal, confirmedAt: now.getTime() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** While the database is unreachable: the principal if confirmed less than maxAgeMs ago. */
  recall(hash: string, now: Date): UserPrincipal | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (now.getTime() - e.confirmedAt >= this.maxAgeMs) {
      this.entries.delete(hash);
      return undefined;
    }
    return e.principal;
  }

  /** The database said no (unknown, expired, revoked, user disabled): never use it in an outage either. */
  forget(hash: string): void {
    this.entries.delete(hash);
  }

  /** A credential revoked or a user disabled through this server: drop it at once. */
  forgetWhere(match: (p: UserPrincipal) => boolean): void {
    for (const [hash, e] of this.entries) if (match(e.principal)) this.entries.delete(hash);
  }
}
