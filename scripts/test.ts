// `npm test`: type-check, lint, then every test — unit, integration on the embedded engine,
// integration on PostgreSQL + PostGIS (when CITYOPS_TEST_DATABASE_URL is set; required in CI),
// and the browser tests — and a summary of how many tests ran on each database.
import { spawn } from 'node:child_process';
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
const vitest = (name: string, projects: string[] = [name], files: string[] = [], exclude: string[] = []): Step => ({
  name,
  cmd: [
    'npx', 'vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...exclude.flatMap((g) => ['--exclude', g]),
    '--reporter=default', '--reporter=json', `--outputFile.json=test-results/${name}.json`, ...files,
  ],
  results: `test-results/${name}.json`,
});
/**
 * Tests that measure the machine's throughput (the overload test offers ten times the rated
 * ingest rate from worker threads and checks the rate it reached): they run last, alone, since
 * beside the browser suite the load generator itself cannot reach its rate on two cores.
 */
const THROUGHPUT_TESTS = ['server/src/modules/sensors/sensors-overload.int.test.ts'];
// The checks first, in two lanes side by side (each is single-threaded, the machine has two
// cores): their output is printed whole when each finishes.
const checkLanes: Step[][] = [
  [
    { name: 'typecheck', cmd: ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'] },
    // docs/openapi.json must match the served API.
    { name: 'openapi', cmd: ['npx', 'tsx', 'scripts/openapi.ts', '--check'] },
  ],
  [
    { name: 'lint', cmd: ['npx', 'eslint', '.', '--max-warnings=0'] },
    // The Kysely DB type must match the migrations.
    { name: 'schema', cmd: ['npx', 'tsx', 'scripts/schema-types.ts', '--check'] },
  ],
];
// Then the tests in two lanes side by side: unit and embedded (their output live), and the
// browser suite (printed whole when it ends). Neither lane keeps both cores busy on its own (the
// browser suite waits on Chromium and the server a third of the time): together they finish
// sooner than in a row. Every suite picks free ports and its own temporary folder and database,
// so they do not meet.
// The server lane runs at a lower CPU priority (nice 10): the browser suite then runs nearly as
// fast as alone — its waits on the screen keep their usual timing — and the server suites,
// whose limits are generous, fill the time the browser suite leaves idle.
const niced = (step: Step): Step => ({ ...step, cmd: ['nice', '-n', '10', ...step.cmd] });
const serverLane: Step[] = [vitest('unit'), vitest('embedded', ['embedded'], [], THROUGHPUT_TESTS)].map(niced);
const browserLane: Step[] = [vitest('e2e')];
// Then, alone: the throughput tests on the embedded engine, and the PostgreSQL suite (throughput
// test included). The browser suite is the longer lane, so the PostgreSQL suite beside it would
// end no sooner than after it.
const lastAlone: Step[] = [vitest('throughput', ['embedded'], THROUGHPUT_TESTS), ...(pgUrl ? [vitest('postgres')] : [])];

interface Outcome {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  ok: boolean;
  seconds: number;
}
const summary: Outcome[] = [];

function counts(step: Step): { passed: number; failed: number; skipped: number } {
  if (!step.results) return { passed: 0, failed: 0, skipped: 0 };
  try {
    const j = JSON.parse(readFileSync(step.results, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    return { passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + j.numTodoTests };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

/** Runs a step with its output shown live (`inherit`) or collected and printed when it ends. */
function run(step: Step, live: boolean): Promise<Outcome> {
  if (step.results) rmSync(step.results, { force: true });
  // Phase times are printed in the summary and recorded in docs/testing.md.
  const started = performance.now();
  if (live) console.log(`\n▶ ${step.name}: ${step.cmd.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(step.cmd[0]!, step.cmd.slice(1), { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: process.env });
    const output: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => output.push(b));
    child.stderr?.on('data', (b: Buffer) => output.push(b));
    const finish = (status: number | null) => {
      if (!live) {
        console.log(`\n▶ ${step.name}: ${step.cmd.join(' ')}`);
        process.stdout.write(Buffer.concat(output));
      }
      const c = counts(step);
      resolve({ name: step.name, ...c, ok: status === 0 && c.failed === 0, seconds: Math.round((performance.now() - started) / 1000) });
    };
    child.on('error', () => finish(1));
    child.on('close', finish);
  });
}

const laneResults = await Promise.all(
  checkLanes.map(async (lane) => {
    const out: Outcome[] = [];
    for (const step of lane) out.push(await run(step, false));
    return out;
  }),
);
summary.push(...laneResults.flat());
const testsStarted = performance.now();
const [serverOutcomes, browserOutcomes] = await Promise.all([
  (async () => {
    const out: Outcome[] = [];
    for (const step of serverLane) out.push(await run(step, true));
    return out;
  })(),
  (async () => {
    const out: Outcome[] = [];
    for (const step of browserLane) out.push(await run(step, false));
    return out;
  })(),
]);
summary.push(...serverOutcomes, ...browserOutcomes);
const testsSeconds = Math.round((performance.now() - testsStarted) / 1000);
for (const step of lastAlone) summary.push(await run(step, true));

console.log('\n──────── cityops test summary ────────');
for (const s of summary) {
  const counts = ['typecheck', 'lint', 'schema', 'openapi'].includes(s.name) ? '' : `: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
  const label =
    s.name === 'embedded' ? 'integration on embedded PGlite + PostGIS' : s.name === 'postgres' ? 'integration on PostgreSQL + PostGIS server' : s.name === 'throughput' ? 'throughput (overload) on embedded PGlite, alone' : s.name;
  console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${label}${counts} (${s.seconds} s)`);
}
console.log(`     the test lanes side by side: ${testsSeconds} s`);
if (!pgUrl) console.log('skip integration on PostgreSQL: set CITYOPS_TEST_DATABASE_URL (see .ci/run) to run it');
const total = summary.reduce((a, s) => ({ passed: a.passed + s.passed, failed: a.failed + s.failed }), { passed: 0, failed: 0 });
const allOk = summary.every((s) => s.ok);
console.log(`${total.passed} passed, ${total.failed + (allOk ? 0 : total.failed === 0 ? 1 : 0)} failed`);
process.exit(allOk ? 0 : 1);
