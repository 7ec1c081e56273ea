// Embedded engine: PGlite + PostGIS in a worker thread, reached through a Kysely dialect.
// PGlite is a single session, so the main thread hands it out to one Kysely connection
// at a time (a transaction holds it until commit/rollback).
import { Worker } from 'node:worker_threads';
import { mkdirSync } from 'node:fs';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { WorkerReply, WorkerRequest } from './pglite-protocol.ts';
import type { Database, DB } from './database.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
    readonly constraint?: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** Serialises access: one holder at a time, the rest wait in order. */
class Lease {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

class PgliteWorkerClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  readonly ready: Promise<void>;
  private closed = false;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir } });
    this.ready = new Promise((resolve, reject) => {
      this.pending.set(0, { resolve: () => resolve(), reject });
    });
    this.worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.error) {
        p.reject(new DatabaseError(reply.error.message, reply.error.code, reply.error.detail, reply.error.constraint));
      } else p.resolve(reply);
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.failAll(new Error(`embedded database worker exited (${code})`));
    });
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  async send(req: DistributiveOmit<WorkerRequest, 'id'>): Promise<WorkerReply> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.send({ kind: 'close' });
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }
}

class PgliteConnection implements DatabaseConnection {
  constructor(private client: PgliteWorkerClient) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const reply = await this.client.send({ kind: 'query', sql: q.sql, params: [...q.parameters] });
    const kind = q.query?.kind;
    const isWrite = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode';
    return {
      rows: (reply.rows ?? []) as R[],
      ...(isWrite ? { numAffectedRows: BigInt(reply.affectedRows ?? 0) } : {}),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the embedded engine');
  }
}

class PgliteDriver implements Driver {
  private lease = new Lease();
  private releases = new Map<DatabaseConnection, () => void>();
  constructor(private client: PgliteWorkerClient) {}
  async init(): Promise<void> {
    await this.client.ready;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.lease.acquire();
    const conn = new PgliteConnection(this.client);
    this.releases.set(conn, release);
    return conn;
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    this.releases.get(conn)?.();
    this.releases.delete(conn);
  }
  async destroy(): Promise<void> {
    await this.client.close();
  }
  /** Runs a multi-statement script while holding the session. */
  async exec(sql: string): Promise<void> {
    const release = await this.lease.acquire();
    try {
      await this.client.send({ kind: 'exec', sql });
    } catch (e) {
      // A failed script may leave its transaction open on the single session.
      await this.client.send({ kind: 'exec', sql: 'ROLLBACK' }).catch(() => undefined);
      throw e;
    } finally {
      release();
    }
  }
}

export function openEmbeddedDatabase(dataDir: string): Database {
  const client = new PgliteWorkerClient(dataDir);
  const driver = new PgliteDriver(client);
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  const kysely = new Kysely<DB>({ dialect });
  return {
    kind: 'embedded',
    kysely,
    ready: client.ready,
    execScript: (sql) => driver.exec(sql),
    close: () => kysely.destroy(),
  };
}
