import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { geometriesBBox, labelPoint, pointInPolygon, uniqueBoundaryLines } from './geometry.ts';

const square: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ],
  ],
};

// A "U": its centroid falls in the notch, outside the polygon.
const uShape: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [6, 0],
      [6, 6],
      [4, 6],
      [4, 1],
      [2, 1],
      [2, 6],
      [0, 6],
      [0, 0],
    ],
  ],
};

describe('labelPoint', () => {
  it('uses the centroid of a convex polygon', () => {
    expect(labelPoint(square)).toEqual([2, 2]);
  });

  it('stays inside a polygon whose centroid is outside', () => {
    const point = labelPoint(uShape);
    expect(point).not.toBeNull();
    expect(pointInPolygon(point!, uShape.coordinates)).toBe(true);
  });

  it('labels the largest part of a multipolygon', () => {
    const islands: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [10, 10],
            [10.5, 10],
            [10.5, 10.5],
            [10, 10],
          ],
        ],
        square.coordinates,
      ],
    };
    expect(labelPoint(islands)).toEqual([2, 2]);
  });

  it('places every Ho Chi Minh City ward label inside its ward', () => {
    const url = new URL('../../../../assets/geo/hcmc_wards_2025.geojson', import.meta.url);
    const data = JSON.parse(readFileSync(url, 'utf8')) as { features: { geometry: Polygon | MultiPolygon }[] };
    expect(data.features.length).toBeGreaterThan(100);
    for (const { geometry } of data.features) {
      const point = labelPoint(geometry);
      expect(point).not.toBeNull();
      const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      expect(parts.some((rings) => pointInPolygon(point!, rings))).toBe(true);
    }
  });
});

describe('geometriesBBox', () => {
  it('spans all geometries', () => {
    expect(geometriesBBox([square, uShape])).toEqual([0, 0, 6, 6]);
    expect(geometriesBBox([])).toBeNull();
  });
});

describe('uniqueBoundaryLines', () => {
  const left: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ],
    ],
  };
  const right: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [1, 0],
        [2, 0],
        [2, 1],
        [1, 1],
        [1, 0],
      ],
    ],
  };

  it('draws a shared edge once', () => {
    const lines = uniqueBoundaryLines([left, right]);
    const segments = lines.reduce((total, line) => total + line.length - 1, 0);
    expect(segments).toBe(7); // 4 + 4 edges, one shared
  });

  it('chains a lone ring into one closed line', () => {
    const lines = uniqueBoundaryLines([left]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveLength(5);
    expect(lines[0]?.[0]).toEqual(lines[0]?.[4]);
  });
});
