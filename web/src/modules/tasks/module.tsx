// Direction (server module tasks): the task list, a task's page (progress, done, confirmation,
// extensions) and the leaders' direction dashboard.
import type { WebModule } from '../../app/web-module.ts';
import { lazyPage } from '../../app/lazy-page.tsx';
import { PAGE_PATTERNS } from '../../../../shared/routes.ts';

const TasksPage = lazyPage(() => import('./TasksPage.tsx'), 'TasksPage');
const TaskPage = lazyPage(() => import('./TaskPage.tsx'), 'TaskPage');
const DirectionPage = lazyPage(() => import('./DirectionPage.tsx'), 'DirectionPage');

export const tasksWebModule: WebModule = {
  id: 'tasks',
  nav: [
    { labelKey: 'tasks.navDirection', to: '/direction', roles: ['admin', 'leader', 'operator'], testId: 'nav-direction' },
    { labelKey: 'tasks.nav', to: '/tasks', testId: 'nav-tasks' },
  ],
  routes: [
    { path: PAGE_PATTERNS.tasks, element: <TasksPage /> },
    { path: PAGE_PATTERNS.task, element: <TaskPage /> },
    { path: '/direction', element: <DirectionPage /> },
  ],
};
