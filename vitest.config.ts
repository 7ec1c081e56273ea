import { defineConfig } from 'vitest/config';

// Test sizes: unit (no I/O), integration (real HTTP + a real database: the embedded engine,
// and PostgreSQL + PostGIS when CITYOPS_TEST_DATABASE_URL is set), e2e (real Chromium).
const integration = (db: 'embedded' | 'postgres') => ({
  test: {
    name: db,
    include: ['server/**/*.int.test.ts'],
    env: { CITYOPS_TEST_DB: db },
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks' as const,
    isolate: false,
    // Each file starts its own server and database copy; two at a time fit two cores.
    maxWorkers: 2,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['server/**/*.unit.test.ts', 'shared/**/*.unit.test.ts', 'web/**/*.unit.test.ts', 'e2e/**/*.unit.test.ts'] } },
      integration('embedded'),
      integration('postgres'),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
