import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf, currentUser } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/context.ts';
import { AccountRoleSchema, AdminUserSchema, CurrentUserSchema, LoginRequestSchema, LoginResponseSchema, SecondFactorEnabledSchema, SecondFactorEnrolmentSchema, SecondFactorStatusSchema, TokenInfoSchema } from '../../../../shared/contracts/auth.ts';
import { SESSION_COOKIE, type AuthService } from './auth.service.ts';
import { TOKEN_SCOPES, type TokenScope } from '../../../../shared/contracts/auth.ts';
import { lit } from '../../../../shared/contracts/schema.ts';

const Role = AccountRoleSchema;
const CurrentUser = CurrentUserSchema;
const TokenInfo = TokenInfoSchema;
const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function authRoutes(app: FastifyInstance, ctx: AppContext, auth: AuthService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const setSessionCookie = (reply: FastifyReply, token: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.cookieSecure,
      path: '/',
      expires,
    });

  r.post(
    '/api/auth/login',
    {
      config: { access: access.public },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie and returns a token usable as a Bearer token',
        body: LoginRequestSchema,
        response: { 200: LoginResponseSchema, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const { token, expiresAt, user } = await auth.login(req.body.username, req.body.password, actorOf(req), req.body.totp);
      setSessionCookie(reply, token, expiresAt);
      return { token, user };
    },
  );

  r.post(
    '/api/auth/logout',
    { config: { access: access.authenticated, enrolment: true }, schema: { tags: ['auth'], summary: 'Sign out (ends this session)' } },
    async (req, reply) => {
      await auth.logout(req.principal, actorOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/auth/me',
    {
      config: { access: access.authenticated, enrolment: true },
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: CurrentUser, 401: ErrorBody } },
    },
    async (req) => {
      const me = await auth.toCurrentUser(currentUser(req).id);
      // Whether this caller is held back: an API token of such an account is not (not a sign-in).
      return { ...me, secondFactorMissing: req.principal.kind === 'user' && req.principal.secondFactorMissing === true };
    },
  );

  r.post(
    '/api/auth/password',
    {
      config: { access: access.staff, enrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (the current one is needed); your other sessions end',
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 1000 }), newPassword: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 204: Type.Null(), 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      await auth.changeOwnPassword(currentUser(req), req.body.currentPassword, req.body.newPassword, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/auth/totp',
    { config: { access: access.staff, enrolment: true }, schema: { tags: ['auth'], summary: 'Your second factor: on or off, recovery codes left', response: { 200: SecondFactorStatusSchema } } },
    async (req) => auth.secondFactorStatus(currentUser(req).id),
  );

  r.post(
    '/api/auth/totp/setup',
    {
      config: { access: access.staff, enrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Start turning on a second factor: a new secret for an authenticator app (otpauth:// URI and QR code)',
        response: { 200: SecondFactorEnrolmentSchema, 409: ErrorBody },
      },
    },
    async (req) => auth.startSecondFactor(currentUser(req)),
  );

  r.post(
    '/api/auth/totp/enable',
    {
      config: { access: access.staff, enrolment: true },
      schema: {
        tags: ['auth'],
        summary: "Finish turning on the second factor with the app's first code; answers the recovery codes, shown once",
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) }),
        response: { 200: SecondFactorEnabledSchema, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => auth.enableSecondFactor(currentUser(req), req.body.code, actorOf(req)),
  );

  r.post(
    '/api/auth/totp/disable',
    {
      config: { access: access.staff },
      schema: {
        tags: ['auth'],
        summary: 'Turn your second factor off (your password and a current code are needed)',
        body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 1000 }), code: Type.String({ minLength: 1, maxLength: 20 }) }),
        response: { 204: Type.Null(), 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      await auth.disableSecondFactor(currentUser(req), req.body.password, req.body.code, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  r.delete(
    '/api/users/:id/totp',
    {
      config: { access: access.roles('admin') },
      schema: { tags: ['users'], summary: "Remove an account's second factor (a lost phone); the user turns it on again", params: IdParam, response: { 204: Type.Null(), 404: ErrorBody, 409: ErrorBody } },
    },
    async (req, reply) => {
      await auth.resetSecondFactor(req.params.id, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/users',
    {
      config: { access: access.roles('admin') },
      schema: {
        tags: ['users'],
        summary: 'All accounts, with whether each is disabled and has a second factor; and the roles that must have one (TOTP_REQUIRED_ROLES)',
        response: { 200: Type.Object({ users: Type.Array(AdminUserSchema), secondFactorRoles: Type.Array(Role) }) },
      },
    },
    async () => ({ users: await auth.listUsers(), secondFactorRoles: auth.secondFactorRoles() }),
  );

  r.post(
    '/api/users',
    {
      config: { access: access.roles('admin') },
      schema: {
        tags: ['users'],
        summary: 'Create an account (officers need a unit; devices need no password)',
        body: Type.Object({
          username: Type.String(),
          displayName: Type.String({ minLength: 1 }),
          role: Role,
          unitCode: Type.Optional(Type.String()),
          areaIds: Type.Optional(Type.Array(Type.Integer())),
          password: Type.Optional(Type.String()),
          requireSecondFactor: Type.Optional(Type.Boolean({ description: 'the account must turn on two-step verification before anything else' })),
        }),
        response: { 201: CurrentUser, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await auth.createUser(req.body, actorOf(req))),
  );

  r.patch(
    '/api/users/:id',
    {
      config: { access: access.roles('admin') },
      schema: {
        tags: ['users'],
        summary: 'Change an account (role, unit, areas, password, disabled, second factor required)',
        params: IdParam,
        body: Type.Object({
          displayName: Type.Optional(Type.String({ minLength: 1 })),
          role: Type.Optional(Role),
          unitCode: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          areaIds: Type.Optional(Type.Array(Type.Integer())),
          password: Type.Optional(Type.String()),
          disabled: Type.Optional(Type.Boolean()),
          requireSecondFactor: Type.Optional(Type.Boolean({ description: 'the account must have two-step verification (besides the roles in TOTP_REQUIRED_ROLES)' })),
          revokeTokens: Type.Optional(Type.Boolean({ description: "with a password change: also revoke the account's API tokens (its sessions always end)" })),
        }),
        response: { 200: CurrentUser, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => auth.updateUser(req.params.id, req.body, actorOf(req)),
  );

  r.get(
    '/api/units',
    {
      config: { access: access.staff },
      schema: {
        tags: ['users'],
        summary: 'Organisational units (departments, ward committees)',
        response: { 200: Type.Object({ units: Type.Array(Type.Object({ id: Type.Number(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String() })) }) },
      },
    },
    async () => ({ units: (await auth.listUnits()).map((u) => ({ id: u.id, code: u.code, nameVi: u.name_vi, nameEn: u.name_en })) }),
  );

  r.post(
    '/api/tokens',
    {
      config: { access: access.staff },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (shown once), read-only or full, expiring (default 90 days, 365 for a device, at most TOKEN_MAX_DAYS). Admins may create one for another account, e.g. a device',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          username: Type.Optional(Type.String()),
          expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          scope: Type.Optional(lit(TOKEN_SCOPES)),
        }),
        response: {
          201: Type.Object({ id: Type.Number(), name: Type.String(), token: Type.String(), username: Type.String(), expiresAt: Type.String(), scope: lit(TOKEN_SCOPES) }),
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const t = await auth.issueApiToken(actorOf(req), currentUser(req), {
        name: req.body.name, username: req.body.username, expiresAt: req.body.expiresAt ? new Date(req.body.expiresAt) : undefined, scope: req.body.scope,
      });
      return reply.status(201).send({ ...t, expiresAt: t.expiresAt.toISOString() });
    },
  );

  r.get(
    '/api/tokens',
    {
      config: { access: access.staff },
      schema: { tags: ['auth'], summary: 'API tokens: your own, or all for an admin', response: { 200: Type.Object({ tokens: Type.Array(TokenInfo) }) } },
    },
    async (req) => {
      const caller = currentUser(req);
      const rows = await auth.listApiTokens(caller.role === 'admin' ? null : caller.id);
      return {
        tokens: rows.map((t) => ({
          id: t.id,
          name: t.name,
          username: t.username,
          createdAt: t.created_at.toISOString(),
          expiresAt: t.expires_at?.toISOString() ?? null,
          lastUsedAt: t.last_used_at?.toISOString() ?? null,
          revoked: t.revoked_at !== null,
          scope: t.scope as TokenScope,
        })),
      };
    },
  );

  r.delete(
    '/api/tokens/:id',
    { config: { access: access.staff }, schema: { tags: ['auth'], summary: 'Revoke an API token', params: IdParam, response: { 204: Type.Null(), 404: ErrorBody } } },
    async (req, reply) => {
      const caller = currentUser(req);
      await auth.revokeApiToken(req.params.id, actorOf(req), caller);
      return reply.status(204).send(null);
    },
  );
}
