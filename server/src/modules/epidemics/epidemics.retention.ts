// How long the people of a closed outbreak keep their identities (Law 91/2025: health data kept
// no longer than its purpose needs). After EPI_ANONYMISE_AFTER_DAYS from the outbreak's closing,
// names, phones, ID numbers, addresses and household/workplace keys are removed and residence
// points coarsened; the figures (codes, wards, dates, classifications, chains) stay.
import type { AppContext } from '../../platform/context.ts';
import type { RetentionPolicy } from '../../platform/retention.ts';
import { readModuleSettings } from '../../config.ts';
import { epidemicsRepository } from './epidemics.repository.ts';

export function epidemicsRetentionPolicies(ctx: AppContext): RetentionPolicy[] {
  const days = readModuleSettings(ctx.config, (env) => env.int('EPI_ANONYMISE_AFTER_DAYS', 365, 1, 3650));
  const repo = epidemicsRepository(ctx.db.kysely);
  return [{
    kind: 'epidemics-closed-outbreaks', setting: 'EPI_ANONYMISE_AFTER_DAYS', days,
    titleVi: 'Danh tính, địa chỉ, hộ gia đình, nơi làm việc và vị trí chính xác của ca bệnh và người tiếp xúc (sau khi đợt dịch đã kết thúc)',
    titleEn: 'Identities, addresses, households, workplaces and exact positions of cases and contacts (after the outbreak was closed)',
    apply: (before) => repo.anonymiseClosedBefore(before),
  }];
}
