// Starts a real cityops HTTP server on 127.0.0.1 (random port) over a private copy of the
// template database, and offers small helpers to call it as a client would.
import { buildApp, type BuiltApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { prepare, startBackground } from '../src/startup.ts';
import { copyTemplate, testDbKind, type TestDbKind } from './test-database.ts';

export interface TestServer extends BuiltApp {
  url: string;
  kind: TestDbKind;
  /** Signs in and returns a Bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** fetch against the server, with an optional Bearer token. */
  api(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `env` overrides configuration variables; `background: true` also starts the modules'
 * background services (MQTT broker, simulator, schedulers), which tests otherwise leave off.
 */
export async function startTestServer(env: Record<string, string> = {}, opts: { background?: boolean } = {}): Promise<TestServer> {
  const kind = testDbKind();
  const copy = await copyTemplate(kind);
  const config = loadConfig({ DATA_DIR: copy.dataDir, LOG_LEVEL: 'warn', PORT: '0', ...(copy.databaseUrl ? { DATABASE_URL: copy.databaseUrl } : {}), ...env });
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const built = await buildApp({ config, db, logger: false });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  await prepare(built.ctx, built.services);
  const stopBackground = opts.background ? await startBackground(built.ctx, built.services) : async () => {};
  const address = built.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;

  const api: TestServer['api'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(url + path, { ...init, headers, body });
  };
  return {
    ...built,
    url,
    kind,
    api,
    async login(username, password = 'demo') {
      const res = await api('/api/auth/login', { method: 'POST', json: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async close() {
      await stopBackground();
      await built.app.close();
      await db.close();
      await copy.drop();
    },
  };
}
