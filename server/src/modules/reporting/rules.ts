// Validation of a submission's values against its form (pure): each value's type, compulsory
// elements, and the form's validation rules (DHIS2's shape: left side, operator, right side,
// importance). A side is arithmetic over element codes and numbers ("vaccinated",
// "male + female", "population * 0.5"); a disaggregated element's code stands for the sum of
// its options. A rule whose sides name a missing value is skipped (DHIS2's "skip if missing").
import type { ReportForm, ReportProblem, ReportValue } from '../../../../shared/contracts/reporting.ts';

type Tok = { k: 'num'; v: number } | { k: 'id'; v: string } | { k: 'op'; v: string };

function tokenize(expr: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*)|([-+*/()]))/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(expr)) && m[0].length) {
    last = re.lastIndex;
    if (m[1] !== undefined) out.push({ k: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ k: 'id', v: m[2] });
    else out.push({ k: 'op', v: m[3]! });
  }
  if (expr.slice(last).trim()) throw new Error(`cannot read "${expr.slice(last).trim()}"`);
  return out;
}

/** The element codes an expression names (for checking a form's rules when it is saved). */
export function expressionCodes(expr: string): string[] {
  return tokenize(expr).filter((t): t is { k: 'id'; v: string } => t.k === 'id').map((t) => t.v);
}

/** Evaluates an expression; undefined when a value it names is missing. */
export function evaluate(expr: string, lookup: (code: string) => number | undefined): number | undefined {
  const toks = tokenize(expr);
  let i = 0;
  let missing = false;
  const peek = () => toks[i];
  function primary(): number {
    const t = toks[i++];
    if (!t) throw new Error(`"${expr}" ends too early`);
    if (t.k === 'num') return t.v;
    if (t.k === 'id') {
      const v = lookup(t.v);
      if (v === undefined) missing = true;
      return v ?? 0;
    }
    if (t.v === '(') {
      const v = sum();
      if (toks[i++]?.v !== ')') throw new Error(`"${expr}": a bracket is not closed`);
      return v;
    }
    if (t.v === '-') return -primary();
    throw new Error(`"${expr}": unexpected "${t.v}"`);
  }
  function product(): number {
    let v = primary();
    while (peek()?.k === 'op' && (peek()!.v === '*' || peek()!.v === '/')) {
      const op = toks[i++]!.v;
      const r = primary();
      v = op === '*' ? v * r : r === 0 ? NaN : v / r;
    }
    return v;
  }
  function sum(): number {
    let v = product();
    while (peek()?.k === 'op' && (peek()!.v === '+' || peek()!.v === '-')) {
      const op = toks[i++]!.v;
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  }
  const v = sum();
  if (i < toks.length) throw new Error(`"${expr}": unexpected "${String(toks[i]!.v)}"`);
  return missing || Number.isNaN(v) ? undefined : v;
}

const OPS: Record<string, (a: number, b: number) => boolean> = {
  '<=': (a, b) => a <= b + 1e-9, '<': (a, b) => a < b, '>=': (a, b) => a + 1e-9 >= b, '>': (a, b) => a > b,
  '==': (a, b) => Math.abs(a - b) < 1e-9, '!=': (a, b) => Math.abs(a - b) >= 1e-9,
};

const isBlank = (v: ReportValue | undefined) => v === undefined || v === null || v === '';

/** The keys a form's values are stored under: an element's code, or code.option for each disaggregation option. */
export function valueKeys(form: Pick<ReportForm, 'elements'>): string[] {
  return form.elements.flatMap((e) => (e.disaggregation ? e.disaggregation.options.map((o) => `${e.code}.${o.code}`) : [e.code]));
}

/** A numeric value of an element (the sum of its options when disaggregated), or undefined. */
export function numericLookup(form: Pick<ReportForm, 'elements'>, values: Record<string, ReportValue>) {
  return (code: string): number | undefined => {
    const direct = values[code];
    if (typeof direct === 'number') return direct;
    if (typeof direct === 'boolean') return direct ? 1 : 0;
    const e = form.elements.find((x) => x.code === code);
    if (e?.disaggregation) {
      const parts = e.disaggregation.options.map((o) => values[`${code}.${o.code}`]);
      if (parts.some((p) => typeof p !== 'number')) return undefined;
      return (parts as number[]).reduce((a, b) => a + b, 0);
    }
    return undefined;
  };
}

/**
 * Problems with a set of values: type errors and blocking rule breaches block submission
 * (`blocking: true`), as do missing compulsory values when `forSubmit`; other rule breaches
 * are warnings.
 */
export function validateValues(form: Pick<ReportForm, 'elements' | 'rules'>, values: Record<string, ReportValue>, forSubmit: boolean): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const keys = new Set(valueKeys(form));
  for (const k of Object.keys(values)) if (!keys.has(k)) problems.push({ code: 'unknown_element', element: k, rule: null, blocking: true });
  for (const e of form.elements) {
    const ks = e.disaggregation ? e.disaggregation.options.map((o) => `${e.code}.${o.code}`) : [e.code];
    let blank = 0;
    for (const k of ks) {
      const v = values[k];
      if (isBlank(v)) { blank++; continue; }
      const ok = e.type === 'text' ? typeof v === 'string'
        : e.type === 'yesno' ? typeof v === 'boolean'
          : typeof v === 'number' && Number.isFinite(v);
      if (!ok) { problems.push({ code: 'wrong_type', element: k, rule: null, blocking: true }); continue; }
      if (typeof v === 'number') {
        if (e.type === 'percent' && (v < 0 || v > 100)) problems.push({ code: 'out_of_range', element: k, rule: null, blocking: true });
        else if (e.type === 'number' && e.min !== undefined && e.min !== null && v < e.min) problems.push({ code: 'out_of_range', element: k, rule: null, blocking: true });
      }
    }
    if (forSubmit && e.compulsory && blank > 0) problems.push({ code: 'compulsory_missing', element: e.code, rule: null, blocking: true });
  }
  const lookup = numericLookup(form, values);
  for (const r of form.rules) {
    const left = evaluate(r.left, lookup);
    const right = evaluate(r.right, lookup);
    if (left === undefined || right === undefined) continue;
    if (!OPS[r.operator]!(left, right)) problems.push({ code: 'rule_failed', element: null, rule: r.code, blocking: r.blocking, left, right });
  }
  return problems;
}

export const RULE_OPERATORS = Object.keys(OPS);
