import { describe, expect, it } from 'vitest';
import { LoginThrottle, SWEEP_AT } from './login-throttle.ts';

const settings = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMs: 60_000 };

describe('login throttle', () => {
  it('blocks an account after its limit of failures until the oldest leaves the window', () => {
    const t = new LoginThrottle(settings);
    for (const at of [0, 1000, 2000]) t.recordFailure('Officer', '10.0.0.1', at);
    expect(t.retryAfterSeconds('officer', '10.0.0.9', 2500)).toBe(58);
    expect(t.retryAfterSeconds('officer', '10.0.0.9', 60_001)).toBe(0);
    expect(t.retryAfterSeconds('leader', '10.0.0.9', 2500)).toBe(0);
  });
  it('blocks an address that tries many accounts', () => {
    const t = new LoginThrottle(settings);
    for (let i = 0; i < 5; i++) t.recordFailure(`user${i}`, '10.0.0.1', i);
    expect(t.retryAfterSeconds('someone-else', '10.0.0.1', 10)).toBe(60);
    expect(t.retryAfterSeconds('someone-else', '10.0.0.2', 10)).toBe(0);
  });
  it('a successful sign-in clears the account, not the address', () => {
    const t = new LoginThrottle(settings);
    for (let i = 0; i < 3; i++) t.recordFailure('admin', '10.0.0.1', i);
    t.recordSuccess('admin');
    expect(t.retryAfterSeconds('admin', null, 10)).toBe(0);
  });
  it('forgets expired failures once many accounts were guessed, so memory stays bounded', () => {
    const t = new LoginThrottle(settings);
    for (let i = 0; i < SWEEP_AT; i++) t.recordFailure(`guess${i}`, null, 0);
    expect(t.size).toBe(SWEEP_AT);
    t.recordFailure('late', null, 120_000);
    expect(t.size).toBe(1);
  });
});
