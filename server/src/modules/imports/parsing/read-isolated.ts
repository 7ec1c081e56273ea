// Reads an uploaded file in a worker thread with a deadline and a memory ceiling (issue 14 #2):
// a crafted file that would make the parser run for seconds or allocate without bound stops
// its own thread and gets a clear 413, while the server keeps answering everyone else.
import { startTsWorker } from '../../../platform/ts-worker.ts';
import { ImportFileError, type ImportFileErrorCode } from './errors.ts';
import type { ParsedFile, ReadOptions } from './types.ts';

export interface IsolationLimits {
  timeoutMs: number;
  maxMemoryMb: number;
}

type Reply = { ok: true; file: ParsedFile } | { ok: false; code: ImportFileErrorCode; message: string; row?: number; column?: string };

export function readImportFileIsolated(bytes: Uint8Array, options: ReadOptions, limits: IsolationLimits): Promise<ParsedFile> {
  return new Promise((resolve, reject) => {
    const worker = startTsWorker(new URL('./read.worker.ts', import.meta.url), { bytes, options }, {
      maxOldGenerationSizeMb: limits.maxMemoryMb,
      maxYoungGenerationSizeMb: 64,
    });
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new ImportFileError('too_large', `the file takes more than ${Math.max(1, Math.round(limits.timeoutMs / 1000))} s to read; split it or remove empty and formatted cells far from the table`))), limits.timeoutMs);
    worker.once('message', (r: Reply) =>
      finish(() => (r.ok ? resolve(r.file) : reject(new ImportFileError(r.code, r.message.replace(/^row \d+(, column '[^']*')?: |^column '[^']*': /, ''), { ...(r.row !== undefined ? { row: r.row } : {}), ...(r.column !== undefined ? { column: r.column } : {}) })))),
    );
    worker.once('error', (e: Error & { code?: string }) =>
      finish(() => reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new ImportFileError('too_large', `reading the file needs more than ${limits.maxMemoryMb} MB of memory; split it into smaller files`)
        : new ImportFileError('malformed', `the file cannot be read (${e.message})`))),
    );
    worker.once('exit', (code) => finish(() => reject(new ImportFileError('malformed', `the file cannot be read (the reader stopped with code ${code})`))));
  });
}
