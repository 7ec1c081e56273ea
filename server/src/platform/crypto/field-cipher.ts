// Encryption at rest of sensitive columns (health data under Law 91/2025): AES-256-GCM with a
// key ring from configuration. `DATA_KEYS="k2:<base64 of 32 bytes>,k1:<…>"`: the first key
// encrypts, every key decrypts. Rotation: put a new key first, re-encrypt the stored values
// (`needsRotation` tells which; `rotate` re-encrypts one), then drop the old key. A value is
// bound to where it is stored (the `context`, e.g. "epi_cases.name:42"), so a ciphertext copied
// to another row or column does not decrypt. Keys never go to the database.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../../config.ts';

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface FieldCipher {
  /** The id of the key new values are encrypted with. */
  readonly currentKeyId: string;
  encrypt(plain: string, context: string): string;
  /** Throws when the value was changed, belongs to another context, or its key is not in the ring. */
  decrypt(stored: string, context: string): string;
  /** Whether a stored value was encrypted with another key than the current one. */
  needsRotation(stored: string): boolean;
  /** The value re-encrypted with the current key. */
  rotate(stored: string, context: string): string;
}

export type KeyRing = { id: string; key: Buffer }[];

/** Whether a stored value is one of this cipher's ciphertexts (values stored before encryption are not). */
export const isEncryptedValue = (stored: string): boolean => stored.startsWith(`${VERSION}.`) && stored.split('.').length === 5;

/** Parses `id:base64,id:base64`; throws ConfigError naming the problem. */
export function parseKeyRing(value: string, variable = 'DATA_KEYS'): KeyRing {
  const problems: string[] = [];
  const ring: KeyRing = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [id, b64, ...rest] = part.split(':');
    if (!id || !b64 || rest.length || !KEY_ID.test(id)) {
      problems.push(`${variable}: each key is "id:base64" with an id of letters, digits, - or _ (got "${part.slice(0, 12)}…")`);
      continue;
    }
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) problems.push(`${variable}: key "${id}" must be 32 bytes in base64 (got ${key.length} bytes)`);
    else if (ring.some((k) => k.id === id)) problems.push(`${variable}: key id "${id}" appears twice`);
    else ring.push({ id, key });
  }
  if (!ring.length && !problems.length) problems.push(`${variable} holds no key`);
  if (problems.length) throw new ConfigError(problems);
  return ring;
}

export function createFieldCipher(ring: KeyRing): FieldCipher {
  if (!ring.length) throw new Error('a field cipher needs at least one key');
  const current = ring[0]!;
  const byId = new Map(ring.map((k) => [k.id, k.key]));
  const parse = (stored: string) => {
    const [version, keyId, iv, tag, data, ...rest] = stored.split('.');
    if (version !== VERSION || !keyId || !iv || !tag || data === undefined || rest.length) throw new Error('not an encrypted value');
    return { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), data: Buffer.from(data, 'base64url') };
  };
  const cipher: FieldCipher = {
    currentKeyId: current.id,
    encrypt(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const c = createCipheriv('aes-256-gcm', current.key, iv);
      c.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return [VERSION, current.id, iv.toString('base64url'), c.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    decrypt(stored, context) {
      const p = parse(stored);
      const key = byId.get(p.keyId);
      if (!key) throw new Error(`the value was encrypted with key "${p.keyId}", which is not in the key ring`);
      const d = createDecipheriv('aes-256-gcm', key, p.iv);
      d.setAAD(Buffer.from(context, 'utf8'));
      d.setAuthTag(p.tag);
      return Buffer.concat([d.update(p.data), d.final()]).toString('utf8');
    },
    needsRotation: (stored) => parse(stored).keyId !== current.id,
    rotate: (stored, context) => cipher.encrypt(cipher.decrypt(stored, context), context),
  };
  return cipher;
}

/**
 * The installation's cipher: `DATA_KEYS` when set. Without it, a demo keeps a generated key in
 * `DATA_DIR/keys/data.key` (readable by the server's user only) so the demo starts with no
 * set-up; a production start refuses, since a key beside the data protects nothing.
 */
export function fieldCipherFromConfig(config: Config): FieldCipher {
  const configured = config.env.DATA_KEYS;
  if (configured) return createFieldCipher(parseKeyRing(configured));
  if (!config.demo) throw new ConfigError(['DATA_KEYS is required outside the demo: sensitive data is encrypted with it (see docs/security.md)']);
  const dir = join(config.dataDir, 'keys');
  const file = join(dir, 'data.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `demo:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return createFieldCipher(parseKeyRing(readFileSync(file, 'utf8').trim(), file));
}
