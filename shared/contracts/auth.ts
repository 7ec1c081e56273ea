// Sign-in, the current user and API tokens: TypeBox schemas (the auth routes) with their static types.
import { Type, type Static } from 'typebox';
import { lit, Nullable } from './schema.ts';

export const AccountRoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('leader'),
  Type.Literal('operator'),
  Type.Literal('officer'),
  Type.Literal('device'),
]);

export const LoginRequestSchema = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 1000 }),
  /** For an account with a second factor: the 6-digit code of its authenticator app, or a recovery code. */
  totp: Type.Optional(Type.String({ maxLength: 20 })),
});
export type LoginRequest = Static<typeof LoginRequestSchema>;

export const CurrentUserSchema = Type.Object({
  id: Type.Number(),
  username: Type.String(),
  displayName: Type.String(),
  role: AccountRoleSchema,
  unit: Type.Union([
    Type.Object({ id: Type.Number(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String() }),
    Type.Null(),
  ]),
  /** Areas an officer acts for (code + validity identifies one). */
  areas: Type.Array(Type.Object({ id: Type.Number(), code: Type.String(), nameVi: Type.String(), validFrom: Type.String() })),
  /** The account must have two-step verification (its role is in TOTP_REQUIRED_ROLES, or an admin asked for it). */
  secondFactorRequired: Type.Boolean(),
  /**
   * Required and not on yet: until it is, a session may only turn it on (403
   * `second_factor_required` elsewhere). From `/api/auth/me`: whether this caller is held back
   * (an API token never is).
   */
  secondFactorMissing: Type.Boolean(),
});
export type CurrentUser = Static<typeof CurrentUserSchema>;

/** An account as the administration screen lists it: whether it is disabled and has a second factor. */
export const AdminUserSchema = Type.Object({
  ...CurrentUserSchema.properties,
  disabled: Type.Boolean(),
  secondFactor: Type.Boolean(),
  /** An admin requires a second factor of this account (whatever its role). */
  requireSecondFactor: Type.Boolean(),
});
export type AdminUser = Static<typeof AdminUserSchema>;

export const LoginResponseSchema = Type.Object({
  /** Usable as `Authorization: Bearer <token>`; the same session is also set as a cookie. */
  token: Type.String(),
  user: CurrentUserSchema,
});
export type LoginResponse = Static<typeof LoginResponseSchema>;

/** What an API token may do: `read` (GET requests only) or `full` (everything its account may). */
export const TOKEN_SCOPES = ['read', 'full'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** An API token as listed (the token itself is shown once, when issued). */
export const TokenInfoSchema = Type.Object({
  id: Type.Number(),
  name: Nullable(Type.String()),
  username: Type.String(),
  createdAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
  revoked: Type.Boolean(),
  scope: lit(TOKEN_SCOPES),
});
export type TokenInfo = Static<typeof TokenInfoSchema>;

/** The signed-in user's second factor (TOTP, RFC 6238). */
export const SecondFactorStatusSchema = Type.Object({
  enabled: Type.Boolean(),
  enabledAt: Type.Union([Type.String(), Type.Null()]),
  recoveryCodesLeft: Type.Integer(),
});
export type SecondFactorStatus = Static<typeof SecondFactorStatusSchema>;

/** Enrolment: the secret as an otpauth:// URI, as an SVG QR code, and as text to type in. */
export const SecondFactorEnrolmentSchema = Type.Object({ secret: Type.String(), uri: Type.String(), qrSvg: Type.String() });
export type SecondFactorEnrolment = Static<typeof SecondFactorEnrolmentSchema>;

export const SecondFactorEnabledSchema = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export type SecondFactorEnabled = Static<typeof SecondFactorEnabledSchema>;
