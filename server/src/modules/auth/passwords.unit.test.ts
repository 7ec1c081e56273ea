import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'wrong')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });

  it('refuses short passwords and the demo password', () => {
    expect(passwordProblem('demo')).toMatch(/at least/);
    expect(passwordProblem('demodemo12')).toMatch(/demo/);
    expect(passwordProblem('a sound passphrase')).toBeNull();
  });
});
