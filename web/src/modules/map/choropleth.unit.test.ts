import { describe, expect, test } from 'vitest';
import { choroplethColors, classOf, NO_DATA_COLOR, rampColors } from './choropleth.ts';

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

  test('areas get colours, legend counts them, missing values are grey', () => {
    const result = choroplethColors({
      breaks: [1, 4, 9],
      areas: [
        { code: 'a', name: 'A', value: 0, count: 0, areaKm2: 1 },
        { code: 'b', name: 'B', value: 3, count: 3, areaKm2: 1 },
        { code: 'c', name: 'C', value: 9, count: 9, areaKm2: 1 },
        { code: 'd', name: 'D', value: null, count: 2, areaKm2: 1 },
      ],
    });
    expect(result.legend.map((entry) => entry.areas)).toEqual([1, 1, 1]);
    expect(result.legend[0]).toMatchObject({ from: 0, to: 1 });
    expect(result.legend[2]).toMatchObject({ from: 4, to: 9 });
    expect(result.byCode.d).toBe(NO_DATA_COLOR);
    expect(result.byCode.a).not.toBe(result.byCode.c);
    expect(result.noData).toBe(1);
  });
});
