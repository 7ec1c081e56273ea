// Pure evaluation of rule conditions for one sensor, with the state that makes hysteresis and
// rates of change work across readings (persisted by the rule engine in alert_rule_state).
import type { RuleCondition } from '../../../../shared/contracts/alerts.ts';

export interface Sample {
  t: number;
  v: number;
}

export interface ConditionState {
  active: boolean;
  /** Recent samples of the metric (rate conditions). */
  samples?: Sample[];
  children?: ConditionState[];
}

export interface ReadingInput {
  metric: string;
  t: number;
  value: number;
}

const metricMatches = (metric: string | undefined, m: string) => metric === undefined || metric === m;

function compare(v: number, op: '>=' | '>' | '<=' | '<', limit: number): boolean {
  switch (op) {
    case '>=': return v >= limit;
    case '>': return v > limit;
    case '<=': return v <= limit;
    case '<': return v < limit;
  }
}

/** Does the condition (or any of its parts) look at this metric? */
export function conditionUsesMetric(c: RuleCondition, metric: string): boolean {
  switch (c.kind) {
    case 'threshold':
    case 'rate':
      return metricMatches(c.metric, metric);
    case 'no_data':
      return true;
    case 'all':
    case 'any':
      return c.conditions.some((x) => conditionUsesMetric(x, metric));
  }
}

export function hasNoData(c: RuleCondition): boolean {
  return c.kind === 'no_data' || ((c.kind === 'all' || c.kind === 'any') && c.conditions.some(hasNoData));
}

/** Evaluates one reading; returns the new state (the input state is not modified). */
export function evaluateReading(c: RuleCondition, prev: ConditionState | undefined, r: ReadingInput): ConditionState {
  const was = prev?.active ?? false;
  switch (c.kind) {
    case 'threshold': {
      if (!metricMatches(c.metric, r.metric)) return prev ?? { active: false };
      // Without a clear level there is no hysteresis: active exactly while the comparison holds.
      if (!was || c.clear === undefined) return { active: compare(r.value, c.op, c.value) };
      // Active: stays active until the value is back past the clear level.
      const clear = c.clear;
      const rising = c.op === '>=' || c.op === '>';
      return { active: rising ? !(r.value < clear) : !(r.value > clear) };
    }
    case 'rate': {
      if (!metricMatches(c.metric, r.metric)) return prev ?? { active: false };
      const from = r.t - c.windowMinutes * 60_000;
      const samples = (prev?.samples ?? []).filter((s) => s.t >= from && s.t <= r.t);
      const others = samples.filter((s) => s.t !== r.t);
      let active = false;
      if (others.length) {
        active = c.change >= 0
          ? r.value - Math.min(...others.map((s) => s.v)) >= c.change
          : r.value - Math.max(...others.map((s) => s.v)) <= c.change;
      }
      // Keep the window bounded: at most 200 samples.
      const kept = [...others, { t: r.t, v: r.value }].sort((a, b) => a.t - b.t).slice(-200);
      return { active, samples: kept };
    }
    case 'no_data':
      // A reading arrived: the sensor is not silent.
      return { active: false };
    case 'all':
    case 'any': {
      const children = c.conditions.map((x, i) => evaluateReading(x, prev?.children?.[i], r));
      const active = c.kind === 'all' ? children.every((x) => x.active) : children.some((x) => x.active);
      return { active, children };
    }
  }
}

/** Re-evaluates for silence: `silentMinutes` since the sensor's last reading. */
export function evaluateSilence(c: RuleCondition, prev: ConditionState | undefined, silentMinutes: number): ConditionState {
  switch (c.kind) {
    case 'no_data':
      return { active: silentMinutes >= c.minutes };
    case 'threshold':
    case 'rate':
      return prev ?? { active: false };
    case 'all':
    case 'any': {
      const children = c.conditions.map((x, i) => evaluateSilence(x, prev?.children?.[i], silentMinutes));
      const active = c.kind === 'all' ? children.every((x) => x.active) : children.some((x) => x.active);
      return { active, children };
    }
  }
}

/** A problem in a condition: the JSON pointer of the faulty field (from the rule body) and why. */
export interface ConditionIssue {
  path: string;
  message: string;
}

/** A readable reason for a problem in a condition, or null when it is valid. */
export function conditionProblem(c: unknown): string | null {
  return conditionIssue(c)?.message ?? null;
}

/**
 * The first problem in a condition with where it lies (`/condition/conditions/1/value`), in the
 * shape of the schema validator's `instancePath`, so the web form shows it next to the field.
 */
export function conditionIssue(c: unknown, path = '/condition', depth = 0): ConditionIssue | null {
  const at = (field: string | null, message: string): ConditionIssue => ({ path: field ? `${path}/${field}` : path, message });
  if (!c || typeof c !== 'object') return at(null, 'condition must be an object');
  const x = c as Record<string, unknown>;
  const num = (k: string) => typeof x[k] === 'number' && Number.isFinite(x[k]);
  switch (x.kind) {
    case 'threshold':
      if (!['>=', '>', '<=', '<'].includes(x.op as string)) return at('op', 'threshold.op must be one of >=, >, <=, <');
      if (!num('value')) return at('value', 'threshold.value must be a number');
      if (x.clear !== undefined && !num('clear')) return at('clear', 'threshold.clear must be a number');
      if (x.clear !== undefined) {
        const rising = x.op === '>=' || x.op === '>';
        if (rising ? (x.clear as number) > (x.value as number) : (x.clear as number) < (x.value as number)) {
          return at('clear', 'threshold.clear must lie on the safe side of value (below it for >=, above it for <=)');
        }
      }
      return null;
    case 'rate':
      if (!num('windowMinutes') || (x.windowMinutes as number) <= 0) return at('windowMinutes', 'rate.windowMinutes must be a positive number');
      if (!num('change') || x.change === 0) return at('change', 'rate.change must be a non-zero number');
      return null;
    case 'no_data':
      if (!num('minutes') || (x.minutes as number) <= 0) return at('minutes', 'no_data.minutes must be a positive number');
      return null;
    case 'all':
    case 'any': {
      if (depth > 3) return at(null, 'conditions nest at most 4 levels');
      if (!Array.isArray(x.conditions) || x.conditions.length === 0) return at('conditions', `${x.kind}.conditions must be a non-empty array`);
      for (const [i, sub] of x.conditions.entries()) {
        const p = conditionIssue(sub, `${path}/conditions/${i}`, depth + 1);
        if (p) return p;
      }
      return null;
    }
    default:
      return at('kind', 'condition.kind must be threshold, rate, no_data, all or any');
  }
}
