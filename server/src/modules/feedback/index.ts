// Feedback module: citizens' reports (phản ánh hiện trường) from the web, Open311 and the call
// centre; routing, deadlines in working days, workflow with timeline, duplicates, leader stats.
import type { ServerModule } from '../../platform/context.ts';
import { BUILT_IN_CATEGORIES } from './categories.ts';
import { seedDemoFeedback } from './demo.ts';
import { feedbackRepository } from './feedback.repository.ts';
import { feedbackRoutes } from './feedback.routes.ts';
import { readFeedbackSettings, type FeedbackService } from './feedback.service.ts';

export { createFeedbackService, photoUrl, type FeedbackService, type IntakeInput } from './feedback.service.ts';
export { BUILT_IN_CATEGORIES } from './categories.ts';
export { feedbackRetentionPolicies } from './feedback.retention.ts';
export { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.ts';
export { VN_HOLIDAYS } from './holidays.ts';
// The working-day calendar and the masking of contacts, shared with the procedures module.
export { maskName, maskPhone } from './masking.ts';

export const feedbackModule: ServerModule<{ feedback: FeedbackService }> = {
  name: 'feedback',
  routes: (app, _ctx, { feedback }) => feedbackRoutes(app, feedback),
  async prepare(ctx, { demo }) {
    readFeedbackSettings(ctx);
    const repo = feedbackRepository(ctx.db.kysely);
    let order = 0;
    for (const c of BUILT_IN_CATEGORIES) {
      await repo.upsertCategory({ ...c, sortOrder: order++ });
      const unit = (await repo.unitByCode(c.departmentUnit)) ?? (await repo.unitByCode('ioc'));
      if (unit) await repo.insertDefaultRule(c.code, unit.id);
    }
    if (!demo) return;
    const seeded = await seedDemoFeedback(ctx.db.kysely, ctx.clock.now());
    if (seeded.seeded) ctx.log.info({ reports: seeded.reports }, 'demo feedback history created');
  },
  async start(ctx, { feedback: service }) {
    const every = service.settings.checkMinutes * 60_000;
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      running = service.runDeadlineChecks().catch((err: unknown) => ctx.log.error({ err }, 'feedback deadline check failed'));
    };
    tick();
    const timer = setInterval(tick, every);
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  },
};
