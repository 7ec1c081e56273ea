// Sign-in, sessions, API tokens, accounts and the demo accounts.
import { randomBytes } from 'node:crypto';
import type { AdminUser, CurrentUser, TokenScope } from '../../../../shared/contracts/auth.ts';
import { ACCOUNT_ROLES, type AccountRole } from '../../../../shared/contracts/roles.ts';
import type { AppContext } from '../../platform/context.ts';
import { isConnectionError } from '../../platform/db/connection-errors.ts';
import type { Principal } from '../../platform/http/access.ts';
import { HttpError, badRequest, notFound } from '../../platform/http/errors.ts';
import { authRepository } from './auth.repository.ts';
import { DEMO_PASSWORD, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { PrincipalCache } from './principal-cache.ts';
import { LoginThrottle } from './login-throttle.ts';
import { ConfigError, readModuleSettings } from '../../config.ts';
import { fieldCipherFromConfig, isEncryptedValue, type FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { newTokenSecret, tokenHash } from './tokens.ts';
import { looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, recoveryHash, totpEnrolment, totpStep } from './totp.ts';
import type { Actor, AuthenticatedUser } from '../../platform/actor.ts';

export const SESSION_COOKIE = 'cityops_session';

/** What a caller presents: the `Authorization` header and the session cookie, as sent. */
export interface CallerCredentials {
  authorization?: string | undefined;
  sessionCookie?: string | undefined;
}
const TOUCH_EVERY_MS = 60_000;

export interface NewUser {
  username: string;
  displayName: string;
  role: AccountRole;
  unitCode?: string | undefined;
  areaIds?: number[] | undefined;
  password?: string | undefined;
  /** The account must turn a second factor on before anything else (besides TOTP_REQUIRED_ROLES). */
  requireSecondFactor?: boolean | undefined;
}

export function readLoginSettings(ctx: AppContext) {
  return readModuleSettings(ctx.config, (env) => ({
    maxFailuresPerAccount: env.int('LOGIN_MAX_FAILURES_PER_ACCOUNT', 10, 1, 1000),
    maxFailuresPerAddress: env.int('LOGIN_MAX_FAILURES_PER_ADDRESS', 50, 1, 100_000),
    windowMs: env.int('LOGIN_THROTTLE_MINUTES', 15, 1, 24 * 60) * 60_000,
  }));
}

/** Roles that may be required to use a second factor (devices sign in with tokens only). */
const SECOND_FACTOR_ROLES = ACCOUNT_ROLES.filter((r) => r !== 'device');

/**
 * `TOTP_REQUIRED_ROLES`: roles whose accounts must turn the second factor on before they can
 * do anything else (comma-separated, e.g. `admin,leader`; empty: none). Which roles a city
 * requires is its own policy, so it is configuration; admins also require it per account.
 */
export function readSecondFactorRoles(ctx: AppContext): AccountRole[] {
  return readModuleSettings(ctx.config, (env) => {
    const listed = env.str('TOTP_REQUIRED_ROLES', '').split(',').map((r) => r.trim()).filter(Boolean);
    const unknown = listed.filter((r) => !(SECOND_FACTOR_ROLES as readonly string[]).includes(r));
    if (unknown.length) env.problem(`TOTP_REQUIRED_ROLES may list ${SECOND_FACTOR_ROLES.join(', ')} (got "${unknown.join(', ')}")`);
    return [...new Set(listed.filter((r) => !unknown.includes(r)))] as AccountRole[];
  });
}

/** Whether an account must have a second factor: an admin asked for it, or its role is listed. */
function mustHaveSecondFactor(u: { role: string; second_factor_required: boolean }, roles: readonly AccountRole[]): boolean {
  return u.second_factor_required || (roles as readonly string[]).includes(u.role);
}

/**
 * A sign-in (session) of an account that must have a second factor and has none yet: it may
 * only turn it on. API tokens (issued to programs and devices) are not sign-ins: never held back.
 */
export function lacksRequiredSecondFactor(
  c: { kind: string; role: string; second_factor_required: boolean; second_factor_on: boolean },
  roles: readonly AccountRole[],
): boolean {
  return c.kind === 'session' && !c.second_factor_on && mustHaveSecondFactor(c, roles);
}

export function createAuthService(ctx: AppContext) {
  const repo = authRepository(ctx.db.kysely);
  const principals = new PrincipalCache();
  const throttle = new LoginThrottle(readLoginSettings(ctx));
  const tokenSettings = readModuleSettings(ctx.config, (env) => ({
    defaultDays: env.int('TOKEN_DEFAULT_DAYS', 90, 1, 3650),
    deviceDays: env.int('TOKEN_DEVICE_DAYS', 365, 1, 3650),
    maxDays: env.int('TOKEN_MAX_DAYS', 730, 1, 3650),
  }));
  const secondFactorRoles = readSecondFactorRoles(ctx);
  /**
   * A hash to verify against when the account does not exist or cannot sign in, so that a
   * wrong username costs as much time as a wrong password (no account enumeration by timing).
   */
  let dummyHash: Promise<string> | null = null;
  const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

  // Second-factor secrets are encrypted at rest with the installation's field cipher (a copy of
  // the database must not let anyone make valid codes), bound to their row.
  let cipherCache: FieldCipher | null = null;
  const cipher = () => (cipherCache ??= fieldCipherFromConfig(ctx.config));
  const secretContext = (userId: number) => `user_totp.secret:${userId}`;
  function sealSecret(userId: number, secret: string): string {
    try {
      return cipher().encrypt(secret, secretContext(userId));
    } catch (e) {
      if (e instanceof ConfigError) throw new HttpError(503, 'data_keys_missing', 'the second factor needs the data encryption keys (DATA_KEYS) to be configured');
      throw e;
    }
  }
  /** The secret of a stored row (values stored in clear by older versions are read as they are). */
  const openSecret = (row: { user_id: number; secret: string }) => (isEncryptedValue(row.secret) ? cipher().decrypt(row.secret, secretContext(row.user_id)) : row.secret);

  async function toCurrentUser(userId: number): Promise<CurrentUser> {
    const u = await repo.findUserById(userId);
    if (!u) throw notFound('user');
    const unit = u.unit_id === null ? undefined : await repo.unitById(u.unit_id);
    const areas = await repo.userAreas(u.id);
    const required = mustHaveSecondFactor(u, secondFactorRoles);
    return {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role as AccountRole,
      unit: unit ? { id: unit.id, code: unit.code, nameVi: unit.name_vi, nameEn: unit.name_en } : null,
      areas: areas.map((a) => ({ id: a.id, code: a.code, nameVi: a.name_vi, validFrom: a.valid_from })),
      secondFactorRequired: required,
      secondFactorMissing: required && !(await repo.totpOf(u.id))?.enabled_at,
    };
  }

  async function validateUser(input: NewUser, forCreate: boolean) {
    if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(input.username)) {
      throw badRequest('username: 2–63 characters, lower-case letters, digits, dot, dash or underscore');
    }
    if (!ACCOUNT_ROLES.includes(input.role)) throw badRequest(`role must be one of ${ACCOUNT_ROLES.join(', ')}`);
    let unitId: number | null = null;
    if (input.unitCode) {
      const unit = await repo.unitByCode(input.unitCode);
      if (!unit) throw badRequest(`unknown unit "${input.unitCode}"`);
      unitId = unit.id;
    }
    if (input.role === 'officer' && unitId === null) throw badRequest('an officer must belong to a unit (unitCode)');
    if (forCreate && input.role !== 'device') {
      if (!input.password) throw badRequest('password is required');
      const problem = passwordProblem(input.password);
      if (problem) throw new HttpError(400, 'weak_password', problem);
    }
    return unitId;
  }

  /** A current code (each 30-second step accepted once) or an unused recovery code. */
  async function checkSecondFactor(userId: number, secretBase32: string, code: string, actor: Actor): Promise<boolean> {
    if (looksLikeRecoveryCode(code)) {
      const used = await repo.useRecoveryHash(userId, recoveryHash(code));
      if (used) await ctx.audit.record(actor, { action: 'auth.recovery_code_used', targetType: 'user', targetId: userId });
      return used;
    }
    const step = totpStep(secretBase32, code, ctx.clock.now());
    return step !== null && (await repo.useTotpStep(userId, step));
  }

  async function requirePassword(userId: number, password: string) {
    const u = await repo.findUserById(userId);
    if (!u?.password_hash || !(await verifyPassword(u.password_hash, password))) throw new HttpError(403, 'wrong_password', 'the current password is wrong');
    return u;
  }

  return {
    toCurrentUser,
    /** The roles TOTP_REQUIRED_ROLES lists (the administration screen shows them). */
    secondFactorRoles: () => [...secondFactorRoles],

    /**
     * Encrypts the second-factor secrets that older versions stored in clear (at start-up).
     * Without keys (a production start without DATA_KEYS) the start refuses if there are any.
     */
    async encryptStoredSecondFactors(): Promise<number> {
      const clear = (await repo.allTotpSecrets()).filter((r) => !isEncryptedValue(r.secret));
      for (const r of clear) await repo.setTotpSecret(r.user_id, cipher().encrypt(r.secret, secretContext(r.user_id)));
      return clear.length;
    },

    /** Whether the account has a second factor, and how many recovery codes are left. */
    async secondFactorStatus(userId: number) {
      const t = await repo.totpOf(userId);
      return { enabled: !!t?.enabled_at, enabledAt: t?.enabled_at?.toISOString() ?? null, recoveryCodesLeft: t?.enabled_at ? t.recovery_hashes.length : 0 };
    },

    /** Starts enrolment: a new secret as an otpauth:// URI and a QR code. Replaces an unfinished one. */
    async startSecondFactor(caller: AuthenticatedUser) {
      const existing = await repo.totpOf(caller.id);
      if (existing?.enabled_at) throw new HttpError(409, 'totp_already_enabled', 'the second factor is already on: turn it off first');
      const secret = newTotpSecret();
      await repo.startTotp(caller.id, sealSecret(caller.id, secret));
      return { secret, ...(await totpEnrolment(secret, caller.username)) };
    },

    /** Finishes enrolment with a first code from the app; returns the recovery codes, shown once. */
    async enableSecondFactor(caller: AuthenticatedUser, code: string, actor: Actor) {
      const t = await repo.totpOf(caller.id);
      if (!t) throw new HttpError(409, 'totp_not_started', 'start the enrolment first');
      if (t.enabled_at) throw new HttpError(409, 'totp_already_enabled', 'the second factor is already on');
      const step = totpStep(openSecret(t), code, ctx.clock.now());
      if (step === null) throw new HttpError(400, 'invalid_totp', 'the code does not match: check the time on the phone and try the next code');
      const { codes, hashes } = newRecoveryCodes();
      await repo.enableTotp(caller.id, ctx.clock.now(), step, hashes);
      await ctx.audit.record(actor, { action: 'auth.totp_enabled', targetType: 'user', targetId: caller.id });
      return { recoveryCodes: codes };
    },

    /** Turns the second factor off: the account's own password and a current code are needed. */
    async disableSecondFactor(caller: AuthenticatedUser, password: string, code: string, actor: Actor) {
      await requirePassword(caller.id, password);
      const t = await repo.totpOf(caller.id);
      if (!t?.enabled_at) throw new HttpError(409, 'totp_not_enabled', 'the second factor is not on');
      const self = await repo.findUserById(caller.id);
      if (self && mustHaveSecondFactor(self, secondFactorRoles)) throw new HttpError(409, 'second_factor_required', 'this account must keep its second factor (its role or an admin requires it)');
      if (!(await checkSecondFactor(caller.id, openSecret(t), code, actor))) throw new HttpError(400, 'invalid_totp', 'the code of the authenticator app is wrong or was already used');
      await repo.deleteTotp(caller.id);
      await ctx.audit.record(actor, { action: 'auth.totp_disabled', targetType: 'user', targetId: caller.id });
    },

    /** An admin removes a user's second factor (a lost phone); the user enrols again. */
    async resetSecondFactor(userId: number, actor: Actor) {
      if (!(await repo.findUserById(userId))) throw notFound('user');
      if (!(await repo.deleteTotp(userId))) throw new HttpError(409, 'totp_not_enabled', 'this account has no second factor');
      await ctx.audit.record(actor, { action: 'auth.totp_reset', targetType: 'user', targetId: userId });
    },

    /** A user changes their own password (the current one is needed); their other sessions end. */
    async changeOwnPassword(caller: AuthenticatedUser, currentPassword: string, newPassword: string, actor: Actor) {
      await requirePassword(caller.id, currentPassword);
      await this.updateUser(caller.id, { password: newPassword }, actor);
    },

    /**
     * Signs in with a password and, for an account with a second factor, the current code of
     * its authenticator app (or one of its recovery codes). Without the code the answer is
     * 401 `totp_required`, so the client asks for it; a wrong code counts as a failed sign-in.
     */
    async login(username: string, password: string, actor: Actor, totp?: string) {
      const now = () => ctx.clock.now().getTime();
      const retryAfterSeconds = throttle.retryAfterSeconds(username, actor.ip, now());
      if (retryAfterSeconds > 0) {
        await ctx.audit.record(actor, { action: 'auth.login_throttled', details: { username } });
        throw new HttpError(429, 'too_many_attempts', `too many failed sign-ins: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
      }
      const user = await repo.findUserByUsername(username);
      const usable = !!user && !user.disabled && !!user.password_hash;
      const verified = await verifyPassword(usable ? user.password_hash! : await dummy(), password);
      if (!usable || !verified || !user) {
        throttle.recordFailure(username, actor.ip, now());
        await ctx.audit.record(actor, { action: 'auth.login_failed', details: { username } });
        throw new HttpError(401, 'invalid_credentials', 'wrong username or password');
      }
      const second = await repo.totpOf(user.id);
      if (second?.enabled_at) {
        if (!totp?.trim()) throw new HttpError(401, 'totp_required', 'this account needs the code of its authenticator app');
        if (!(await checkSecondFactor(user.id, openSecret(second), totp, actor))) {
          throttle.recordFailure(username, actor.ip, now());
          await ctx.audit.record(actor, { action: 'auth.login_failed', details: { username, reason: 'totp' } });
          throw new HttpError(401, 'invalid_totp', 'the code of the authenticator app is wrong or was already used');
        }
      }
      throttle.recordSuccess(username);
      const secret = newTokenSecret('session');
      const expiresAt = new Date(ctx.clock.now().getTime() + ctx.config.sessionHours * 3600_000);
      await repo.insertCredential({ kind: 'session', userId: user.id, name: null, tokenHash: tokenHash(secret), expiresAt });
      await ctx.audit.record(actor, { action: 'auth.login', targetType: 'user', targetId: user.id }, { id: user.id, name: user.username });
      return { token: secret, expiresAt, user: await toCurrentUser(user.id) };
    },

    /** Signs the principal out: its session credential is revoked (an API token stays valid). */
    async logout(principal: Principal, actor: Actor): Promise<void> {
      if (principal.kind !== 'user') return;
      if (principal.credentialKind === 'session') {
        const id = principal.credentialId;
        await repo.revokeCredential(id, ctx.clock.now());
        principals.forgetWhere((p) => p.credentialId === id);
      }
      await ctx.audit.record(actor, { action: 'auth.logout' });
    },

    /** Who is calling: from `Authorization: Bearer …` first, else the session cookie. */
    async resolvePrincipal(credentials: CallerCredentials): Promise<Principal> {
      const header = credentials.authorization;
      const bearer = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
      const secret = bearer || credentials.sessionCookie;
      if (!secret) return { kind: 'anonymous' };
      const now = ctx.clock.now();
      const hash = tokenHash(secret);
      let found: Awaited<ReturnType<typeof repo.findActiveCredential>>;
      try {
        found = await repo.findActiveCredential(hash, now);
      } catch (e) {
        // Database unreachable (restarting): a credential it confirmed recently still counts, so
        // devices and operators keep working; one it never confirmed gets the 503 of the error handler.
        const cached = isConnectionError(e) ? principals.recall(hash, now) : undefined;
        if (cached) return cached;
        throw e;
      }
      if (!found) {
        principals.forget(hash);
        // A wrong token is an error, not silently anonymous: the caller meant to sign in.
        if (bearer) throw new HttpError(401, 'invalid_token', 'the Bearer token is unknown, expired or revoked');
        return { kind: 'anonymous' };
      }
      const principal = {
        kind: 'user' as const,
        credentialId: found.credential_id,
        credentialKind: found.kind as 'session' | 'api',
        scope: found.scope as 'read' | 'full',
        user: { id: found.user_id, username: found.username, role: found.role as AccountRole, unitId: found.unit_id, areaIds: found.area_ids },
        secondFactorMissing: lacksRequiredSecondFactor(found, secondFactorRoles),
      };
      principals.remember(hash, principal, now);
      if (!found.last_used_at || now.getTime() - found.last_used_at.getTime() > TOUCH_EVERY_MS) {
        // Bookkeeping only: losing the database between the lookup and this write must not refuse the caller.
        await repo.touchCredential(found.credential_id, now).catch((e: unknown) => {
          if (!isConnectionError(e)) throw e;
        });
      }
      return principal;
    },

    async createUser(input: NewUser, actor: Actor, opts: { demoPassword?: boolean } = {}): Promise<CurrentUser> {
      const unitId = opts.demoPassword ? await this.unitIdOf(input.unitCode) : await validateUser(input, true);
      if (await repo.findUserByUsername(input.username)) throw new HttpError(409, 'conflict', `user "${input.username}" already exists`);
      const password = opts.demoPassword ? DEMO_PASSWORD : input.password;
      const id = await repo.insertUser({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        unitId,
        passwordHash: password ? await hashPassword(password) : null,
        passwordIsDemo: !!opts.demoPassword,
        secondFactorRequired: input.requireSecondFactor === true,
      });
      if (input.areaIds?.length) await repo.setUserAreas(id, input.areaIds);
      await ctx.audit.record(actor, { action: 'user.create', targetType: 'user', targetId: id, details: { username: input.username, role: input.role, ...(input.requireSecondFactor ? { requireSecondFactor: true } : {}) } });
      return toCurrentUser(id);
    },

    async unitIdOf(code: string | undefined): Promise<number | null> {
      if (!code) return null;
      const unit = await repo.unitByCode(code);
      if (!unit) throw badRequest(`unknown unit "${code}"`);
      return unit.id;
    },

    async updateUser(
      id: number,
      patch: {
        displayName?: string | undefined; role?: AccountRole | undefined; unitCode?: string | null | undefined; disabled?: boolean | undefined;
        password?: string | undefined; areaIds?: number[] | undefined; revokeTokens?: boolean | undefined; requireSecondFactor?: boolean | undefined;
      },
      actor: Actor,
    ): Promise<CurrentUser> {
      const user = await repo.findUserById(id);
      if (!user) throw notFound('user');
      const set: Parameters<typeof repo.updateUser>[1] = {};
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (patch.role !== undefined) {
        if (!ACCOUNT_ROLES.includes(patch.role)) throw badRequest(`role must be one of ${ACCOUNT_ROLES.join(', ')}`);
        set.role = patch.role;
      }
      if (patch.unitCode !== undefined) set.unit_id = await this.unitIdOf(patch.unitCode ?? undefined);
      if (patch.disabled !== undefined) set.disabled = patch.disabled;
      if (patch.requireSecondFactor !== undefined) set.second_factor_required = patch.requireSecondFactor;
      if (patch.password !== undefined) {
        const problem = passwordProblem(patch.password);
        if (problem) throw new HttpError(400, 'weak_password', problem);
        set.password_hash = await hashPassword(patch.password);
        set.password_is_demo = false;
      }
      const role = set.role ?? user.role;
      const unitId = set.unit_id !== undefined ? set.unit_id : user.unit_id;
      if (role === 'officer' && unitId === null) throw badRequest('an officer must belong to a unit (unitCode)');
      if (Object.keys(set).length) {
        await repo.updateUser(id, set);
        // Role, unit or disabled changed: the outage fallback must not serve the old principal.
        principals.forgetWhere((p) => p.user.id === id);
      }
      // A new password or a disabled account ends every session (whoever held the old password
      // is signed out) but the one making the change; API tokens too when asked. Disabling also
      // stops tokens at their look-up.
      let revoked = 0;
      if (patch.password !== undefined || patch.disabled === true) {
        const own = actor.user?.id === id ? actor.credentialId : undefined;
        revoked = await repo.revokeUserCredentials(id, patch.revokeTokens ? ['session', 'api'] : ['session'], ctx.clock.now(), own);
        if (revoked) principals.forgetWhere((p) => p.user.id === id);
      }
      if (Object.keys(set).length || revoked) ctx.events.emit('auth.credentials_changed', { userId: id });
      if (patch.areaIds) await repo.setUserAreas(id, patch.areaIds);
      await ctx.audit.record(actor, {
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        // Never the password itself: only that it changed.
        details: { fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined), revokedCredentials: revoked },
      });
      return toCurrentUser(id);
    },

    async listUsers(): Promise<AdminUser[]> {
      const [users, totp] = await Promise.all([repo.listUsers(), repo.secondFactorUserIds()]);
      return Promise.all(users.map(async (u) => ({ ...(await toCurrentUser(u.id)), disabled: u.disabled, secondFactor: totp.has(u.id), requireSecondFactor: u.second_factor_required })));
    },

    /**
     * Issues an API token for the caller, or (admins) for another account such as a device.
     * Every token expires: by default after TOKEN_DEFAULT_DAYS (devices: TOKEN_DEVICE_DAYS),
     * never later than TOKEN_MAX_DAYS; `scope: 'read'` makes it read-only.
     */
    async issueApiToken(actor: Actor, caller: AuthenticatedUser, t: { name: string; username?: string | undefined; expiresAt?: Date | undefined; scope?: TokenScope | undefined }) {
      let owner = await repo.findUserById(caller.id);
      if (t.username && t.username !== caller.username) {
        if (caller.role !== 'admin') throw new HttpError(403, 'forbidden', 'only an admin creates tokens for other accounts');
        owner = await repo.findUserByUsername(t.username);
      }
      if (!owner) throw notFound('user');
      const now = ctx.clock.now().getTime();
      const days = (n: number) => new Date(now + n * 86_400_000);
      const expiresAt = t.expiresAt ?? days(owner.role === 'device' ? tokenSettings.deviceDays : tokenSettings.defaultDays);
      if (expiresAt.getTime() <= now) throw badRequest('expiresAt must be in the future');
      if (expiresAt > days(tokenSettings.maxDays)) throw badRequest(`expiresAt may be at most ${tokenSettings.maxDays} days ahead`);
      const scope = t.scope ?? 'full';
      const secret = newTokenSecret('api');
      const id = await repo.insertCredential({ kind: 'api', userId: owner.id, name: t.name, tokenHash: tokenHash(secret), expiresAt, scope });
      await ctx.audit.record(actor, { action: 'token.create', targetType: 'token', targetId: id, details: { name: t.name, owner: owner.username, scope, expiresAt: expiresAt.toISOString() } });
      return { id, name: t.name, token: secret, username: owner.username, expiresAt, scope };
    },

    listApiTokens: (userId: number | null) => repo.listApiTokens(userId),

    async revokeApiToken(id: number, actor: Actor, caller: { id: number; role: AccountRole }) {
      const cred = await repo.findCredential(id);
      if (!cred || cred.kind !== 'api') throw notFound('token');
      if (caller.role !== 'admin' && cred.user_id !== caller.id) throw notFound('token');
      await repo.revokeCredential(id, ctx.clock.now());
      principals.forgetWhere((p) => p.credentialId === id);
      ctx.events.emit('auth.credentials_changed', { userId: cred.user_id });
      await ctx.audit.record(actor, { action: 'token.revoke', targetType: 'token', targetId: id });
    },

    listUnits: () => repo.listUnits(),
    upsertUnit: (u: { code: string; nameVi: string; nameEn: string }) => repo.upsertUnit(u),
    demoPasswordUsers: () => repo.demoPasswordUsers(),
    countAdmins: () => repo.countAdmins(),
    findUserByUsername: (u: string) => repo.findUserByUsername(u),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
