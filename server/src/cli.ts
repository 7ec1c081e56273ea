// Administration from the command line (stop the server first when using the embedded engine:
// its data folder has one owner at a time).
//   npm run cli -- create-admin <username>          password from CITYOPS_PASSWORD or prompted
//   npm run cli -- set-password <username>
//   npm run cli -- disable-user <username>
//   npm run cli -- create-token <username> <name>    prints an API token (e.g. for a device)
//   npm run cli -- load-areas <file.geojson> --scheme S --level L --valid-from YYYY-MM-DD [--valid-to D] [--parent CODE]
//   npm run cli -- seed-city [--scale 1]                replaces the synthetic records with the city scenario (168 units, ~324k points at scale 1)
//   npm run cli -- demo-document-files [--count 300]    PDFs (one in five scanned, read by OCR) for the latest demo documents
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { SYSTEM_ACTOR } from './platform/actor.ts';
import type { AccountRole } from '../../shared/contracts/roles.ts';
import { areasRepository, loadBoundaryFeatures, loadBuiltInBoundaries, readGeoJson } from './modules/areas/index.ts';
import { passwordProblem } from './modules/auth/index.ts';
import { seedCityScenario } from './modules/datasets/demo/city-scenario.ts';
import { generateDemoFiles } from './modules/documents/index.ts';
import { userActor } from './platform/actor.ts';

const USAGE = `usage: npm run cli -- <command>
  create-admin <username>
  set-password <username>
  disable-user <username>
  create-token <username> <name>
  load-areas <file.geojson> --scheme S --level L --valid-from YYYY-MM-DD [--valid-to YYYY-MM-DD] [--parent CODE]
  seed-city [--scale 1]
  demo-document-files [--count 300]`;

async function readPassword(): Promise<string> {
  const fromEnv = process.env.CITYOPS_PASSWORD;
  const password = fromEnv ?? (await createInterface({ input: process.stdin, output: process.stdout }).question('New password: '));
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  return password;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { scheme: { type: 'string' }, level: { type: 'string' }, 'valid-from': { type: 'string' }, 'valid-to': { type: 'string' }, parent: { type: 'string' }, scale: { type: 'string' }, count: { type: 'string' } },
  });
  const [command, ...args] = positionals;
  if (!command) throw new Error(USAGE);
  const config = { ...loadConfig(), logLevel: 'warn' };
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { ctx, services, app } = await buildApp({ config, db, logger: false });
  const { auth } = services;
  try {
    await db.ready;
    await migrate(db);
    await loadBuiltInBoundaries(db.kysely);
    const user = async (name: string | undefined) => {
      const u = name ? await auth.findUserByUsername(name) : undefined;
      if (!u) throw new Error(`no user "${name ?? ''}"`);
      return u;
    };
    switch (command) {
      case 'create-admin': {
        const username = args[0];
        if (!username) throw new Error(USAGE);
        const created = await auth.createUser({ username, displayName: username, role: 'admin', password: await readPassword() }, SYSTEM_ACTOR);
        console.log(`admin "${created.username}" created`);
        break;
      }
      case 'set-password': {
        const u = await user(args[0]);
        await auth.updateUser(u.id, { password: await readPassword() }, SYSTEM_ACTOR);
        console.log(`password of "${u.username}" changed`);
        break;
      }
      case 'disable-user': {
        const u = await user(args[0]);
        await auth.updateUser(u.id, { disabled: true }, SYSTEM_ACTOR);
        console.log(`"${u.username}" disabled`);
        break;
      }
      case 'create-token': {
        const u = await user(args[0]);
        const t = await auth.issueApiToken(SYSTEM_ACTOR, { id: u.id, username: u.username, role: u.role as AccountRole, unitId: u.unit_id, areaIds: [] }, { name: args[1] ?? 'cli' });
        console.log(t.token);
        break;
      }
      case 'seed-city': {
        const scale = Number(values.scale ?? '1');
        if (!(scale > 0 && scale <= 10)) throw new Error('--scale must be a number in (0, 10]');
        const r = await seedCityScenario(ctx.db.kysely, { scale, log: (m) => console.log(m) });
        console.log(`city scenario: ${r.records} records (${r.points} points) over ${r.wards} units in ${Math.round(r.ms / 1000)} s`);
        break;
      }
      case 'demo-document-files': {
        const count = Number(values.count ?? '300');
        if (!(Number.isInteger(count) && count > 0 && count <= 10_000)) throw new Error('--count must be a whole number from 1 to 10000');
        const admin = await user('admin');
        const actor = userActor({ id: admin.id, username: admin.username, role: 'admin', unitId: admin.unit_id, areaIds: [] });
        const n = await generateDemoFiles(services.documents, actor, count, (m) => console.log(m));
        console.log(`${n} demo document files attached`);
        break;
      }
      case 'load-areas': {
        const file = args[0];
        if (!file || !values.scheme || !values['valid-from']) throw new Error(USAGE);
        const ids = await ctx.db.kysely.transaction().execute((tx) =>
          loadBoundaryFeatures(areasRepository(tx), readGeoJson(file), {
            scheme: values.scheme!,
            level: values.level,
            validFrom: values['valid-from']!,
            validTo: values['valid-to'] ?? null,
            parentCode: values.parent,
          }),
        );
        console.log(`${ids.size} areas loaded from ${file}`);
        break;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await app.close();
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : `cityops cli: ${(e as Error).message}`);
  process.exit(1);
});
