import { describe, expect, it } from 'vitest';
import type { RuleCondition } from '../../../../shared/contracts/alerts.ts';
import { conditionIssue, conditionProblem, evaluateReading, evaluateSilence, type ConditionState } from './conditions.ts';

const run = (c: RuleCondition, values: [number, number, string?][]) => {
  let s: ConditionState | undefined;
  return values.map(([t, v, m]) => (s = evaluateReading(c, s, { metric: m ?? 'x', t: t * 60_000, value: v })).active);
};

describe('rule conditions', () => {
  it('threshold with hysteresis', () => {
    expect(run({ kind: 'threshold', op: '>=', value: 1.6, clear: 1.5 }, [[0, 1.4], [1, 1.6], [2, 1.55], [3, 1.49], [4, 1.55]])).toEqual([false, true, true, false, false]);
    expect(run({ kind: 'threshold', op: '<', value: 0.5 }, [[0, 1], [1, 0], [2, 0.5]])).toEqual([false, true, false]);
  });
  it('rate of change within a window, rises and falls', () => {
    expect(run({ kind: 'rate', windowMinutes: 30, change: 0.3 }, [[0, 1], [10, 1.1], [20, 1.35], [55, 1.4]])).toEqual([false, false, true, false]);
    expect(run({ kind: 'rate', windowMinutes: 10, change: -5 }, [[0, 20], [5, 14]])).toEqual([false, true]);
  });
  it('combined all/any over metrics, and silence', () => {
    const all: RuleCondition = { kind: 'all', conditions: [{ kind: 'threshold', metric: 'a', op: '>=', value: 10 }, { kind: 'threshold', metric: 'b', op: '>=', value: 5 }] };
    expect(run(all, [[0, 12, 'a'], [1, 6, 'b'], [2, 4, 'b']])).toEqual([false, true, false]);
    expect(evaluateSilence({ kind: 'no_data', minutes: 15 }, undefined, 16).active).toBe(true);
    expect(evaluateSilence({ kind: 'no_data', minutes: 15 }, undefined, 14).active).toBe(false);
  });
  it('explains bad conditions', () => {
    expect(conditionProblem({ kind: 'threshold', op: '>=', value: 1, clear: 2 })).toMatch(/clear/);
    expect(conditionProblem({ kind: 'any', conditions: [] })).toMatch(/non-empty/);
    expect(conditionProblem({ kind: 'nope' })).toMatch(/kind/);
    expect(conditionProblem({ kind: 'rate', windowMinutes: 5, change: 1 })).toBeNull();
  });
  it('says where the problem lies, as a JSON pointer into the rule body', () => {
    expect(conditionIssue({ kind: 'threshold', op: '>=', value: 1, clear: 2 })?.path).toBe('/condition/clear');
    const nested = { kind: 'any', conditions: [{ kind: 'no_data', minutes: 5 }, { kind: 'all', conditions: [{ kind: 'rate', windowMinutes: 0, change: 1 }] }] };
    expect(conditionIssue(nested)).toEqual({ path: '/condition/conditions/1/conditions/0/windowMinutes', message: 'rate.windowMinutes must be a positive number' });
    expect(conditionIssue({ kind: 'all', conditions: [] })?.path).toBe('/condition/conditions');
    expect(conditionIssue(null)?.path).toBe('/condition');
  });
});
