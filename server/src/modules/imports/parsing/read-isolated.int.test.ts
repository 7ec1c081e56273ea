// The isolated reader: rows come back from the worker thread; a read past its deadline is
// stopped with a clear 'too_large' error instead of holding the server.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImportFileIsolated } from './read-isolated.ts';

const CSV = new TextEncoder().encode('Mã,Tên\nA1,Trụ nước số 1\nA2,Trụ nước số 2\n');

describe('readImportFileIsolated', () => {
  it('reads a file in a worker thread', async () => {
    const file = await readImportFileIsolated(CSV, { filename: 'x.csv' }, { timeoutMs: 60_000, maxMemoryMb: 256 });
    expect(file.rows.map((r) => r.values)).toEqual([{ Mã: 'A1', Tên: 'Trụ nước số 1' }, { Mã: 'A2', Tên: 'Trụ nước số 2' }]);
  });
  it('keeps the file error with its row', async () => {
    const bad = new Uint8Array([...new TextEncoder().encode('Mã,Tên\nA1,x\n'), 0x41, 0xff, 0x2c, 0x42, 0x0a]);
    await expect(readImportFileIsolated(bad, { filename: 'x.csv' }, { timeoutMs: 60_000, maxMemoryMb: 256 })).rejects.toMatchObject({ code: 'encoding', row: 3, message: expect.stringMatching(/^row 3: /) });
  });
  it('stops, at its deadline, a Shapefile that makes the reader loop for ever', async () => {
    // Found by the fuzzing (server/test/fuzz): a real zipped Shapefile with a few .shp bytes changed.
    const hang = new Uint8Array(Buffer.from(readFileSync(new URL('./fixtures/hangs-shpjs.zip.b64', import.meta.url), 'utf8').trim(), 'base64'));
    await expect(readImportFileIsolated(hang, { filename: 'tru-nuoc.zip' }, { timeoutMs: 3_000, maxMemoryMb: 256 })).rejects.toMatchObject({ code: 'too_large', message: expect.stringMatching(/takes more than 3 s/) });
  });

  it('stops a read that passes its deadline', async () => {
    await expect(readImportFileIsolated(CSV, { filename: 'x.csv' }, { timeoutMs: 1, maxMemoryMb: 256 })).rejects.toMatchObject({ code: 'too_large', message: expect.stringMatching(/takes more than/) });
  });
});
