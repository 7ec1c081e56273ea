// Reporting module (chế độ báo cáo, nhập liệu): periodic report forms as versioned data, entry
// and approval, completeness and reminders, imports, targets and analysis, consolidated
// reports (templates, scheduled runs, PDF/XLSX/DOCX files).
import type { ServerModule } from '../../platform/context.ts';
import { readMarker, writeMarker } from '../../platform/db/app-state.ts';
import { VN_HOLIDAYS } from '../feedback/index.ts';
import { reportingRoutes } from './reporting.routes.ts';
import type { ReportingService } from './reporting.service.ts';
import type { ReportsService } from './reports.service.ts';
import { seedDemoReporting } from './demo.ts';

export { createReportingService, type ReportingService } from './reporting.service.ts';
export { createReportsService, type ReportsService } from './reports.service.ts';

/** Minutes between two sweeps of reminders and scheduled reports. */
const CHECK_MS = 15 * 60_000;

export const reportingModule: ServerModule<{ reporting: ReportingService; reports: ReportsService }> = {
  name: 'reporting',
  routes: (app, _ctx, { reporting, reports }) => reportingRoutes(app, reporting, reports),
  async prepare(ctx, { demo }, { reporting }) {
    // The deadline calendar starts from the public holidays the feedback module knows; admins edit it.
    if (!(await readMarker(ctx.db.kysely, 'seed.reporting-holidays'))) {
      await reporting.putHolidays([
        ...VN_HOLIDAYS.map((h) => ({ day: h.date, nameVi: h.nameVi, nameEn: h.nameEn })),
        // Tết Giáp Thìn 2024 and the other 2024 days off (demo history reaches back to 2024).
        ...['2024-01-01', '2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-04-18', '2024-04-29', '2024-04-30', '2024-05-01', '2024-09-02', '2024-09-03']
          .map((day) => ({ day, nameVi: day.startsWith('2024-02') ? 'Tết Nguyên đán' : 'Ngày nghỉ lễ', nameEn: day.startsWith('2024-02') ? 'Lunar New Year' : 'Public holiday' })),
      ]);
      await writeMarker(ctx.db.kysely, 'seed.reporting-holidays', { at: ctx.clock.now().toISOString() });
    }
    if (!demo) return;
    const seeded = await seedDemoReporting(ctx.db.kysely, ctx.clock.now());
    if (seeded.seeded) ctx.log.info({ submissions: seeded.submissions, runs: seeded.runs }, 'demo reports created');
  },
  async start(ctx, { reporting, reports }) {
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      running = running
        .then(() => reports.runSchedules()).catch((err: unknown) => ctx.log.error({ err }, 'scheduled reports failed'))
        .then(() => reporting.remind()).catch((err: unknown) => ctx.log.error({ err }, 'report reminders failed'));
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
