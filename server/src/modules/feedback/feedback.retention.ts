// How long citizens' contacts are kept after their report is finished (Law 91/2025).
import type { AppContext } from '../../platform/context.ts';
import type { RetentionPolicy } from '../../platform/retention.ts';
import { readModuleSettings } from '../../config.ts';
import { feedbackRepository } from './feedback.repository.ts';

export function feedbackRetentionPolicies(ctx: AppContext): RetentionPolicy[] {
  const days = readModuleSettings(ctx.config, (env) => env.int('FEEDBACK_CONTACT_RETENTION_DAYS', 365, 1, 3650));
  const repo = feedbackRepository(ctx.db.kysely);
  return [{
    kind: 'feedback-contacts', setting: 'FEEDBACK_CONTACT_RETENTION_DAYS', days,
    titleVi: 'Họ tên, số điện thoại, thư điện tử và địa chỉ IP của người phản ánh (sau khi phản ánh đã đóng hoặc bị từ chối)',
    titleEn: "Citizens' names, phone numbers, e-mail and IP addresses (after the report was closed or rejected)",
    apply: (before) => repo.forgetContactsOfReportsFinishedBefore(before),
  }];
}
