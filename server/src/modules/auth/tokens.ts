import { createHash, randomBytes } from 'node:crypto';

/** A new secret for a session or API token; only its hash is stored. */
export function newTokenSecret(kind: 'session' | 'api'): string {
  return `${kind === 'session' ? 'cos' : 'cot'}_${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
