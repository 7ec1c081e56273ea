// Writes the OpenAPI document that the server serves at /api/openapi.json to docs/openapi.json,
// so integrators (and reviewers) see every change to the API in the diff.
//
//   npx tsx scripts/openapi.ts          writes docs/openapi.json
//   npx tsx scripts/openapi.ts --check  fails when the checked-in file differs (npm test)
//
// The document is built from the route schemas alone: no migrations or data are needed. The
// integration test server/src/modules/system/openapi.int.test.ts also compares the document a
// running server serves with this file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { OPENAPI_FILE, serializeOpenApi } from '../server/src/platform/http/openapi-file.ts';
import { writeOrCheck } from './write-or-check.ts';

const dir = mkdtempSync(join(tmpdir(), 'cityops-openapi-'));
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', PORT: '0', CITYOPS_DEMO: 'true' });
const db = openDatabase({ dataDir: config.dataDir });
let text: string;
try {
  const { app } = await buildApp({ config, db, logger: false });
  await app.ready();
  text = serializeOpenApi(app.swagger());
  await app.close();
} finally {
  // The engine starts as soon as it is opened; let it finish before closing it.
  await db.ready.catch(() => undefined);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

writeOrCheck(OPENAPI_FILE, text, {
  differs: 'docs/openapi.json differs from the API the server serves: run `npx tsx scripts/openapi.ts` and commit the result.',
  matches: 'docs/openapi.json matches the served API',
});
// The embedded engine and the app's timers may keep the event loop alive after closing.
process.exit(0);
