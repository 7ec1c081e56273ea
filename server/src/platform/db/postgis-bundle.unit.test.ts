import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { filterTar } from './postgis-bundle.mjs';

/** A ustar header block for a regular file (`0`) or a pax extended header (`x`). */
function header(name: string, size: number, type: '0' | 'x'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 99), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write('ustar\0' + '00', 257);
  h.fill(' ', 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}
const padded = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
function entry(name: string, body: string): Buffer {
  const data = Buffer.from(body);
  return Buffer.concat([header(name, data.length, '0'), padded(data)]);
}
function paxEntry(longName: string, body: string): Buffer {
  const record = (text: string) => {
    let len = text.length + 3;
    while (`${len} ${text}\n`.length !== len) len = `${len} ${text}\n`.length;
    return `${len} ${text}\n`;
  };
  const pax = Buffer.from(record(`path=${longName}`));
  return Buffer.concat([header('PaxHeader', pax.length, 'x'), padded(pax), entry(longName.slice(0, 99), body)]);
}
const names = (tar: Buffer) => spawnSync('tar', ['-t'], { input: tar }).stdout.toString().trim().split('\n');

describe('filterTar (the trimmed PostGIS bundle)', () => {
  const long = `share/postgresql/extension/${'x'.repeat(120)}.sql`;
  const tar = Buffer.concat([entry('lib/keep.so', 'k'.repeat(700)), entry('lib/drop.so', 'd'), paxEntry(long, 'long'), entry('share/last.sql', 'l'), Buffer.alloc(1024)]);

  it('keeps the accepted entries whole and in order, extended headers included', () => {
    expect(names(tar)).toEqual(['lib/keep.so', 'lib/drop.so', long, 'share/last.sql']);
    const out = filterTar(tar, (n: string) => n !== 'lib/drop.so');
    expect(names(out)).toEqual(['lib/keep.so', long, 'share/last.sql']);
    const content = spawnSync('tar', ['-xO', 'lib/keep.so'], { input: out }).stdout.toString();
    expect(content).toBe('k'.repeat(700));
  });

  it('drops an extended header together with the entry it describes', () => {
    const out = filterTar(tar, (n: string) => !n.startsWith('share/postgresql'));
    expect(names(out)).toEqual(['lib/keep.so', 'lib/drop.so', 'share/last.sql']);
  });
});
