import { describe, expect, it } from 'vitest';
import { hashString, mulberry32 } from './random.ts';

describe('mulberry32', () => {
  it('gives the reference sequence of mulberry32 (seed 1)', () => {
    const r = mulberry32(1);
    expect([r(), r(), r()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('gives the same sequence as the demo seeders always had (feedback seed 20251107)', () => {
    const r = mulberry32(20251107);
    expect([r(), r(), r()]).toEqual([0.9795832294039428, 0.4046850190497935, 0.02415941166691482]);
  });

  it('is deterministic, in [0, 1), and takes the seed modulo 2^32', () => {
    const a = mulberry32(42);
    const b = mulberry32(42 + 2 ** 32);
    for (let i = 0; i < 10_000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(mulberry32(-1)()).toBe(mulberry32(2 ** 32 - 1)());
  });

  it('derives distinct seeds from strings (FNV-1a)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('7:schools')).not.toBe(hashString('7:enterprises'));
  });
});
