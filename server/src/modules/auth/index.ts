// Auth module: accounts, roles, sessions, API tokens, demo accounts.
declare module '../../platform/events.ts' {
  interface AppEvents {
    /**
     * A user's credentials may have stopped being valid (a token revoked, the password changed,
     * the account disabled or its role changed): holders of long-lived connections re-check them.
     */
    'auth.credentials_changed': { userId: number };
  }
}
import type { AppContext } from '../../platform/context.ts';
import { authRepository } from './auth.repository.ts';
import { lacksRequiredSecondFactor, readSecondFactorRoles } from './auth.service.ts';
export { createAuthService, SESSION_COOKIE, type AuthService } from './auth.service.ts';
export { authRoutes } from './auth.routes.ts';
export { seedDemoAccounts, assertNoDemoPasswords, DEMO_ACCOUNTS } from './demo-accounts.ts';
export { DEMO_PASSWORD, passwordProblem } from './passwords.ts';
export { tokenHash } from './tokens.ts';

/**
 * The account behind an active credential (not revoked, not expired, account enabled; not a
 * session that must first turn its second factor on) by its hash, or null: the same look-up as
 * the API's Bearer tokens, for devices signing in over MQTT.
 */
export const activeCredentialAccount = async (ctx: AppContext, hash: string): Promise<{ username: string; role: string } | null> => {
  const c = await authRepository(ctx.db.kysely).findActiveCredential(hash, ctx.clock.now());
  if (!c || lacksRequiredSecondFactor(c, readSecondFactorRoles(ctx))) return null;
  return { username: c.username, role: c.role };
};

/** The role behind an active credential (as `activeCredentialAccount`), or null. */
export const activeCredentialRole = async (ctx: AppContext, hash: string): Promise<string | null> => (await activeCredentialAccount(ctx, hash))?.role ?? null;

/**
 * Units other modules name (the owners of built-in datasets): created when missing, existing
 * ones left as they are. `db` may be the caller's transaction, so the units commit with its writes.
 */
export const ensureUnits = (db: Parameters<typeof authRepository>[0], units: readonly { code: string; nameVi: string; nameEn: string }[]): Promise<void> =>
  authRepository(db).ensureUnits(units);
