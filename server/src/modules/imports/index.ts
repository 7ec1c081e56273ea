// Imports module: files (CSV, XLSX, GeoJSON, zipped Shapefile; WGS 84 or VN-2000) into
// datasets as background jobs that lose nothing — every rejected row is kept with its reasons.
import type { ServerModule } from '../../platform/context.ts';
import { importsRoutes } from './imports.routes.ts';
import type { ImportsService } from './imports.service.ts';
import type { ImportQueue } from './imports.jobs.ts';
import { importsRepository } from './imports.repository.ts';

export { ImportQueue } from './imports.jobs.ts';
export { importsRetentionPolicies } from './imports.retention.ts';
export { createImportsService, type ImportsService } from './imports.service.ts';

export const importsModule: ServerModule<{ imports: ImportsService; importQueue: ImportQueue }> = {
  name: 'imports',
  async routes(app, _ctx, { imports, importQueue }) {
    // Stop after the current batch when the server closes; the job resumes at the next start.
    app.addHook('onClose', async () => importQueue.stop());
    await importsRoutes(app, imports);
  },
  async prepare(ctx, _opts, { importQueue }) {
    const requeued = await importsRepository(ctx.db.kysely).requeueRunning();
    if (requeued) ctx.log.info({ requeued }, 'import jobs left running are queued again');
    importQueue.kick();
  },
};
