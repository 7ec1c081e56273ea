// Retention policies as admins see them (Law 91/2025): what is removed after how many days,
// the setting that changes it, and the last run.
import { Type, type Static } from 'typebox';
import { Nullable } from './schema.ts';

export const RetentionPolicySchema = Type.Object({
  kind: Type.String(),
  titleVi: Type.String(),
  titleEn: Type.String(),
  days: Type.Integer(),
  setting: Type.String({ description: 'the environment variable that sets `days`' }),
  lastRun: Nullable(Type.Object({ at: Type.String({ format: 'date-time' }), changed: Type.Integer(), error: Nullable(Type.String()) })),
});
export type RetentionPolicyView = Static<typeof RetentionPolicySchema>;
export const RetentionListSchema = Type.Object({ policies: Type.Array(RetentionPolicySchema) });
export type RetentionList = Static<typeof RetentionListSchema>;
