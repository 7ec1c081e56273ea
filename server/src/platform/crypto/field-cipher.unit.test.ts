import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createFieldCipher, fieldCipherFromConfig, parseKeyRing } from './field-cipher.ts';

const key = () => randomBytes(32).toString('base64');

describe('field cipher (AES-256-GCM, key ring)', () => {
  const k1 = key();
  const k2 = key();
  it('round-trips Vietnamese text and never writes the clear text', () => {
    const c = createFieldCipher(parseKeyRing(`k1:${k1}`));
    const stored = c.encrypt('Nguyễn Văn Đức — F0, sốt 39°C', 'epi_cases.note:7');
    expect(stored).toMatch(/^v1\.k1\./);
    expect(stored).not.toContain('Nguy');
    expect(c.decrypt(stored, 'epi_cases.note:7')).toBe('Nguyễn Văn Đức — F0, sốt 39°C');
    // The same text twice gives two different values (random IV).
    expect(c.encrypt('x', 'a')).not.toBe(c.encrypt('x', 'a'));
  });

  it('refuses a changed value, another row or column, and an unknown key', () => {
    const c = createFieldCipher(parseKeyRing(`k1:${k1}`));
    const stored = c.encrypt('dương tính', 'epi_cases.result:1');
    expect(() => c.decrypt(stored, 'epi_cases.result:2')).toThrow();
    const parts = stored.split('.');
    parts[4] = Buffer.from('âm tính').toString('base64url');
    expect(() => c.decrypt(parts.join('.'), 'epi_cases.result:1')).toThrow();
    const other = createFieldCipher(parseKeyRing(`k9:${k2}`));
    expect(() => other.decrypt(stored, 'epi_cases.result:1')).toThrow(/not in the key ring/);
    expect(() => c.decrypt('plain text', 'x')).toThrow(/not an encrypted value/);
  });

  it('rotates: a new first key encrypts, the old one still decrypts until values are re-encrypted', () => {
    const before = createFieldCipher(parseKeyRing(`k1:${k1}`));
    const old = before.encrypt('0901 234 567', 'ctx');
    const after = createFieldCipher(parseKeyRing(`k2:${k2},k1:${k1}`));
    expect(after.decrypt(old, 'ctx')).toBe('0901 234 567');
    expect(after.needsRotation(old)).toBe(true);
    const rotated = after.rotate(old, 'ctx');
    expect(after.needsRotation(rotated)).toBe(false);
    expect(createFieldCipher(parseKeyRing(`k2:${k2}`)).decrypt(rotated, 'ctx')).toBe('0901 234 567');
  });

  it('names what is wrong with DATA_KEYS', () => {
    expect(() => parseKeyRing('k1:abc')).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`k1:${k1},k1:${k2}`)).toThrow(/twice/);
    expect(() => parseKeyRing('nokey')).toThrow(/id:base64/);
    expect(() => parseKeyRing(' , ')).toThrow(/no key/);
  });

  it('a demo keeps a generated key in its data folder; production needs DATA_KEYS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cityops-keys-'));
    try {
      const demo = loadConfig({ DATA_DIR: dir, CITYOPS_DEMO: 'true' });
      const a = fieldCipherFromConfig(demo);
      const stored = a.encrypt('x', 'c');
      expect(fieldCipherFromConfig(demo).decrypt(stored, 'c')).toBe('x');
      expect(statSync(join(dir, 'keys', 'data.key')).mode & 0o077).toBe(0);
      expect(readFileSync(join(dir, 'keys', 'data.key'), 'utf8')).toMatch(/^demo:/);
      expect(() => fieldCipherFromConfig(loadConfig({ DATA_DIR: dir, CITYOPS_DEMO: 'false' }))).toThrow(/DATA_KEYS is required/);
      expect(fieldCipherFromConfig(loadConfig({ DATA_DIR: dir, CITYOPS_DEMO: 'false', DATA_KEYS: `p1:${k1}` })).currentKeyId).toBe('p1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
