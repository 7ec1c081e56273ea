// `npm test`: type-check, lint, then every test — unit, integration on the embedded engine,
// integration on PostgreSQL + PostGIS (when CITYOPS_TEST_DATABASE_URL is set; required in CI),
// and the browser tests — and a summary of how many tests ran on each database.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Step {
  name: string;
  cmd: string[];
  results?: string;
}

const pgUrl = process.env.CITYOPS_TEST_DATABASE_URL;
if (!pgUrl && process.env.CI) {
  console.error('CI run without CITYOPS_TEST_DATABASE_URL: the PostgreSQL suite may not be skipped.');
  process.exit(1);
}

mkdirSync('test-results', { recursive: true });
const vitest = (project: string): Step => ({
  name: project,
  cmd: ['npx', 'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=test-results/${project}.json`],
  results: `test-results/${project}.json`,
});
const steps: Step[] = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'lint', cmd: ['npx', 'eslint', '.', '--max-warnings=0'] },
  // The Kysely DB type must match the migrations; docs/openapi.json must match the served API.
  { name: 'schema', cmd: ['npx', 'tsx', 'scripts/schema-types.ts', '--check'] },
  { name: 'openapi', cmd: ['npx', 'tsx', 'scripts/openapi.ts', '--check'] },
  vitest('unit'),
  vitest('embedded'),
  ...(pgUrl ? [vitest('postgres')] : []),
  vitest('e2e'),
];

const summary: { name: string; passed: number; failed: number; skipped: number; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  console.log(`\n▶ ${step.name}: ${step.cmd.join(' ')}`);
  if (step.results) rmSync(step.results, { force: true });
  // Phase times are printed in the summary and recorded in docs/testing.md.
  const started = performance.now();
  const r = spawnSync(step.cmd[0]!, step.cmd.slice(1), { stdio: 'inherit', env: process.env });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (step.results) {
    try {
      const j = JSON.parse(readFileSync(step.results, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
      passed = j.numPassedTests;
      failed = j.numFailedTests;
      skipped = j.numPendingTests + j.numTodoTests;
    } catch {
      failed = failed || 1;
    }
  }
  summary.push({ name: step.name, passed, failed, skipped, ok: r.status === 0 && failed === 0, seconds: Math.round((performance.now() - started) / 1000) });
}

console.log('\n──────── cityops test summary ────────');
for (const s of summary) {
  const counts = ['typecheck', 'lint', 'schema', 'openapi'].includes(s.name) ? '' : `: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
  const label = s.name === 'embedded' ? 'integration on embedded PGlite + PostGIS' : s.name === 'postgres' ? 'integration on PostgreSQL + PostGIS server' : s.name;
  console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${label}${counts} (${s.seconds} s)`);
}
if (!pgUrl) console.log('skip integration on PostgreSQL: set CITYOPS_TEST_DATABASE_URL (see .ci/run) to run it');
const total = summary.reduce((a, s) => ({ passed: a.passed + s.passed, failed: a.failed + s.failed }), { passed: 0, failed: 0 });
const allOk = summary.every((s) => s.ok);
console.log(`${total.passed} passed, ${total.failed + (allOk ? 0 : total.failed === 0 ? 1 : 0)} failed`);
process.exit(allOk ? 0 : 1);
