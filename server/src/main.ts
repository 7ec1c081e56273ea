// cityops server entry: configuration, database, HTTP, start-up stages, clean shutdown.
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase } from './platform/db/database.ts';
import { Lifecycle } from './platform/lifecycle.ts';
import { prepare, startBackground } from './startup.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './modules/auth/index.ts';

let config: Config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`cityops: ${e.message}\nSee .env.example and the README's Configuration section.`);
    process.exit(1);
  }
  throw e;
}

const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const lifecycle = new Lifecycle();
const { app, ctx, services } = await buildApp({ config, db, lifecycle });

let stopBackground: () => Promise<void> = async () => {};
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  lifecycle.set('stopping');
  app.log.info({ signal }, 'shutting down');
  try {
    await stopBackground();
    await app.close();
  } finally {
    await db.close();
    app.log.info('database closed cleanly');
    process.exit(0);
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

await app.listen({ port: config.port, host: config.host });
app.log.info(
  { db: db.kind, dataDir: db.kind === 'embedded' ? config.dataDir : undefined, demo: config.demo },
  'listening; preparing the database (see GET /api/health)',
);
try {
  await prepare(ctx, services);
} catch (e) {
  lifecycle.error = (e as Error).message;
  app.log.fatal({ err: e }, 'start-up failed');
  console.error(`cityops: start-up failed: ${(e as Error).message}`);
  await app.close();
  await db.close();
  process.exit(1);
}

stopBackground = await startBackground(ctx, services);

const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
console.log(`\ncityops ${db.kind === 'embedded' ? '(embedded PostgreSQL + PostGIS in ' + config.dataDir + ')' : '(PostgreSQL server)'} is ready at ${url}`);
if (config.demo) {
  console.log(`DEMO MODE: accounts ${DEMO_ACCOUNTS.join(', ')} — password "${DEMO_PASSWORD}". Do not use demo mode in production (CITYOPS_DEMO=false).\n`);
}
