// `npm run bench`: runs every benchmark in bench/ and prints one JSON line per result.
// Set BENCH_DATABASE_URL to also run against a PostgreSQL server.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.bench.ts')).sort();
let failed = false;
for (const f of files) {
  console.error(`▶ bench/${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${f}`], { stdio: 'inherit' });
  failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
