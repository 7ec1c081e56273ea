// Worker thread body: reads one uploaded file (read-isolated.ts sends it) and posts the rows
// back, or the file error. A file that takes too long or too much memory ends this thread,
// never the server.
import { parentPort, workerData } from 'node:worker_threads';
import { ImportFileError } from './errors.ts';
import { readImportFile } from './read.ts';
import type { ReadOptions } from './types.ts';

const { bytes, options } = workerData as { bytes: Uint8Array; options: ReadOptions };
try {
  parentPort!.postMessage({ ok: true, file: await readImportFile(bytes, options) });
} catch (e) {
  if (e instanceof ImportFileError) parentPort!.postMessage({ ok: false, code: e.code, message: e.message, row: e.row, column: e.column });
  else parentPort!.postMessage({ ok: false, code: 'malformed', message: `the file cannot be read (${e instanceof Error ? e.message : String(e)})` });
}
