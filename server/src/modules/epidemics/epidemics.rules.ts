// Pure rules of the epidemics module (no I/O): ward levels from a versioned rule set, follow-up
// scheduling and "lost to follow-up", chain metrics over the relationship graph, and the green
// classification. Unit-tested against hand-computed cases (epidemics.unit.test.ts).
import type { LevelFigures, LevelRules } from '../../../../shared/contracts/epidemics.ts';

const DAY = 86_400_000;
export const addDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
/** The Monday of the ISO week of a day. */
export function weekStart(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return addDays(iso, -((d.getUTCDay() + 6) % 7));
}

// ── Levels ─────────────────────────────────────────────────────────────────────────────────

/** The raw counts of a ward and week, before a rule set reads them. */
export interface WardWeekCounts {
  population: number;
  adults: number;
  elderly: number;
  communityWeek: number;
  communityPrevWeek: number;
  allWeek: number;
  allPrevWeek: number;
  deathsWeek: number;
  severeWeek: number;
  adultsDose1: number | null;
  adultsFull: number | null;
  elderlyFull: number | null;
  beds: number | null;
  bedsUsed: number | null;
  icu: number | null;
  icuUsed: number | null;
  oxygen: number | null;
  oxygenAvailable: number | null;
}

const per100k = (n: number, pop: number) => (pop > 0 ? (n * 100_000) / pop : 0);
const share = (n: number | null, d: number | null) => (n === null || d === null || d <= 0 ? null : n / d);
/** Rounds away float noise only (9 digits), so a threshold compares the exact figure. */
const round = (x: number | null, digits = 9) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** The figures a rule set reads, derived from the counts (kept with the rating). */
export function figuresOf(c: WardWeekCounts, rules: LevelRules): LevelFigures {
  const community = rules.incidence.cases === 'community';
  const week = community ? c.communityWeek : c.allWeek;
  const prev = community ? c.communityPrevWeek : c.allPrevWeek;
  const cases = rules.incidence.method === 'two_week_average' ? (week + prev) / 2 : week;
  return {
    population: c.population,
    adults: c.adults,
    elderly: c.elderly,
    casesWeek: week,
    casesPrevWeek: prev,
    incidence: round(per100k(cases, c.population))!,
    deathsWeek: c.deathsWeek,
    deathsPer100k: round(per100k(c.deathsWeek, c.population))!,
    severeWeek: c.severeWeek,
    severePer100k: round(per100k(c.severeWeek, c.population))!,
    adultsDose1Share: round(share(c.adultsDose1, c.adults)),
    adultsFullShare: round(share(c.adultsFull, c.adults)),
    elderlyFullShare: round(share(c.elderlyFull, c.elderly)),
    bedOccupancy: round(share(c.bedsUsed, c.beds)),
    icuFreePer100k: c.icu === null || c.icuUsed === null ? null : round(per100k(Math.max(0, c.icu - c.icuUsed), c.population)),
    oxygenAvailableShare: round(share(c.oxygenAvailable, c.oxygen)),
  };
}

export interface LevelVerdict {
  level: 1 | 2 | 3 | 4;
  base: number;
  applied: { metric: string; value: number; raise: number }[];
  missing: string[];
}

const clampLevel = (n: number) => Math.min(4, Math.max(1, n)) as 1 | 2 | 3 | 4;

/** The level: the incidence band, then each adjustment whose condition holds (missing figures skip it). */
export function levelOf(f: LevelFigures, rules: LevelRules): LevelVerdict {
  const [b2, b3, b4] = rules.incidence.bands;
  const base = f.incidence >= b4 ? 4 : f.incidence >= b3 ? 3 : f.incidence >= b2 ? 2 : 1;
  let level = base;
  const applied: LevelVerdict['applied'] = [];
  const missing: string[] = [];
  for (const a of rules.adjustments) {
    const v = f[a.metric];
    if (v === null || v === undefined) {
      missing.push(a.metric);
      continue;
    }
    const holds = a.op === 'lt' ? v < a.value : a.op === 'lte' ? v <= a.value : a.op === 'gt' ? v > a.value : v >= a.value;
    if (holds && (a.onlyFromLevel === undefined || base >= a.onlyFromLevel)) {
      level += a.raise;
      applied.push({ metric: a.metric, value: v, raise: a.raise });
    }
  }
  return { level: clampLevel(level), base, applied, missing };
}

/** Decision 4800/QĐ-BYT (12/10/2021) as HCMC applied it: the 2021 default. [U] parts are data to edit. */
export const RULES_4800: LevelRules = {
  incidence: { method: 'two_week_average', cases: 'community', bands: [20, 50, 150] },
  adjustments: [
    { metric: 'adultsDose1Share', op: 'lt', value: 0.7, raise: 1, note: 'criterion 2: < 70 % of adults 18+ with ≥ 1 dose' },
    { metric: 'bedOccupancy', op: 'gte', value: 0.9, raise: 1, note: 'criterion 3: treatment capacity (threshold unconfirmed)' },
  ],
};
/** Decision 218/QĐ-BYT (27/1/2022), its successor. Thresholds other than deaths > 6 are unconfirmed. */
export const RULES_218: LevelRules = {
  incidence: { method: 'weekly', cases: 'all', bands: [20, 50, 150] },
  adjustments: [
    { metric: 'adultsFullShare', op: 'lt', value: 0.7, raise: 1, note: 'full-dose coverage of adults (threshold unconfirmed)' },
    { metric: 'deathsPer100k', op: 'gt', value: 6, raise: 1, note: 'HCMC: deaths > 6 per 100,000' },
    { metric: 'bedOccupancy', op: 'gte', value: 0.9, raise: 1, note: 'free beds (threshold unconfirmed)' },
  ],
};

// ── Follow-up ──────────────────────────────────────────────────────────────────────────────

export interface ScheduledVisit {
  dueOn: string;
  dayIndex: number;
  seq: number;
}

/** Visits from the day after the last exposure, `days` days, `perDay` a day (Go.Data). */
export function scheduleFollowUps(lastExposure: string, days: number, perDay: number): ScheduledVisit[] {
  const out: ScheduledVisit[] = [];
  for (let d = 1; d <= days; d++) for (let s = 1; s <= perDay; s++) out.push({ dueOn: addDays(lastExposure, d), dayIndex: d, seq: s });
  return out;
}

/** Round-robin team assignment: the team with the fewest contacts (ties: lowest id). */
export function pickTeam(load: ReadonlyMap<number, number>): number | null {
  let best: number | null = null;
  for (const [id, n] of [...load.entries()].sort((a, b) => a[0] - b[0])) if (best === null || n < load.get(best)!) best = id;
  return best;
}

/**
 * Lost to follow-up: the contact is still under follow-up and has not been seen for more than
 * `lostAfterDays` days (counted from the day before follow-up started when never seen).
 */
export function isLost(f: { from: string; to: string; lastSeen: string | null }, today: string, lostAfterDays: number): boolean {
  if (today < f.from) return false;
  const end = today > f.to ? f.to : today;
  const since = f.lastSeen ?? addDays(f.from, -1);
  return daysBetween(since, end) > lostAfterDays;
}

// ── Chains ─────────────────────────────────────────────────────────────────────────────────

export interface ChainNode {
  id: number;
  kind: 'case' | 'contact';
  /** The day the person became (or was confirmed as) a case; null for contacts. */
  caseOn: string | null;
  underFollowUp: boolean;
}
export interface ChainEdge {
  source: number;
  target: number;
}
export interface ChainMetrics {
  id: number;
  root: number;
  size: number;
  cases: number;
  contacts: number;
  generations: number;
  firstCaseOn: string | null;
  lastCaseOn: string | null;
  active: boolean;
  members: number[];
}

/** Chains = connected components of the relationship graph (people with at least one relationship). */
export function chainsOf(nodes: readonly ChainNode[], edges: readonly ChainEdge[], today: string, activeDays: number): ChainMetrics[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (parent.get(c) !== r) {
      const n = parent.get(c)!;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  const children = new Map<number, number[]>();
  const hasParent = new Set<number>();
  for (const e of edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    for (const v of [e.source, e.target]) if (!parent.has(v)) parent.set(v, v);
    const a = find(e.source);
    const b = find(e.target);
    if (a !== b) parent.set(Math.max(a, b), Math.min(a, b));
    (children.get(e.source) ?? children.set(e.source, []).get(e.source)!).push(e.target);
    hasParent.add(e.target);
  }
  const groups = new Map<number, number[]>();
  for (const v of parent.keys()) {
    const r = find(v);
    (groups.get(r) ?? groups.set(r, []).get(r)!).push(v);
  }
  const since = addDays(today, -activeDays);
  const out: ChainMetrics[] = [];
  for (const [root, members] of groups) {
    members.sort((a, b) => a - b);
    // Generations: the longest path from a person nobody infected (breadth-first, cycles ignored).
    const depth = new Map<number, number>();
    const queue: [number, number][] = members.filter((m) => !hasParent.has(m)).map((m) => [m, 1]);
    if (!queue.length) queue.push([members[0]!, 1]);
    let generations = 0;
    for (let i = 0; i < queue.length; i++) {
      const [v, d] = queue[i]!;
      if ((depth.get(v) ?? 0) >= d) continue;
      depth.set(v, d);
      if (byId.get(v)!.kind === 'case') generations = Math.max(generations, d);
      if (d > members.length) continue;
      for (const c of children.get(v) ?? []) queue.push([c, d + 1]);
    }
    let cases = 0;
    let first: string | null = null;
    let last: string | null = null;
    let active = false;
    for (const m of members) {
      const n = byId.get(m)!;
      if (n.kind === 'case') {
        cases++;
        if (n.caseOn) {
          if (!first || n.caseOn < first) first = n.caseOn;
          if (!last || n.caseOn > last) last = n.caseOn;
          if (n.caseOn > since && n.caseOn <= today) active = true;
        }
      } else if (n.underFollowUp) active = true;
    }
    out.push({ id: root, root, size: members.length, cases, contacts: members.length - cases, generations, firstCaseOn: first, lastCaseOn: last, active, members });
  }
  return out.sort((a, b) => b.size - a.size || a.id - b.id);
}

// ── Green classification ──────────────────────────────────────────────────────────────────

export interface GreenVerdict {
  green: boolean;
  lastCaseOn: string | null;
  daysClear: number | null;
  activeCases: number;
}

/**
 * Green = no case, or clear of cases for ≥ `clearDays` consecutive days (HCMC 2021): the last
 * case's day (confirmation) is at least `clearDays` days before `today`, and none is still active.
 */
export function greenOf(cases: readonly { caseOn: string; active: boolean }[], today: string, clearDays: number): GreenVerdict {
  const past = cases.filter((c) => c.caseOn <= today);
  if (!past.length) return { green: true, lastCaseOn: null, daysClear: null, activeCases: 0 };
  const last = past.reduce((m, c) => (c.caseOn > m ? c.caseOn : m), past[0]!.caseOn);
  const activeCases = past.filter((c) => c.active).length;
  const daysClear = daysBetween(last, today);
  return { green: activeCases === 0 && daysClear >= clearDays, lastCaseOn: last, daysClear, activeCases };
}
