// Fault-test fixtures of the sensors module: a cityops server as a child process (so it can be
// killed and measured), a private Mosquitto and a private PostgreSQL 15 cluster (so they can be
// stopped and restarted without touching the machine's services on 1883 / 5432).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../../test/test-database.ts';
import { freePort } from './test-ports.ts';

const run = promisify(execFile);
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)?.slice(0, 500)}`);
    await sleep(100);
  }
}

export interface ChildServer {
  child: ChildProcess;
  base: string;
  stderr(): string;
  /** Resident memory of the child in MB (VmRSS). */
  rssMb(): number;
  stop(): Promise<void>;
}

/** `node server/src/main.ts` with `env`; resolves when /api/health answers 200. */
export async function startChildServer(env: Record<string, string>, port?: number): Promise<ChildServer> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', SENSOR_SIMULATOR: 'false', ...env, PORT: String(p), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  const base = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    if (await fetch(`${base}/api/health`).then((r) => r.status === 200, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy: ${stderr}`);
    }
    await sleep(200);
  }
  return {
    child,
    base,
    stderr: () => stderr,
    rssMb() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(t);
    },
  };
}

export async function login(base: string, username = 'operator'): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A private Mosquitto on 127.0.0.1:<free port> with persistence, restartable on the same port. */
export async function startMosquitto(): Promise<{ port: number; url: string; start(): Promise<void>; stop(signal?: NodeJS.Signals): Promise<void>; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cityops-mosquitto-'));
  // Started as root, Mosquitto drops to its own user: it must be able to write its persistence file.
  if (process.getuid?.() === 0) {
    const id = async (flag: string) => Number((await run('id', [flag, 'mosquitto'])).stdout.trim());
    chownSync(dir, await id('-u'), await id('-g'));
  }
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'autosave_interval 1',
      'max_queued_messages 100000',
      'log_dest none',
      '',
    ].join('\n'),
  );
  let proc: ChildProcess | null = null;
  const up = () =>
    new Promise<boolean>((resolve) => {
      import('node:net').then(({ connect }) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      }, () => resolve(false));
    });
  const m = {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    async start() {
      let err = '';
      proc = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      await until(up, (ok) => ok || proc?.exitCode !== null, 10_000, 'mosquitto to listen');
      if (proc.exitCode !== null) throw new Error(`mosquitto exited: ${err}`);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!proc) return;
      const p = proc;
      proc = null;
      p.kill(signal);
      await exited(p);
    },
    async dispose() {
      await m.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await m.start();
  return m;
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * A throwaway PostgreSQL 15 cluster on 127.0.0.1:<free port>, owned by the postgres user
 * (initdb refuses root). fsync is off: the tests stop it cleanly (a fast shutdown checkpoints),
 * they do not simulate power loss.
 */
export async function startPgCluster(): Promise<{ port: number; url(db: string): string; start(): Promise<void>; stop(): Promise<void>; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cityops-pg-'));
  const { stdout } = await run('id', ['-u', 'postgres']);
  const uid = Number(stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const asPg = (cmd: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args], { maxBuffer: 16 * 1024 * 1024 });
  await asPg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale', 'C.UTF-8']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60`;
  const c = {
    port,
    url: (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    start: async () => {
      await asPg('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
    },
    stop: async () => {
      await asPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
    async dispose() {
      await c.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await c.start();
  return c;
}

/** Copies the postgres project's template database (CITYOPS_TEST_DATABASE_URL) into `targetUrl`'s cluster. */
export async function copyDatabase(sourceUrl: string, targetAdminUrl: string, targetDb: string): Promise<void> {
  await run(join(PG_BIN, 'psql'), [targetAdminUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `create database "${targetDb}"`]);
  const target = new URL(targetAdminUrl);
  target.pathname = `/${targetDb}`;
  // Plain dump through a pipe; the target gets the extension (PostGIS) from the dump itself.
  await new Promise<void>((resolve, reject) => {
    const dump = spawn(join(PG_BIN, 'pg_dump'), ['--no-owner', '--no-privileges', sourceUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    const restore = spawn(join(PG_BIN, 'psql'), [target.href, '-q', '-v', 'ON_ERROR_STOP=1', '-o', '/dev/null'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    dump.stderr.on('data', (d: Buffer) => (err += d.toString()));
    restore.stderr.on('data', (d: Buffer) => (err += d.toString()));
    dump.stdout.pipe(restore.stdin);
    let left = 2;
    const done = (code: number | null) => {
      if (code !== 0) reject(new Error(`copying the template database failed: ${err}`));
      else if (--left === 0) resolve();
    };
    dump.on('exit', done);
    restore.on('exit', done);
  });
}
