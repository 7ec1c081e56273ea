import { describe, expect, it } from 'vitest';
import { declarationProblems } from '../declarations.ts';
import { WARD_DEMO_UNIT, WARD_FLOOD_SPOTS } from './ward-dataset.ts';

describe('the demo ward dataset', () => {
  it("is a valid declaration owned by the demo officer's unit", () => {
    expect(declarationProblems(WARD_FLOOD_SPOTS)).toEqual([]);
    expect(WARD_FLOOD_SPOTS.ownerUnit).toBe(WARD_DEMO_UNIT);
  });
});
