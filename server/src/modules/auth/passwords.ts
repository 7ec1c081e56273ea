// Password hashing with argon2id (OWASP parameters are the library's defaults).
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id of @node-rs/argon2 (an ambient const enum, not importable as a value).
const ARGON2ID = 2;

export const DEMO_PASSWORD = 'demo';
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Why a password is refused, or null when it is acceptable. The demo password never is. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.toLowerCase().includes(DEMO_PASSWORD) && password.length < 14) return 'a password may not be a variant of the demo password';
  return null;
}
