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
import { authRepository } from './auth.repository.ts';
export { createAuthService, SESSION_COOKIE, type AuthService } from './auth.service.ts';
export { authRoutes } from './auth.routes.ts';
export { seedDemoAccounts, assertNoDemoPasswords, DEMO_ACCOUNTS } from './demo-accounts.ts';
export { DEMO_PASSWORD, passwordProblem } from './passwords.ts';
export { tokenHash } from './tokens.ts';

/**
 * The role behind an active credential (not revoked, not expired, account enabled) by its hash,
 * or null: the same look-up as the API's Bearer tokens, for devices signing in over MQTT.
 */
export const activeCredentialRole = async (db: Parameters<typeof authRepository>[0], hash: string, now: Date): Promise<string | null> =>
  (await authRepository(db).findActiveCredential(hash, now))?.role ?? null;

/** The account behind an active credential (username and role), or null: who a device is. */
export const activeCredentialAccount = async (db: Parameters<typeof authRepository>[0], hash: string, now: Date): Promise<{ username: string; role: string } | null> => {
  const c = await authRepository(db).findActiveCredential(hash, now);
  return c ? { username: c.username, role: c.role } : null;
};

/**
 * Units other modules name (the owners of built-in datasets): created when missing, existing
 * ones left as they are. `db` may be the caller's transaction, so the units commit with its writes.
 */
export const ensureUnits = (db: Parameters<typeof authRepository>[0], units: readonly { code: string; nameVi: string; nameEn: string }[]): Promise<void> =>
  authRepository(db).ensureUnits(units);
