// The audit log as the API returns it (GET /api/audit, admin only).
import { Type, type Static } from 'typebox';
import { Nullable } from './schema.ts';

export const AuditEntrySchema = Type.Object({
  id: Type.Number(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  actorId: Nullable(Type.Number()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  /** What the action concerned: free-form, per action (open JSON). */
  details: Type.Record(Type.String(), Type.Unknown()),
  ip: Nullable(Type.String()),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

export const AuditListSchema = Type.Object({ entries: Type.Array(AuditEntrySchema) });
export type AuditList = Static<typeof AuditListSchema>;

/**
 * Audit actions that are reads of personal data in clear (Law 91/2025). A module that shows
 * personal data records one of these (with `details.count` when it shows several records at
 * once); the unusual-access screen counts them.
 */
export const PERSONAL_READ_ACTIONS = ['dataset.personal_read', 'feedback.reveal_contact', 'privacy.subject_export', 'import.rejected_download', 'epidemics.person_read', 'epidemics.personal_export'] as const;

/** One account's reads of personal data on one day (Ho Chi Minh City time). */
export const PersonalReadDaySchema = Type.Object({
  actor: Type.String(),
  day: Type.String({ format: 'date' }),
  /** Records (or contacts) shown in clear. */
  items: Type.Integer(),
  /** Requests that showed them. */
  reads: Type.Integer(),
  /** The account's usual day: the median of its daily items over the 30 days before. */
  usual: Type.Number(),
  unusual: Type.Boolean(),
});
export type PersonalReadDay = Static<typeof PersonalReadDaySchema>;

export const PersonalReadsSchema = Type.Object({
  /** An account's day is unusual when items ≥ max(minItems, factor × usual). */
  minItems: Type.Integer(),
  factor: Type.Number(),
  days: Type.Array(PersonalReadDaySchema),
});
export type PersonalReads = Static<typeof PersonalReadsSchema>;
