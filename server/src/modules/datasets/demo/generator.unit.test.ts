import { describe, expect, it } from 'vitest';
import { BUILT_IN_DATASETS, DEMO_COUNTS } from '../builtin-datasets.ts';
import { recordProblems } from '../validation.ts';
import { allocate, generateDataset, scaledCounts, type DemoWard } from './generator.ts';
import { pointInMultiPolygon, segmentInside, type MultiPolygonCoords, type Pos } from './geometry.ts';

// Two made-up wards: a square, and an L shape (concave, so lines could cut a corner).
const square: MultiPolygonCoords = [[[[106.70, 10.72], [106.71, 10.72], [106.71, 10.73], [106.70, 10.73], [106.70, 10.72]]]];
const ell: MultiPolygonCoords = [[[[106.72, 10.72], [106.74, 10.72], [106.74, 10.725], [106.725, 10.725], [106.725, 10.74], [106.72, 10.74], [106.72, 10.72]]]];
const wards: DemoWard[] = [
  { id: 1, code: '27475', nameShort: 'Tân Hưng', geometry: square, predecessors: [{ id: 11, code: 'old-1', nameShort: 'Tân Phong', geometry: square }] },
  { id: 2, code: '27487', nameShort: 'Tân Mỹ', geometry: ell, predecessors: [] },
];
const decl = (id: string) => BUILT_IN_DATASETS.find((d) => d.id === id)!;

function positions(g: GeoJSON.Geometry): Pos[][] {
  if (g.type === 'Point') return [[g.coordinates as Pos]];
  if (g.type === 'LineString') return [g.coordinates as Pos[]];
  if (g.type === 'Polygon') return g.coordinates as Pos[][];
  throw new Error(g.type);
}

describe('demo generator', () => {
  it('is deterministic: same inputs, same records; another seed, other records', () => {
    const a = generateDataset(decl('enterprises'), 300, wards);
    const b = generateDataset(decl('enterprises'), 300, wards);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = generateDataset(decl('enterprises'), 300, wards, 'another-seed');
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('makes exactly the requested count of valid, unique records for every built-in dataset', () => {
    for (const d of BUILT_IN_DATASETS) {
      if (!(d.id in DEMO_COUNTS)) continue; // filled by people, not by the demo (operational zones)
      const n = Math.min(DEMO_COUNTS[d.id] ?? 10, 400);
      const recs = generateDataset(d, n, wards);
      expect(recs, d.id).toHaveLength(n);
      for (const r of recs) expect(recordProblems(d, { properties: r.props, geometry: r.geometry }), `${d.id} ${JSON.stringify(r.props)}`).toEqual([]);
      expect(new Set(recs.map((r) => r.props.code)).size, d.id).toBe(n);
    }
  }, 60_000); // 27 datasets × up to 400 records: slow on the shared 2-core machine

  it('keeps every point, line and polygon inside its ward and records the ward ids', () => {
    for (const id of ['pharmacies', 'roads', 'alleys', 'rivers-canals', 'zoning-areas', 'green-areas']) {
      for (const r of generateDataset(decl(id), 200, wards)) {
        const ward = wards.find((w) => w.id === r.areaIds[0])!;
        for (const line of positions(r.geometry!)) {
          if (line.length === 1) expect(pointInMultiPolygon(line[0]!, ward.geometry)).toBe(true);
          for (let i = 1; i < line.length; i++) expect(segmentInside(line[i - 1]!, line[i]!, ward.geometry), id).toBe(true);
        }
        expect(r.areaIds).toEqual(ward.id === 1 ? [1, 11] : [2]);
      }
    }
  });

  it('uses plausible Vietnamese names and addresses in the ward', () => {
    const [r] = generateDataset(decl('household-businesses'), 1, wards);
    expect(r!.props.address).toMatch(/^\d+(\/\d+)? .+, phường (Tân Hưng|Tân Mỹ)$/);
    expect(r!.props.code).toMatch(/^41[A-Z]8\d{6}$/);
  });

  it('shares counts between wards exactly, by weight', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(29_273, [3, 2, 1, 4]).reduce((a, b) => a + b, 0)).toBe(29_273);
    expect(scaledCounts({ a: 100, b: 3 }, 0.1)).toEqual({ a: 10, b: 1 });
  });

  it('the demo counts are the reported District 7 figures', () => {
    expect(DEMO_COUNTS).toMatchObject({
      'household-businesses': 29_273, enterprises: 30_025, cooperatives: 22, 'markets-supermarkets': 9, 'shopping-centres': 3,
      'convenience-stores': 165, 'apartment-buildings': 105, roads: 458, alleys: 540, 'rivers-canals': 410, bridges: 100,
      'fire-hydrants': 25, 'food-service-businesses': 2_503, hospitals: 5, pharmacies: 266, 'ward-health-stations': 8,
      'general-clinics': 13, 'specialist-clinics': 155,
    });
  });
});
