// Documents module: the register of incoming and outgoing documents (Decree 30/2020/NĐ-CP),
// their files and text, search, case files, the Appendix IV registers.
import type { ServerModule } from '../../platform/context.ts';
import { documentsRoutes } from './documents.routes.ts';
import type { DocumentsService } from './documents.service.ts';
import { seedDemoDocuments } from './demo.ts';

export { createDocumentsService, type DocumentsService } from './documents.service.ts';
export { checkUpload } from './files.ts';
// The DejaVu fonts of the PDF registers, reused by the consolidated reports of the reporting module.
export { FONT_BOLD, FONT_REGULAR } from './registers.ts';
export { generateDemoFiles } from './demo-files.ts';

export const documentsModule: ServerModule<{ documents: DocumentsService }> = {
  name: 'documents',
  routes: (app, _ctx, { documents }) => documentsRoutes(app, documents),
  async prepare(ctx, { demo }, { documents }) {
    documents.settings();
    if (!demo) return;
    const seeded = await seedDemoDocuments(ctx.db.kysely, ctx.clock.now());
    if (seeded.seeded) ctx.log.info({ documents: seeded.documents }, 'demo documents created');
  },
};
