// The one seeded random generator for demo seeders, synthetic data and benchmarks: the same
// seed always gives the same sequence, so demo data and benchmark inputs are reproducible.
// Nothing here is fit for secrets (use node:crypto for tokens and salts).

/** A generator of numbers in [0, 1), like Math.random but seeded. */
export type Random = () => number;

/**
 * mulberry32 (Tommy Ettinger, public domain): a tiny, fast 32-bit PRNG, ample for synthetic data.
 * The seed is taken modulo 2^32.
 */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string: derives one seed per stream (e.g. per dataset) from a run seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
