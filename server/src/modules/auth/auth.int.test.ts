import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { prepare } from '../../startup.ts';
import { Lifecycle } from '../../platform/lifecycle.ts';
import { totpCode } from './totp.ts';
import { readSecondFactorRoles } from './auth.service.ts';
import type { AppContext } from '../../platform/context.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const auditActions = async (adminToken: string, action: string) => {
  const body = (await (await s.api(`/api/audit?action=${action}`, { token: adminToken })).json()) as { entries: { actor: string; details: Record<string, unknown> }[] };
  return body.entries;
};

describe('sign-in', () => {
  it('POST /api/auth/login sets an HTTP-only cookie and returns a Bearer token', async () => {
    const res = await s.api('/api/auth/login', { method: 'POST', json: { username: 'operator', password: 'demo' } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/cityops_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    const { token, user } = (await res.json()) as { token: string; user: { role: string } };
    expect(user.role).toBe('operator');

    const viaBearer = await s.api('/api/auth/me', { token });
    expect(((await viaBearer.json()) as { username: string }).username).toBe('operator');
    const viaCookie = await s.api('/api/auth/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(((await viaCookie.json()) as { username: string }).username).toBe('operator');
  });

  it('refuses a wrong password and records the attempt', async () => {
    const res = await s.api('/api/auth/login', { method: 'POST', json: { username: 'leader', password: 'nope' } });
    expect(res.status).toBe(401);
    const admin = await s.login('admin');
    const failed = await auditActions(admin, 'auth.login_failed');
    expect(failed.some((e) => e.details.username === 'leader')).toBe(true);
  });

  it('throttles repeated failed sign-ins per account with 429 and Retry-After, even for the right password', async () => {
    const admin = await s.login('admin');
    expect((await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'guessed', displayName: 'G', role: 'leader', password: 'right-password-9' } })).status).toBe(201);
    for (let i = 0; i < 10; i++) {
      const r = await s.api('/api/auth/login', { method: 'POST', json: { username: 'guessed', password: `guess-${i}` } });
      expect(r.status).toBe(401);
    }
    const blocked = await s.api('/api/auth/login', { method: 'POST', json: { username: 'guessed', password: 'right-password-9' } });
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: string }).error).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts are not locked out by it.
    expect(await s.login('leader')).toMatch(/^cos_/);
    expect((await auditActions(admin, 'auth.login_throttled')).length).toBeGreaterThan(0);
  });

  it('logout ends the session: its token stops working', async () => {
    const token = await s.login('leader');
    expect((await s.api('/api/auth/logout', { method: 'POST', token })).status).toBe(204);
    const after = await s.api('/api/auth/me', { token });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: string }).error).toBe('invalid_token');
  });

  it('binds the demo officer to a unit and an area', async () => {
    const me = (await (await s.api('/api/auth/me', { token: await s.login('officer') })).json()) as { unit: { code: string }; areas: { code: string; validFrom: string }[] };
    expect(me.unit.code).toBe('ubnd-27475');
    expect(me.areas).toEqual([expect.objectContaining({ code: '27475', validFrom: '2025-07-01' })]);
  });
});

describe('roles', () => {
  it('lets only admins manage accounts', async () => {
    const officer = await s.login('officer');
    expect((await s.api('/api/users', { token: officer })).status).toBe(403);
    expect((await s.api('/api/users')).status).toBe(401);
    const admin = await s.login('admin');
    const list = (await (await s.api('/api/users', { token: admin })).json()) as { users: { username: string }[] };
    expect(list.users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'leader', 'operator', 'officer']));
  });

  it('creates accounts with validation: officers need a unit, passwords a minimum length', async () => {
    const admin = await s.login('admin');
    const noUnit = await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'o2', displayName: 'O', role: 'officer', password: 'long-enough-pass' } });
    expect(noUnit.status).toBe(400);
    const weak = await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'l2', displayName: 'L', role: 'leader', password: 'short' } });
    expect(weak.status).toBe(400);
    const ok = await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'o2', displayName: 'Cán bộ 2', role: 'officer', unitCode: 'ubnd-27478', password: 'long-enough-pass' } });
    expect(ok.status).toBe(201);
    expect(await s.login('o2', 'long-enough-pass')).toMatch(/^cos_/);
    const dup = await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'o2', displayName: 'x', role: 'leader', password: 'long-enough-pass' } });
    expect(dup.status).toBe(409);
    const created = await auditActions(admin, 'user.create');
    expect(created.some((e) => e.actor === 'admin' && e.details.username === 'o2')).toBe(true);
  });

  it('a disabled account can no longer sign in or use its tokens', async () => {
    const admin = await s.login('admin');
    const created = (await (await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'temp', displayName: 'T', role: 'leader', password: 'long-enough-pass' } })).json()) as { id: number };
    const token = await s.login('temp', 'long-enough-pass');
    await s.api(`/api/users/${created.id}`, { method: 'PATCH', token: admin, json: { disabled: true } });
    expect((await s.api('/api/auth/me', { token })).status).toBe(401);
    expect((await s.api('/api/auth/login', { method: 'POST', json: { username: 'temp', password: 'long-enough-pass' } })).status).toBe(401);
  });

  it('a password change ends every session of the account; its API tokens only when asked', async () => {
    const admin = await s.login('admin');
    const created = (await (await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'pw-change', displayName: 'P', role: 'operator', password: 'first-password-1' } })).json()) as { id: number };
    const session = await s.login('pw-change', 'first-password-1');
    const apiToken = ((await (await s.api('/api/tokens', { method: 'POST', token: session, json: { name: 'script' } })).json()) as { token: string }).token;
    expect((await s.api(`/api/users/${created.id}`, { method: 'PATCH', token: admin, json: { password: 'second-password-2' } })).status).toBe(200);
    expect((await s.api('/api/auth/me', { token: session })).status).toBe(401);
    expect((await s.api('/api/auth/me', { token: apiToken })).status).toBe(200);
    const session2 = await s.login('pw-change', 'second-password-2');
    expect((await s.api(`/api/users/${created.id}`, { method: 'PATCH', token: admin, json: { password: 'third-password-3', revokeTokens: true } })).status).toBe(200);
    expect((await s.api('/api/auth/me', { token: session2 })).status).toBe(401);
    expect((await s.api('/api/auth/me', { token: apiToken })).status).toBe(401);
    const audit = await auditActions(admin, 'user.update');
    expect(audit.some((e) => e.details.revokedCredentials === 2)).toBe(true);
  });
});

describe('API tokens for integrations and devices', () => {
  it('an admin issues a token for a device account; it works as Bearer until revoked', async () => {
    const admin = await s.login('admin');
    const device = await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'tide-gauge-1', displayName: 'Tide gauge', role: 'device' } });
    expect(device.status).toBe(201);
    const issued = await s.api('/api/tokens', { method: 'POST', token: admin, json: { name: 'gauge', username: 'tide-gauge-1' } });
    expect(issued.status).toBe(201);
    const { id, token } = (await issued.json()) as { id: number; token: string };
    expect(token).toMatch(/^cot_/);
    const me = (await (await s.api('/api/auth/me', { token })).json()) as { role: string };
    expect(me.role).toBe('device');
    // A device is not staff: it cannot read staff-only lists.
    expect((await s.api('/api/units', { token })).status).toBe(403);
    expect((await s.api(`/api/tokens/${id}`, { method: 'DELETE', token: admin })).status).toBe(204);
    expect((await s.api('/api/auth/me', { token })).status).toBe(401);
  });

  it('every token expires (90 days by default, never beyond the maximum) and a read-only token only reads', async () => {
    const operator = await s.login('operator');
    const issued = (await (await s.api('/api/tokens', { method: 'POST', token: operator, json: { name: 'dashboard reader', scope: 'read' } })).json()) as { token: string; expiresAt: string; scope: string };
    expect(issued.scope).toBe('read');
    const days = (Date.parse(issued.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);
    expect((await s.api('/api/datasets/pharmacies/records?limit=1', { token: issued.token })).status).toBe(200);
    const write = await s.api('/api/datasets/pharmacies/records', { method: 'POST', token: issued.token, json: { properties: { code: 'RO-1', name: 'x', address: 'y' } } });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: string }).error).toBe('insufficient_scope');
    const forever = await s.api('/api/tokens', { method: 'POST', token: operator, json: { name: 'forever', expiresAt: '2099-01-01T00:00:00Z' } });
    expect(forever.status).toBe(400);
    const past = await s.api('/api/tokens', { method: 'POST', token: operator, json: { name: 'past', expiresAt: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    const listed = (await (await s.api('/api/tokens', { token: operator })).json()) as { tokens: { name: string; scope: string; expiresAt: string | null }[] };
    expect(listed.tokens.find((t) => t.name === 'dashboard reader')).toMatchObject({ scope: 'read' });
    expect(listed.tokens.every((t) => t.expiresAt !== null)).toBe(true);
  });

  it('a non-admin cannot issue tokens for someone else', async () => {
    const operator = await s.login('operator');
    const res = await s.api('/api/tokens', { method: 'POST', token: operator, json: { name: 'x', username: 'admin' } });
    expect(res.status).toBe(403);
  });
});

describe('second factor (TOTP) and own password', () => {
  const login = (username: string, password: string, totp?: string) => s.api('/api/auth/login', { method: 'POST', json: { username, password, ...(totp ? { totp } : {}) } });
  const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

  it('enrols with an authenticator app, then asks for a code at sign-in, once per code, with recovery codes', async () => {
    const admin = await s.login('admin');
    const created = await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'mfa-user', displayName: 'MFA', role: 'leader', password: 'a-long-passphrase-1' } });
    expect(created.status).toBe(201);
    const userId = ((await created.json()) as { id: number }).id;
    const token = ((await (await login('mfa-user', 'a-long-passphrase-1')).json()) as { token: string }).token;
    expect(await (await s.api('/api/auth/totp', { token })).json()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });

    const setup = (await (await s.api('/api/auth/totp/setup', { method: 'POST', token })).json()) as { secret: string; uri: string; qrSvg: string };
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/cityops:mfa-user\?/);
    expect(setup.uri).toContain(`secret=${setup.secret}`);
    expect(setup.qrSvg).toMatch(/^<svg/);
    // Not on until a code from the app proves the secret was taken.
    expect((await login('mfa-user', 'a-long-passphrase-1')).status).toBe(200);
    const wrong = await s.api('/api/auth/totp/enable', { method: 'POST', token, json: { code: '000000' === totpCode(setup.secret, new Date()) ? '111111' : '000000' } });
    expect(wrong.status).toBe(400);
    const enabled = await s.api('/api/auth/totp/enable', { method: 'POST', token, json: { code: totpCode(setup.secret, new Date()) } });
    expect(enabled.status).toBe(200);
    const { recoveryCodes } = (await enabled.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // Stored encrypted: a copy of the database makes no codes.
    const stored = (await sql<{ secret: string }>`select secret from user_totp where user_id = ${userId}`.execute(s.ctx.db.kysely)).rows[0]!.secret;
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(setup.secret);

    const noCode = await login('mfa-user', 'a-long-passphrase-1');
    expect(noCode.status).toBe(401);
    expect(await errorOf(noCode)).toBe('totp_required');
    // The right code without the right password is still refused, and says nothing about the code.
    const next = totpCode(setup.secret, new Date(Date.now() + 30_000));
    expect(await errorOf(await login('mfa-user', 'wrong-password', next))).toBe('invalid_credentials');
    const ok = await login('mfa-user', 'a-long-passphrase-1', next);
    expect(ok.status).toBe(200);
    // The same code again (a replay) is refused and counted as a failed sign-in.
    const replay = await login('mfa-user', 'a-long-passphrase-1', next);
    expect(replay.status).toBe(401);
    expect(await errorOf(replay)).toBe('invalid_totp');
    // A recovery code works once.
    expect((await login('mfa-user', 'a-long-passphrase-1', recoveryCodes[0])).status).toBe(200);
    expect(await errorOf(await login('mfa-user', 'a-long-passphrase-1', recoveryCodes[0]))).toBe('invalid_totp');
    expect(((await (await s.api('/api/auth/totp', { token })).json()) as { recoveryCodesLeft: number }).recoveryCodesLeft).toBe(9);

    // Turning it off needs the password and a code; an admin can remove it for a lost phone.
    expect((await s.api('/api/auth/totp/disable', { method: 'POST', token, json: { password: 'nope', code: recoveryCodes[1] } })).status).toBe(403);
    expect((await s.api(`/api/users/${userId}/totp`, { method: 'DELETE', token })).status).toBe(403);
    expect((await s.api(`/api/users/${userId}/totp`, { method: 'DELETE', token: admin })).status).toBe(204);
    expect((await login('mfa-user', 'a-long-passphrase-1')).status).toBe(200);
    const actions = (await auditActions(admin, 'auth.totp_enabled')).length + (await auditActions(admin, 'auth.totp_reset')).length;
    expect(actions).toBe(2);
  });

  it('a secret stored in clear by an older version still works, and the start-up encrypts it', async () => {
    const admin = await s.login('admin');
    expect((await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'mfa-old', displayName: 'MFA old', role: 'operator', password: 'a-long-passphrase-2' } })).status).toBe(201);
    const token = ((await (await login('mfa-old', 'a-long-passphrase-2')).json()) as { token: string }).token;
    const setup = (await (await s.api('/api/auth/totp/setup', { method: 'POST', token })).json()) as { secret: string };
    const db = s.ctx.db.kysely;
    const storedOf = async () => (await sql<{ secret: string }>`select t.secret from user_totp t join users u on u.id = t.user_id where u.username = 'mfa-old'`.execute(db)).rows[0]!.secret;
    await sql`update user_totp set secret = ${setup.secret} where user_id = (select id from users where username = 'mfa-old')`.execute(db);
    expect((await s.api('/api/auth/totp/enable', { method: 'POST', token, json: { code: totpCode(setup.secret, new Date()) } })).status).toBe(200);
    expect(await storedOf()).toBe(setup.secret);
    expect(await s.services.auth.encryptStoredSecondFactors()).toBe(1);
    expect(await storedOf()).toMatch(/^v1\./);
    expect(await s.services.auth.encryptStoredSecondFactors()).toBe(0);
    expect((await login('mfa-old', 'a-long-passphrase-2', totpCode(setup.secret, new Date(Date.now() + 30_000)))).status).toBe(200);
    expect((await s.api(`/api/users/${((await (await s.api('/api/auth/me', { token })).json()) as { id: number }).id}/totp`, { method: 'DELETE', token: admin })).status).toBe(204);
  });

  it('a user changes their own password with the current one; their other sessions end', async () => {
    const admin = await s.login('admin');
    await s.api('/api/users', { method: 'POST', token: admin, json: { username: 'pw-user', displayName: 'PW', role: 'operator', password: 'first-passphrase-1' } });
    const other = ((await (await login('pw-user', 'first-passphrase-1')).json()) as { token: string }).token;
    const token = ((await (await login('pw-user', 'first-passphrase-1')).json()) as { token: string }).token;
    const refused = await s.api('/api/auth/password', { method: 'POST', token, json: { currentPassword: 'wrong', newPassword: 'second-passphrase-2' } });
    expect(refused.status).toBe(403);
    const weak = await s.api('/api/auth/password', { method: 'POST', token, json: { currentPassword: 'first-passphrase-1', newPassword: 'short' } });
    expect(weak.status).toBe(400);
    expect(await errorOf(weak)).toBe('weak_password');
    expect((await s.api('/api/auth/password', { method: 'POST', token, json: { currentPassword: 'first-passphrase-1', newPassword: 'second-passphrase-2' } })).status).toBe(204);
    expect((await s.api('/api/auth/me', { token })).status).toBe(200);
    expect((await s.api('/api/auth/me', { token: other })).status).toBe(401);
    expect((await login('pw-user', 'first-passphrase-1')).status).toBe(401);
    expect((await login('pw-user', 'second-passphrase-2')).status).toBe(200);
  });
});

describe('a required second factor (TOTP_REQUIRED_ROLES, or an admin per account)', () => {
  let p: TestServer;
  beforeAll(async () => {
    p = await startTestServer({ TOTP_REQUIRED_ROLES: 'leader' });
  });
  afterAll(() => p?.close());
  const login = (username: string, password: string, totp?: string) => p.api('/api/auth/login', { method: 'POST', json: { username, password, ...(totp ? { totp } : {}) } });
  const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

  it('a leader signs in, can do nothing but turn it on, then works in the same session and cannot turn it off', async () => {
    const signed = await login('leader', 'demo');
    expect(signed.status).toBe(200);
    const { token, user } = (await signed.json()) as { token: string; user: { secondFactorRequired: boolean; secondFactorMissing: boolean } };
    expect(user).toMatchObject({ secondFactorRequired: true, secondFactorMissing: true });
    const kpis = await p.api('/api/kpis', { token });
    expect(kpis.status).toBe(403);
    expect(await errorOf(kpis)).toBe('second_factor_required');
    expect((await p.api('/api/feedback/reports', { token })).status).toBe(403);
    expect((await p.api('/api/tokens', { method: 'POST', token, json: { name: 'bypass' } })).status).toBe(403);
    // What the enrolment needs still answers.
    expect((await p.api('/api/auth/me', { token })).status).toBe(200);
    expect((await p.api('/api/auth/totp', { token })).status).toBe(200);
    const setup = (await (await p.api('/api/auth/totp/setup', { method: 'POST', token })).json()) as { secret: string };
    expect((await p.api('/api/auth/totp/enable', { method: 'POST', token, json: { code: totpCode(setup.secret, new Date()) } })).status).toBe(200);
    expect((await p.api('/api/kpis', { token })).status).toBe(200);
    expect(((await (await p.api('/api/auth/me', { token })).json()) as { secondFactorMissing: boolean }).secondFactorMissing).toBe(false);
    const off = await p.api('/api/auth/totp/disable', { method: 'POST', token, json: { password: 'demo', code: totpCode(setup.secret, new Date(Date.now() + 30_000)) } });
    expect(off.status).toBe(409);
    expect(await errorOf(off)).toBe('second_factor_required');
    // Other roles are not concerned.
    const operator = await p.login('operator');
    expect((await p.api('/api/kpis', { token: operator })).status).toBe(200);
  });

  it('an admin requires it of one account (shown on the list) and lifts it; API tokens are not sign-ins and keep working', async () => {
    const admin = await p.login('admin');
    const created = await p.api('/api/users', { method: 'POST', token: admin, json: { username: 'must-mfa', displayName: 'Must MFA', role: 'operator', password: 'a-long-passphrase-3', requireSecondFactor: true } });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: number }).id;
    const list = (await (await p.api('/api/users', { token: admin })).json()) as { users: { username: string; requireSecondFactor: boolean; secondFactorMissing: boolean }[]; secondFactorRoles: string[] };
    expect(list.secondFactorRoles).toEqual(['leader']);
    expect(list.users.find((u) => u.username === 'must-mfa')).toMatchObject({ requireSecondFactor: true, secondFactorMissing: true });
    const issued = await p.api('/api/tokens', { method: 'POST', token: admin, json: { name: 'must-mfa program', username: 'must-mfa' } });
    expect(issued.status).toBe(201);
    const apiToken = ((await issued.json()) as { token: string }).token;
    const session = ((await (await login('must-mfa', 'a-long-passphrase-3')).json()) as { token: string }).token;
    expect(await errorOf(await p.api('/api/alerts', { token: session }))).toBe('second_factor_required');
    expect((await p.api('/api/alerts', { token: apiToken })).status).toBe(200);
    const meOf = async (token: string) => ((await (await p.api('/api/auth/me', { token })).json()) as { secondFactorRequired: boolean; secondFactorMissing: boolean });
    expect(await meOf(session)).toMatchObject({ secondFactorRequired: true, secondFactorMissing: true });
    expect(await meOf(apiToken)).toMatchObject({ secondFactorRequired: true, secondFactorMissing: false });
    expect((await p.api(`/api/users/${id}`, { method: 'PATCH', token: admin, json: { requireSecondFactor: false } })).status).toBe(200);
    expect((await p.api('/api/alerts', { token: session })).status).toBe(200);
  });

  it('TOTP_REQUIRED_ROLES names roles that sign in (a wrong one stops the start with its name)', () => {
    const ctxWith = (v: string) => ({ ...p.ctx, config: { ...p.ctx.config, env: { ...p.ctx.config.env, TOTP_REQUIRED_ROLES: v } } }) as AppContext;
    expect(readSecondFactorRoles(ctxWith(' admin, leader ,admin'))).toEqual(['admin', 'leader']);
    expect(readSecondFactorRoles(ctxWith(''))).toEqual([]);
    expect(() => readSecondFactorRoles(ctxWith('admin,device'))).toThrow(/TOTP_REQUIRED_ROLES.*device/);
    expect(() => readSecondFactorRoles(ctxWith('boss'))).toThrow(/TOTP_REQUIRED_ROLES/);
  });
});

describe('production mode', () => {
  it('refuses to start while a demo password is in place, and starts once it is changed', async () => {
    const prodCtx = { ...s.ctx, lifecycle: new Lifecycle(), config: { ...s.ctx.config, demo: false } };
    await expect(prepare(prodCtx, s.services)).rejects.toThrow(/demo password/);
    const admin = await s.login('admin');
    const users = (await (await s.api('/api/users', { token: admin })).json()) as { users: { id: number; username: string }[] };
    for (const u of users.users.filter((x) => ['admin', 'leader', 'operator', 'officer'].includes(x.username))) {
      const res = await s.api(`/api/users/${u.id}`, { method: 'PATCH', token: admin, json: { password: `a-real-password-${u.username}` } });
      expect(res.status).toBe(200);
    }
    await expect(prepare(prodCtx, s.services)).resolves.toBeUndefined();
    expect(prodCtx.lifecycle.ready).toBe(true);
  });
});
