// Types of postgis-bundle.mjs (plain JavaScript: it runs in the PGlite worker thread).
export function filterTar(tar: Buffer, keep: (name: string) => boolean): Buffer;
export function postgisBundlePath(fullBundle: string): string;
