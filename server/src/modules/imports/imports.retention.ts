// How long the imports module keeps what people uploaded (Law 91/2025: files and rejected rows
// often hold names, phone numbers and ID numbers).
import type { AppContext } from '../../platform/context.ts';
import type { RetentionPolicy } from '../../platform/retention.ts';
import { readModuleSettings } from '../../config.ts';
import { importsRepository } from './imports.repository.ts';

export function importsRetentionPolicies(ctx: AppContext): RetentionPolicy[] {
  const days = readModuleSettings(ctx.config, (env) => ({
    files: env.int('IMPORT_FILE_RETENTION_DAYS', 30, 1, 3650),
    rejects: env.int('IMPORT_REJECT_RETENTION_DAYS', 180, 1, 3650),
  }));
  const repo = importsRepository(ctx.db.kysely);
  return [
    {
      kind: 'import-files', setting: 'IMPORT_FILE_RETENTION_DAYS', days: days.files,
      titleVi: 'Tệp đã tải lên để nhập dữ liệu (sau khi lượt nhập kết thúc)', titleEn: 'Uploaded import files (after the import ended)',
      apply: (before) => repo.deleteFilesOfJobsEndedBefore(before),
    },
    {
      kind: 'import-rejects', setting: 'IMPORT_REJECT_RETENTION_DAYS', days: days.rejects,
      titleVi: 'Dòng bị từ chối khi nhập dữ liệu', titleEn: 'Rows rejected by imports',
      apply: (before) => repo.deleteRejectsOfJobsEndedBefore(before),
    },
  ];
}
