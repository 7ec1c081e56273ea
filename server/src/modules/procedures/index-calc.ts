// The 766 scorecard of one unit, ward or scope from its per-procedure counts (pure).
import type { Indicator, Procedure, Scorecard } from '../../../../shared/contracts/procedures.ts';
import { GRADE_BANDS, INDICATORS, type IndicatorDef } from './indicators.ts';
import type { IndexCounts } from './procedures.repository.ts';
import { gradeOf, percent, scoreOf } from './procedures.rules.ts';

const sum = (rows: readonly IndexCounts[], f: (r: IndexCounts) => number) => rows.reduce((a, r) => a + f(r), 0);
const DAYS_PER_MONTH = 30.4375;

/** Average handling time of a procedure in its own unit (hours, days, working days, months), or null without finished dossiers. */
export function averageInUnit(r: IndexCounts, unit: Procedure['timeUnit']): number | null {
  if (!r.handled_hours_n) return null;
  const h = r.hours_sum / r.handled_hours_n;
  const v = unit === 'hours' ? h : unit === 'days' ? h / 24 : unit === 'working_days' ? r.wd_sum / r.handled_hours_n : h / 24 / DAYS_PER_MONTH;
  return Math.round(v * 100) / 100;
}

export interface ProcedureFacts { code: string; inBase: boolean; counted: boolean; average: number | null }

/** Which procedures a procedure-level indicator looks at, and which of them count. */
export function procedureFacts(id: string, rows: readonly IndexCounts[], catalogue: ReadonlyMap<string, Procedure>): ProcedureFacts[] {
  const byCode = new Map<string, IndexCounts[]>();
  for (const r of rows) byCode.set(r.procedure_code, [...(byCode.get(r.procedure_code) ?? []), r]);
  const out: ProcedureFacts[] = [];
  for (const [code, list] of [...byCode].sort(([a], [b]) => a.localeCompare(b))) {
    const p = catalogue.get(code);
    const merged: IndexCounts = list.reduce((a, r) => ({
      ...a, received: a.received + r.received, online: a.online + r.online, handled_hours_n: a.handled_hours_n + r.handled_hours_n,
      hours_sum: a.hours_sum + r.hours_sum, wd_sum: a.wd_sum + r.wd_sum,
    }));
    const received = merged.received > 0;
    const online = !!p && p.online !== 'none';
    if (id === '2.2') {
      const avg = p ? averageInUnit(merged, p.timeUnit) : null;
      const inBase = avg !== null && !!p && p.timeLimit !== null;
      out.push({ code, inBase, counted: inBase && avg! <= p!.timeLimit!, average: avg });
    } else if (id === '3.1') out.push({ code, inBase: received, counted: received && online, average: null });
    else if (id === '3.2') out.push({ code, inBase: received && online, counted: received && online && merged.online > 0, average: null });
    else if (id === '3.5') {
      const fee = !!p && (p.fee ?? 0) > 0;
      out.push({ code, inBase: received && fee, counted: received && fee && p!.onlinePayment, average: null });
    }
  }
  return out.filter((f) => f.inBase);
}

function indicator(def: IndicatorDef, numerator: number, denominator: number, rate: number | null = percent(numerator, denominator)): Indicator {
  return { id: def.id, group: def.group, numerator, denominator, rate, maxPoints: def.maxPoints, threshold: def.threshold, points: scoreOf(rate, def.maxPoints, def.threshold), drill: def.drill };
}

export function scorecardOf(key: string | null, rows: readonly IndexCounts[], catalogue: ReadonlyMap<string, Procedure>, names: { vi: string; en: string } | null): Scorecard {
  const feeCodes = new Set([...catalogue.values()].filter((p) => (p.fee ?? 0) > 0).map((p) => p.code));
  const handled = sum(rows, (r) => r.handled);
  const onTime = sum(rows, (r) => r.on_time);
  const dislikes = sum(rows, (r) => r.dislikes);
  const indicators: Indicator[] = [];
  for (const def of INDICATORS) {
    if (def.drill === 'procedures') {
      const facts = procedureFacts(def.id, rows, catalogue);
      indicators.push(indicator(def, facts.filter((f) => f.counted).length, facts.length));
      continue;
    }
    switch (def.id) {
      case '2.1': indicators.push(indicator(def, onTime, handled)); break;
      case '3.3': indicators.push(indicator(def, sum(rows, (r) => r.online), sum(rows, (r) => r.received))); break;
      case '3.6': {
        const fee = rows.filter((r) => feeCodes.has(r.procedure_code));
        indicators.push(indicator(def, sum(fee, (r) => r.paid_online), sum(fee, (r) => r.received)));
        break;
      }
      case '4.1': indicators.push(indicator(def, sum(rows, (r) => r.e_result), sum(rows, (r) => r.ended_result))); break;
      case '4.2': indicators.push(indicator(def, sum(rows, (r) => r.digitised), sum(rows, (r) => r.received))); break;
      case '5.4': {
        // 100 % − (overdue rate + dislike rate) = (on time − disliked) ÷ handled, never below 0.
        const num = onTime - dislikes;
        indicators.push(indicator(def, num, handled, handled > 0 ? Math.max(0, percent(num, handled)!) : null));
        break;
      }
    }
  }
  const applicable = indicators.filter((i) => i.points !== null);
  const points = Math.round(applicable.reduce((a, i) => a + i.points!, 0) * 100) / 100;
  const maxPoints = applicable.reduce((a, i) => a + i.maxPoints, 0);
  const total = maxPoints > 0 ? Math.round((points / maxPoints) * 1000) / 10 : null;
  const hoursN = sum(rows, (r) => r.handled_hours_n);
  const ratings = sum(rows, (r) => r.ratings);
  return {
    key, nameVi: names?.vi ?? null, nameEn: names?.en ?? null, indicators, points, maxPoints, total, grade: gradeOf(total, GRADE_BANDS),
    dossiers: handled,
    averageHandlingDays: hoursN ? Math.round((sum(rows, (r) => r.wd_sum) / hoursN) * 100) / 100 : null,
    averageRating: ratings ? Math.round((sum(rows, (r) => r.rating_sum) / ratings) * 100) / 100 : null,
  };
}
