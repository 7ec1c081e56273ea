// Tasks module (chỉ đạo điều hành): tasks leaders assign to units from documents, meeting
// conclusions or by hand; progress, extensions, confirmation; official buckets and rates;
// reminders and escalation through the notifications module.
import type { ServerModule } from '../../platform/context.ts';
import { tasksRoutes } from './tasks.routes.ts';
import type { TasksService } from './tasks.service.ts';
import { seedDemoTasks } from './demo.ts';

export { createTasksService, rates, type TasksService } from './tasks.service.ts';

/** Minutes between two reminder sweeps. */
const CHECK_MS = 15 * 60_000;

export const tasksModule: ServerModule<{ tasks: TasksService }> = {
  name: 'tasks',
  routes: (app, _ctx, { tasks }) => tasksRoutes(app, tasks),
  async prepare(ctx, { demo }) {
    if (!demo) return;
    const seeded = await seedDemoTasks(ctx.db.kysely, ctx.clock.now());
    if (seeded.seeded) ctx.log.info({ tasks: seeded.tasks }, 'demo tasks created');
  },
  async start(ctx, { tasks }) {
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      running = tasks.runReminders().catch((err: unknown) => ctx.log.error({ err }, 'task reminders failed'));
    };
    tick();
    const timer = setInterval(tick, CHECK_MS);
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  },
};
