// Documents (server module documents): the register of incoming and outgoing documents with
// search (with or without diacritics), files, routing to a task and the Appendix IV registers.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';

const DocumentsPage = lazyPage(() => import('./DocumentsPage.tsx'), 'DocumentsPage');

export const documentsWebModule: WebModule = {
  id: 'documents',
  nav: [{ labelKey: 'documents.nav', to: '/documents', testId: 'nav-documents' }],
  routes: [{ path: '/documents', element: <DocumentsPage /> }],
};
