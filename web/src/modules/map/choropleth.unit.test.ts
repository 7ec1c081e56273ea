import { describe, expect, test } from 'vitest';
import { choroplethColors, classOf, EMPTY_COLOR, NO_DATA_COLOR, rampColors } from './choropleth.ts';

describe('choropleth colours', () => {
  test('ramps run light to dark with the requested number of classes', () => {
    expect(rampColors(5)).toHaveLength(5);
    expect(rampColors(5)[0]).toBe('#ffffcc');
    expect(rampColors(5)[4]).toBe('#800026');
    expect(rampColors(1)).toHaveLength(1);
  });

  test('values fall in the class of the first upper bound they do not exceed', () => {
    const breaks = [2, 5, 10];
    expect(classOf(0, breaks)).toBe(0);
    expect(classOf(2, breaks)).toBe(0);
    expect(classOf(2.5, breaks)).toBe(1);
    expect(classOf(10, breaks)).toBe(2);
    expect(classOf(11, breaks)).toBe(2);
  });

  test('areas get colours, legend counts them, missing values are grey, empty units stand apart', () => {
    // Boundaries over the units with records: classes [1, 4] and (4, 9].
    const result = choroplethColors({
      breaks: [1, 4, 9],
      areas: [
        { code: 'a', name: 'A', value: 0, count: 0, areaKm2: 1 },
        { code: 'b', name: 'B', value: 3, count: 3, areaKm2: 1 },
        { code: 'c', name: 'C', value: 9, count: 9, areaKm2: 1 },
        { code: 'd', name: 'D', value: null, count: 2, areaKm2: 1 },
        { code: 'e', name: 'E', value: 1, count: 1, areaKm2: 1 },
      ],
    });
    expect(result.legend.map((entry) => entry.areas)).toEqual([2, 1]);
    expect(result.legend[0]).toMatchObject({ from: 1, to: 4 });
    expect(result.legend[1]).toMatchObject({ from: 4, to: 9 });
    expect(result.byCode.d).toBe(NO_DATA_COLOR);
    expect(result.byCode.a).toBe(EMPTY_COLOR);
    expect(result.byCode.b).not.toBe(result.byCode.c);
    expect(result.noData).toBe(1);
    expect(result.empty).toBe(1);
  });

  test('158 empty units of 168 no longer make "0 – 0" classes', () => {
    const areas = Array.from({ length: 168 }, (_, i) => ({ code: String(i), name: String(i), value: i < 10 ? (i + 1) * 3 : 0, count: i < 10 ? (i + 1) * 3 : 0, areaKm2: 1 }));
    const result = choroplethColors({ breaks: [3, 9, 15, 21, 27, 30], areas });
    expect(result.empty).toBe(158);
    expect(result.legend).toHaveLength(5);
    expect(result.legend.every((entry) => entry.to > entry.from)).toBe(true);
    expect(result.legend.reduce((n, entry) => n + entry.areas, 0)).toBe(10);
  });
});
