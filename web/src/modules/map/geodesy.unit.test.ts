import { describe, expect, test } from 'vitest';
import { circleRing, formatArea, formatDistance, haversineDistance, lineLength, polygonArea, ringArea } from './geodesy.ts';

describe('geodesic measures', () => {
  test('one degree of latitude is about 111.2 km', () => {
    expect(haversineDistance([106.7, 10], [106.7, 11])).toBeCloseTo(111_195, -1);
  });

  test('agrees with the spherical law of cosines on a city-scale distance', () => {
    const [a, b] = [[106.698, 10.7725], [106.6602, 10.8185]] as const;
    const r = (x: number) => (x * Math.PI) / 180;
    const cosines =
      6_371_008.8 * Math.acos(Math.sin(r(a[1])) * Math.sin(r(b[1])) + Math.cos(r(a[1])) * Math.cos(r(b[1])) * Math.cos(r(b[0] - a[0])));
    expect(haversineDistance([...a], [...b])).toBeCloseTo(cosines, 0);
    expect(haversineDistance([...a], [...b])).toBeCloseTo(6_554, -2);
  });

  test('a line is the sum of its segments; a single point has no length', () => {
    const a = [106.7, 10.7];
    const b = [106.71, 10.7];
    const c = [106.71, 10.71];
    expect(lineLength([a, b, c])).toBeCloseTo(haversineDistance(a, b) + haversineDistance(b, c), 6);
    expect(lineLength([a])).toBe(0);
  });

  test('a 0.01° square near the equator is about 1.236 km²', () => {
    // 1112 m × 1112 m on the sphere at the equator.
    const square = [[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]];
    expect(ringArea(square) / 1e6).toBeCloseTo(1.2364, 3);
    // Orientation and closing do not matter.
    expect(ringArea([...square].reverse())).toBeCloseTo(ringArea(square), 6);
    expect(ringArea(square.slice(0, -1))).toBeCloseTo(ringArea(square), 6);
  });

  test('area shrinks with the cosine of the latitude, holes are subtracted', () => {
    const at = (lat: number) => [[106.7, lat], [106.71, lat], [106.71, lat + 0.01], [106.7, lat + 0.01]];
    expect(ringArea(at(10.7)) / ringArea(at(0))).toBeCloseTo(Math.cos((10.705 * Math.PI) / 180), 3);
    const hole = [[106.702, 10.702], [106.704, 10.702], [106.704, 10.704], [106.702, 10.704]];
    expect(polygonArea([at(10.7), hole])).toBeCloseTo(ringArea(at(10.7)) - ringArea(hole), 3);
    expect(polygonArea([])).toBe(0);
  });

  test('a circle of radius r has area close to πr² and vertices r away', () => {
    const ring = circleRing([106.72, 10.74], 500, 128);
    for (const vertex of ring) expect(haversineDistance([106.72, 10.74], vertex)).toBeCloseTo(500, 3);
    expect(ringArea(ring) / (Math.PI * 500 ** 2)).toBeGreaterThan(0.998);
    expect(ringArea(ring) / (Math.PI * 500 ** 2)).toBeLessThan(1.0001);
  });

  test('formats lengths and areas in sensible units', () => {
    expect(formatDistance(850.4, 'en')).toBe('850 m');
    expect(formatDistance(1250, 'en')).toBe('1.25 km');
    expect(formatArea(5400, 'en')).toBe('5,400 m²');
    expect(formatArea(12_000, 'en')).toBe('1.2 ha');
    expect(formatArea(3_450_000, 'en')).toBe('3.45 km²');
  });
});
