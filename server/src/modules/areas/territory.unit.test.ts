import { describe, expect, it } from 'vitest';
import { claimedWardText, representativePosition, wardKey } from './territory.ts';
import { locationOutcome } from '../datasets/location-rules.ts';
import type { LocationVerdict } from './territory.ts';

describe('claimed ward text', () => {
  it('folds names with or without "Phường"/"P.", diacritics and leading zeros to one key', () => {
    for (const s of ['Phường Tân Hưng', 'P. Tân Hưng', 'P.Tân Hưng', 'phuong tan hung', 'Tân Hưng', 'TAN HUNG']) expect(wardKey(s)).toBe('tan hung');
    expect(wardKey('Phường 01')).toBe('1');
    expect(claimedWardText('177 Tôn Dật Tiên, phường Tân Hưng')).toBe('phường Tân Hưng');
    expect(claimedWardText('12 Nguyễn Thị Thập, P. Tân Phú, Quận 7')).toBe('P. Tân Phú');
    expect(claimedWardText('1 Nguyễn Thị Thập')).toBeNull();
    expect(claimedWardText('27475')).toBe('27475');
    expect(claimedWardText('tan kieng')).toBe('tan kieng');
    expect(representativePosition({ type: 'LineString', coordinates: [[1, 2], [3, 4]] })).toEqual([1, 2]);
  });
});

describe('location rules', () => {
  const decl = { geometryType: 'point' as const };
  const v = (o: Partial<LocationVerdict>): LocationVerdict => ({
    inTerritory: true, swappedInTerritory: false, inClaim: null, swappedInClaim: null, claimDistanceM: null, claim: null, claimResolved: false, claimName: null, ...o,
  });
  const pt = { type: 'Point' as const, coordinates: [10.73, 106.7] };
  it('repairs a swap that lands in the named ward, rejects outside the territory, flags a far ward', () => {
    const r = locationOutcome(decl, pt, v({ inTerritory: false, swappedInTerritory: true, claim: 'Tân Hưng', claimResolved: true, claimName: 'Phường Tân Hưng', inClaim: false, swappedInClaim: true }));
    expect(r).toMatchObject({ ok: true, repaired: true, geometry: { coordinates: [106.7, 10.73] }, flags: [{ code: 'swapped_coordinates_repaired' }] });
    expect(locationOutcome(decl, pt, v({ inTerritory: false }))).toEqual({ ok: false, code: 'outside_territory', params: {} });
    expect(locationOutcome({ ...decl, allowOutsideTerritory: true }, pt, v({ inTerritory: false })).ok).toBe(true);
    expect(locationOutcome(decl, pt, v({ claim: 'x', claimResolved: true, claimName: 'Phường X', inClaim: false, swappedInClaim: false, claimDistanceM: 812.4 }))).toMatchObject({
      ok: true, flags: [{ code: 'outside_claimed_ward', params: { ward: 'Phường X', distanceM: 812 } }],
    });
    expect(locationOutcome({ ...decl, geometryRequired: true }, null, null)).toMatchObject({ ok: false, code: 'missing_geometry' });
    expect(locationOutcome(decl, null, null)).toMatchObject({ ok: true, flags: [{ code: 'missing_geometry' }] });
  });
});
