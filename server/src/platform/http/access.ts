// Who may call a route. Every route declares `config.access`; a route without one makes
// the server refuse to start (see registerAccessControl), so nothing is open by accident.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountRole } from '../../../../shared/contracts/roles.ts';
import { HttpError } from './errors.ts';
import { SYSTEM_ACTOR, type Actor, type AuthenticatedUser } from '../actor.ts';

export type Access = { kind: 'public' } | { kind: 'files' } | { kind: 'roles'; roles: readonly AccountRole[] };

export const access = {
  /** Anyone, including the anonymous public. */
  public: { kind: 'public' } as Access,
  /**
   * The web client's files (its page, scripts, styles): anyone, and the caller is not looked up.
   * Looking up the session needs the database, and on the embedded engine (one session) a long
   * query — a first data-quality report, an import — made every page and script wait behind it.
   */
  files: { kind: 'files' } as Access,
  /** Staff accounts: admin, leader, operator, officer. */
  staff: { kind: 'roles', roles: ['admin', 'leader', 'operator', 'officer'] } as Access,
  /** Any signed-in account, devices included. */
  authenticated: { kind: 'roles', roles: ['admin', 'leader', 'operator', 'officer', 'device'] } as Access,
  roles: (...roles: AccountRole[]): Access => ({ kind: 'roles', roles }),
};

export type { AuthenticatedUser } from '../actor.ts';

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      user: AuthenticatedUser;
      credentialId: number;
      credentialKind: 'session' | 'api';
      scope: 'read' | 'full';
      /** The account must turn a second factor on first: only routes marked `enrolment` answer. */
      secondFactorMissing?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * The route serves an account that must first turn its second factor on (who am I, sign
     * out, the second factor's own routes, the password): every other one answers 403
     * `second_factor_required` to such a session.
     */
    enrolment?: boolean;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

/** Routes added by third-party plugins that we do not declare ourselves (the API docs UI). */
const THIRD_PARTY_PUBLIC_PREFIXES = ['/api/docs'];

export interface RouteAccessEntry {
  method: string;
  url: string;
  access: Access | undefined;
}

export function registerAccessControl(
  app: FastifyInstance,
  resolvePrincipal: (req: FastifyRequest) => Promise<Principal>,
): RouteAccessEntry[] {
  const table: RouteAccessEntry[] = [];
  app.decorateRequest('principal', null as never);

  app.addHook('onRoute', (route) => {
    if (!route.config?.access && THIRD_PARTY_PUBLIC_PREFIXES.some((p) => route.url.startsWith(p))) {
      route.config = { ...route.config, access: access.public };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) table.push({ method, url: route.url, access: route.config?.access });
    if (!route.config?.access) {
      throw new Error(`route ${methods.join(',')} ${route.url} does not declare who may call it (config.access)`);
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const rule = req.routeOptions.config?.access;
    if (rule?.kind === 'files') {
      req.principal = { kind: 'anonymous' };
      return;
    }
    req.principal = await resolvePrincipal(req);
    if (!rule) {
      // Unknown URL (404 handler) or a route that slipped through: never grant anything.
      return;
    }
    if (rule.kind === 'public') return;
    if (req.principal.kind === 'anonymous') throw new HttpError(401, 'unauthorized', 'sign in or send a Bearer token');
    if (!rule.roles.includes(req.principal.user.role)) {
      throw new HttpError(403, 'forbidden', `this action needs one of the roles: ${rule.roles.join(', ')}`);
    }
    if (req.principal.secondFactorMissing && !req.routeOptions.config?.enrolment) {
      throw new HttpError(403, 'second_factor_required', 'this account must turn on two-step verification first (/account)');
    }
    // A read-only token reads; it never changes anything, whatever its account's role allows.
    if (req.principal.scope === 'read' && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      throw new HttpError(403, 'insufficient_scope', 'this API token is read-only');
    }
  });
  return table;
}

export function currentUser(req: FastifyRequest): AuthenticatedUser {
  if (req.principal?.kind !== 'user') throw new HttpError(401, 'unauthorized', 'sign in or send a Bearer token');
  return req.principal.user;
}

/** The actor of a request: its signed-in account or the anonymous public, and its address. */
export function actorOf(req: FastifyRequest | null): Actor {
  if (!req) return SYSTEM_ACTOR;
  const p = req.principal;
  return p?.kind === 'user' ? { kind: 'user', user: p.user, ip: req.ip, credentialId: p.credentialId } : { kind: 'anonymous', user: null, ip: req.ip };
}
