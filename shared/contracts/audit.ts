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
