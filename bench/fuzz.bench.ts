// The long run of the security suite's property-based fuzzing (issue 14): the same parser
// properties as `npm test` (server/test/fuzz/parser-properties.ts) with many more runs, and a
// fresh seed unless one is given. Prints one JSON line per property.
//
//   FUZZ_RUNS   total runs over all parser properties (default 200000)
//   FUZZ_SEED   seed (default: a random one, printed so that a failure can be replayed)
import { PARSER_PROPERTIES, runsOf } from '../server/test/fuzz/parser-properties.ts';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 200_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

let failed = false;
for (const p of PARSER_PROPERTIES) {
  const runs = runsOf(p, TOTAL);
  const started = performance.now();
  try {
    await p.run(runs, SEED);
    console.log(JSON.stringify({ bench: 'fuzz', property: p.name, runs, seed: SEED, ok: true, ms: Math.round(performance.now() - started) }));
  } catch (e) {
    failed = true;
    console.log(JSON.stringify({ bench: 'fuzz', property: p.name, runs, seed: SEED, ok: false, error: (e as Error).message.slice(0, 4000) }));
  }
}
process.exit(failed ? 1 : 0);
