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

  it('refuses digits only, too few different characters and the commonest passwords', () => {
    expect(passwordProblem('1234567890')).toMatch(/digits only/);
    expect(passwordProblem('aaaaabbbbb')).toMatch(/different characters/);
    expect(passwordProblem('Password123')).toMatch(/common/);
    expect(passwordProblem('MatKhau123')).toMatch(/common/);
    expect(passwordProblem('river-lantern-7')).toBeNull();
  });
});
