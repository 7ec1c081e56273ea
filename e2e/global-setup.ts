// Global setup of the e2e project: builds the web client, starts the real cityops server as a
// child process (fresh embedded database, free 127.0.0.1 port, no base map URL, demo accounts)
// and hands its URL to the tests with `provide('baseUrl', …)` (tests read it with `inject`).
//
// Environment:
//   CITYOPS_E2E_SKIP_BUILD=1   use an already built client (CITYOPS_WEB_DIST, default web/dist)
//   CITYOPS_E2E_KEEP_DATA=1    keep the temporary folder (database, server logs) after the run
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the cityops server under test, e.g. http://127.0.0.1:41234 (no trailing slash). */
    baseUrl: string;
    /** Port of the server's embedded MQTT broker on 127.0.0.1. */
    mqttPort: number;
  }
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const HEALTH_TIMEOUT_MS = 420_000;
const BUILD_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
/** Kept of the server's output, to explain a failed start. */
const MAX_LOG_CHARS = 20_000;

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

/** Runs a command to completion; rejects with its output when it fails or takes too long. */
function run(command: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-MAX_LOG_CHARS);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

/** A TCP port that is free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePromise(address.port);
        else reject(new Error('could not get a free port'));
      });
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Sends SIGTERM and waits for the process to exit (SIGKILL after STOP_TIMEOUT_MS). */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    log(`server did not stop within ${STOP_TIMEOUT_MS / 1000} s after SIGTERM; killing it`);
    child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const workDir = mkdtempSync(join(tmpdir(), 'cityops-e2e-'));
  let server: ChildProcess | undefined;
  const killOnExit = () => {
    if (server && !hasExited(server)) server.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const teardown = async () => {
    if (server) await stopProcess(server);
    process.removeListener('exit', killOnExit);
    if (process.env.CITYOPS_E2E_KEEP_DATA === '1') log(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  };

  try {
    // 1. The web client. Built into the temporary folder rather than web/dist, so that a run
    //    never replaces (or empties, mid-build) the web/dist another process may be serving.
    let webDist: string;
    if (process.env.CITYOPS_E2E_SKIP_BUILD === '1') {
      webDist = resolve(REPO_ROOT, process.env.CITYOPS_WEB_DIST || 'web/dist');
      if (!existsSync(join(webDist, 'index.html'))) {
        throw new Error(`CITYOPS_E2E_SKIP_BUILD=1 but ${webDist}/index.html does not exist: build the web client first`);
      }
      log(`using the web client already built in ${webDist}`);
    } else {
      webDist = join(workDir, 'web-dist');
      const viteBin = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
      // The build users get: vitest sets NODE_ENV=test, which would give a development React build.
      await run(process.execPath, [viteBin, 'build', '--config', 'web/vite.config.ts', '--outDir', webDist, '--emptyOutDir', '--logLevel', 'warn'], BUILD_TIMEOUT_MS, { ...process.env, NODE_ENV: 'production' });
      log(`web client built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    // 2. The server: one Node process (tsx as a loader, so SIGTERM reaches the server itself).
    const port = await freePort();
    // The embedded MQTT broker gets its own free port (1883 may belong to a local Mosquitto).
    const mqttPort = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: join(workDir, 'data'),
      CITYOPS_DEMO: 'true',
      CITYOPS_WEB_DIST: webDist,
      LOG_LEVEL: 'warn',
      MQTT_PORT: String(mqttPort),
      // The webhook flows post to receivers the tests start on this machine.
      OUTBOUND_ALLOW: '127.0.0.1',
      OUTBOUND_ALLOW_HTTP: 'true',
    };
    delete env.MQTT_URL;
    // The browser tests need the embedded database and no base map (the map must work offline).
    delete env.DATABASE_URL;
    delete env.BASEMAP_STYLE_URL;
    delete env.COOKIE_SECURE;

    let output = '';
    const spawned = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = spawned;
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-MAX_LOG_CHARS);
    };
    spawned.stdout?.on('data', collect);
    spawned.stderr?.on('data', collect);
    let spawnError: Error | undefined;
    spawned.on('error', (error) => {
      spawnError = error;
    });

    // 3. Wait until the database is prepared (GET /api/health answers 200).
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    let lastStatus = 'no answer';
    for (;;) {
      if (spawnError) throw new Error(`could not start the server: ${spawnError.message}`);
      if (hasExited(spawned)) {
        throw new Error(`the server exited (${spawned.signalCode ?? `code ${spawned.exitCode}`}) before it was ready; its output:\n${output}`);
      }
      try {
        const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
        lastStatus = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
        if (response.status === 200) break;
      } catch (error) {
        lastStatus = (error as Error).message;
      }
      if (Date.now() > deadline) {
        throw new Error(`the server at ${baseUrl} was not healthy after ${HEALTH_TIMEOUT_MS / 1000} s (last: ${lastStatus}); its output:\n${output}`);
      }
      await delay(500);
    }
    log(`server ready at ${baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s in all`);

    project.provide('baseUrl', baseUrl);
    project.provide('mqttPort', mqttPort);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
