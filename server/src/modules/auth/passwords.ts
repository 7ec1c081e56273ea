// Password hashing with argon2id (OWASP parameters are the library's defaults).
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id of @node-rs/argon2 (an ambient const enum, not importable as a value).
const ARGON2ID = 2;

export const DEMO_PASSWORD = 'demo';
export const MIN_PASSWORD_LENGTH = 10;

/** The commonest passwords of the allowed length (breach lists), in lower case. */
const COMMON_PASSWORDS = new Set([
  'qwertyuiop', 'password123', 'password1234', '123456789a', 'a123456789', 'iloveyou12', 'abc1234567', '1q2w3e4r5t', '1qaz2wsx3edc',
  'qwerty1234', 'qwerty12345', 'asdfghjkl1', 'zxcvbnm123', 'matkhau123', 'matkhau1234', 'admin12345', 'admin123456', 'welcome123',
  'abcd123456', 'abcdefghij', 'passw0rd123', 'p@ssw0rd123', 'vietnam123', 'anhyeuem123', 'hochiminh123',
]);

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
  if (/^\d+$/.test(password)) return 'a password may not be digits only';
  if (new Set(password.toLowerCase()).size < 5) return 'a password needs at least 5 different characters';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'this password is among the most common ones';
  if (password.toLowerCase().includes(DEMO_PASSWORD) && password.length < 14) return 'a password may not be a variant of the demo password';
  return null;
}
