// Imports module: files (CSV, XLSX, GeoJSON, zipped Shapefile; WGS 84 or VN-2000) into
// datasets as background jobs that lose nothing — every rejected row is kept with its reasons.
import type { ServerModule } from '../../platform/context.ts';
import { importsRoutes } from './imports.routes.ts';
import { createImportsService } from './imports.service.ts';
import { importQueue } from './imports.jobs.ts';
import { importsRepository } from './imports.repository.ts';

export { importQueue } from './imports.jobs.ts';
export { createImportsService, type ImportsService } from './imports.service.ts';

export const importsModule: ServerModule = {
  name: 'imports',
  async routes(app, ctx) {
    const queue = importQueue(ctx);
    // Stop after the current batch when the server closes; the job resumes at the next start.
    app.addHook('onClose', async () => queue.stop());
    await importsRoutes(app, createImportsService(ctx, queue));
  },
  async prepare(ctx) {
    const requeued = await importsRepository(ctx.db.kysely).requeueRunning();
    if (requeued) ctx.log.info({ requeued }, 'import jobs left running are queued again');
    importQueue(ctx).kick();
  },
};
