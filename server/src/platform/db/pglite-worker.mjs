// Owns the embedded PGlite engine on its own thread: PGlite computes on the calling
// thread, so a slow spatial query here never blocks the HTTP event loop.
// Plain JavaScript on purpose: a worker thread cannot load TypeScript through tsx on Node 20.
// Protocol: see pglite-protocol.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { fileURLToPath } from 'node:url';
import { postgisBundlePath } from './postgis-bundle.mjs';

const port = parentPort;
if (!port) throw new Error('pglite-worker must run in a worker thread');
const { dataDir } = workerData;

// PostGIS as its package sets it up, from the trimmed bundle (postgis-bundle.mjs says why).
const postgisSlim = {
  name: postgis.name,
  async setup(pg, emscriptenOpts) {
    const setup = await postgis.setup(pg, emscriptenOpts);
    return { ...setup, bundlePath: setup.bundlePath ? postgisBundlePath(fileURLToPath(setup.bundlePath)) : undefined };
  },
};

// Same type parsing as the PostgreSQL driver (postgres-database.ts): one dialect, one shape.
const db = await PGlite.create({
  dataDir,
  extensions: { postgis: postgisSlim },
  parsers: {
    [types.INT8]: (v) => Number(v),
    [types.NUMERIC]: (v) => Number(v),
    [types.DATE]: (v) => v,
  },
});

function serializeError(e) {
  return {
    message: String(e?.message ?? e),
    code: typeof e?.code === 'string' ? e.code : undefined,
    detail: typeof e?.detail === 'string' ? e.detail : undefined,
    constraint: typeof e?.constraint === 'string' ? e.constraint : undefined,
  };
}

async function handle(req) {
  try {
    if (req.kind === 'query') {
      const r = await db.query(req.sql, req.params, { rowMode: 'object' });
      port.postMessage({ id: req.id, rows: r.rows, affectedRows: r.affectedRows ?? 0 });
    } else if (req.kind === 'exec') {
      await db.exec(req.sql);
      port.postMessage({ id: req.id, rows: [], affectedRows: 0 });
    } else {
      await db.close();
      port.postMessage({ id: req.id, rows: [], affectedRows: 0 });
    }
  } catch (e) {
    port.postMessage({ id: req.id, error: serializeError(e) });
  }
}

port.on('message', (req) => void handle(req));
port.postMessage({ id: 0, rows: [], affectedRows: 0 });
