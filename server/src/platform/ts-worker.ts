// Starts a worker thread on a TypeScript module. Workers do not inherit the loader hooks that
// let the main thread import .ts files (tsx in production, vite-node in tests), so the worker
// first registers tsx's hooks itself, then imports the module.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

let tsxApi: string | undefined;
function tsxApiUrl(): string {
  if (tsxApi) return tsxApi;
  // The ESM entry of tsx's API (require.resolve would give the CommonJS one).
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const exportsMap = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  tsxApi = pathToFileURL(join(dirname(pkg), exportsMap['./esm/api']!.import.default)).href;
  return tsxApi;
}

export function startTsWorker(module: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(boot, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}
