// How long the audit log is kept (it names people and what they read).
import type { AppContext } from '../../platform/context.ts';
import type { RetentionPolicy } from '../../platform/retention.ts';
import { readModuleSettings } from '../../config.ts';
import { auditRepository } from './audit.repository.ts';

export function auditRetentionPolicies(ctx: AppContext): RetentionPolicy[] {
  const days = readModuleSettings(ctx.config, (env) => env.int('AUDIT_RETENTION_DAYS', 1825, 30, 36500));
  const repo = auditRepository(ctx.db.kysely);
  return [{
    kind: 'audit-log', setting: 'AUDIT_RETENTION_DAYS', days,
    titleVi: 'Nhật ký kiểm toán (ai đã làm gì, đọc gì)', titleEn: 'Audit log (who did or read what)',
    apply: (before) => repo.deleteBefore(before),
  }];
}
