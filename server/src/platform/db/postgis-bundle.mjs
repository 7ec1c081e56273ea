// The PostGIS extension bundle the embedded engine loads, trimmed to what cityops uses.
// Why: PGlite unpacks the whole bundle (114 MB: PostGIS, raster, topology, tiger geocoder,
// upgrade scripts) into its in-memory file system and compiles every shared library in it at
// each start, although cityops only ever creates `postgis`. Dropping raster, topology and
// tiger (two 16 MB WebAssembly libraries and ~40 MB of SQL) roughly halves the time to open a
// database, which every start of the server and every test file pays.
// Plain JavaScript on purpose: it runs in the PGlite worker thread (see pglite-worker.mjs).
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Buffer } from 'node:buffer';
import process from 'node:process';

/** Entries of the full bundle cityops does not need (other extensions, legacy upgrade paths). */
const UNUSED = [
  /^lib\/postgresql\/postgis_(raster|topology)-\d+\.so$/,
  /^share\/postgresql\/extension\/(postgis_raster|postgis_topology|postgis_tiger_geocoder|address_standardizer)/,
  /^share\/postgresql\/extension\/postgis--(unpackaged|ANY)--/,
  /^share\/postgresql\/contrib\//,
];

const BLOCK = 512;

function readOctal(buf, offset, length) {
  const text = buf.toString('latin1', offset, offset + length).replace(/\0.*$/s, '').trim();
  return text ? parseInt(text, 8) : 0;
}

function entryName(buf, at) {
  const name = buf.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
  const prefix = buf.toString('utf8', at + 345, at + 500).replace(/\0.*$/s, '');
  return (prefix ? `${prefix}/${name}` : name).replace(/^\.\//, '');
}

/**
 * Keeps the tar entries whose name `keep` accepts, copying their blocks unchanged (extended
 * headers — pax `x`, GNU `L`/`K` — travel with the entry they describe).
 */
export function filterTar(tar, keep) {
  const out = [];
  let pending = [];
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = readOctal(tar, at + 124, 12);
    const type = String.fromCharCode(tar[at + 156] || 48);
    const span = BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const blocks = tar.subarray(at, at + span);
    at += span;
    if (type === 'x' || type === 'L' || type === 'K' || type === 'g') {
      pending.push(blocks);
      continue;
    }
    if (keep(entryName(header, 0))) out.push(...pending, blocks);
    pending = [];
  }
  out.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(out);
}

/**
 * Path of the trimmed bundle, made once next to the installed packages and reused; on any
 * failure (read-only install, unexpected layout) the full bundle, which always works.
 */
export function postgisBundlePath(fullBundle) {
  try {
    const stamp = statSync(fullBundle);
    // node_modules/@electric-sql/pglite-postgis/dist/postgis.tar.gz → node_modules/.cache/cityops
    const cacheDir = join(dirname(fullBundle), '..', '..', '..', '.cache', 'cityops');
    const slim = join(cacheDir, `postgis-slim-${stamp.size}-${Math.round(stamp.mtimeMs)}.tar.gz`);
    if (existsSync(slim)) return slim;
    const tar = gunzipSync(readFileSync(fullBundle));
    const trimmed = filterTar(tar, (name) => !UNUSED.some((re) => re.test(name)));
    if (!trimmed.includes(Buffer.from('lib/postgresql/postgis-3.so'))) return fullBundle;
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${slim}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(tmp, gzipSync(trimmed, { level: 1 }));
    renameSync(tmp, slim);
    return slim;
  } catch {
    return fullBundle;
  }
}
