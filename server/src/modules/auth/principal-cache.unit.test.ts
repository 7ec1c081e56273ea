import { describe, expect, it } from 'vitest';
import { PrincipalCache } from './principal-cache.ts';

const principal = (userId: number, credentialId = userId) => ({
  kind: 'user' as const,
  credentialId,
  credentialKind: 'api' as const,
  scope: 'full' as const,
  user: { id: userId, username: `u${userId}`, role: 'device' as const, unitId: null, areaIds: [] },
});
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe('PrincipalCache', () => {
  it('answers for a credential confirmed less than 10 minutes ago, not after', () => {
    const c = new PrincipalCache();
    c.remember('h1', principal(1), at(0));
    expect(c.recall('h1', at(10 * 60_000 - 1))?.user.id).toBe(1);
    expect(c.recall('h1', at(10 * 60_000))).toBeUndefined();
    expect(c.recall('never-seen', at(0))).toBeUndefined();
  });

  it('a new confirmation restarts the 10 minutes', () => {
    const c = new PrincipalCache();
    c.remember('h1', principal(1), at(0));
    c.remember('h1', principal(1), at(9 * 60_000));
    expect(c.recall('h1', at(18 * 60_000))?.user.id).toBe(1);
  });

  it('stays within its bound, evicting the least recently confirmed', () => {
    const c = new PrincipalCache(3);
    c.remember('a', principal(1), at(0));
    c.remember('b', principal(2), at(1));
    c.remember('c', principal(3), at(2));
    c.remember('a', principal(1), at(3)); // a is the most recent again
    c.remember('d', principal(4), at(4));
    expect(c.size).toBe(3);
    expect(c.recall('b', at(5))).toBeUndefined();
    expect(['a', 'c', 'd'].map((h) => c.recall(h, at(5))?.user.id)).toEqual([1, 3, 4]);
    for (let i = 0; i < 1000; i++) c.remember(`x${i}`, principal(i), at(10 + i));
    expect(c.size).toBe(3);
  });

  it('forgets a credential the database refused, and every credential of a changed user', () => {
    const c = new PrincipalCache();
    c.remember('a', principal(1, 10), at(0));
    c.remember('b', principal(1, 11), at(0));
    c.remember('c', principal(2, 12), at(0));
    c.forget('c');
    expect(c.recall('c', at(1))).toBeUndefined();
    c.forgetWhere((p) => p.user.id === 1);
    expect(c.size).toBe(0);
  });
});
