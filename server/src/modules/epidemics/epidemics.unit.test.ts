// Pure rules against hand computations: levels of hand-made weeks under both rule versions,
// follow-up scheduling and "lost" flags, chain metrics, green classification, and the demo's
// curve and pinned weeks.
import { describe, expect, it } from 'vitest';
import { chainsOf, figuresOf, greenOf, isLost, levelOf, pickTeam, RULES_218, RULES_4800, scheduleFollowUps, weekStart, type WardWeekCounts } from './epidemics.rules.ts';
import { DEMO_WARDS, demoDailyCases, PINNED, PINNED_WARD, seirCurve } from './demo.ts';

const week = (over: Partial<WardWeekCounts>): WardWeekCounts => ({
  population: 100_000, adults: 76_000, elderly: 24_000, communityWeek: 0, communityPrevWeek: 0, allWeek: 0, allPrevWeek: 0, deathsWeek: 0, severeWeek: 0,
  adultsDose1: 76_000, adultsFull: 76_000, elderlyFull: 24_000, beds: 100, bedsUsed: 10, icu: 4, icuUsed: 1, oxygen: 30, oxygenAvailable: 20, ...over,
});

describe('levels (hand-computed weeks)', () => {
  it('Decision 4800: two-week average of community cases, raised below 70 % first doses or at 90 % bed occupancy', () => {
    // A: community 30 + 10 → (30+10)/2 = 20 per 100,000 → band 2; coverage 100 % → level 2.
    const a = figuresOf(week({ communityWeek: 30, communityPrevWeek: 10, allWeek: 80, allPrevWeek: 50 }), RULES_4800);
    expect(a.incidence).toBe(20);
    expect(a.casesWeek).toBe(30);
    expect(levelOf(a, RULES_4800)).toMatchObject({ level: 2, base: 2, applied: [] });
    // B: 19 + 19 → 19 → band 1; first doses 53,200 / 76,000 = 0.7 → not below → level 1.
    const b = figuresOf(week({ communityWeek: 19, communityPrevWeek: 19, adultsDose1: 53_200 }), RULES_4800);
    expect(b.incidence).toBe(19);
    expect(levelOf(b, RULES_4800).level).toBe(1);
    // C: same with 53,199 first doses (69.99 %) → raised to 2; and beds 90/100 → raised to 3.
    const c = figuresOf(week({ communityWeek: 19, communityPrevWeek: 19, adultsDose1: 53_199, bedsUsed: 90 }), RULES_4800);
    expect(levelOf(c, RULES_4800)).toMatchObject({ level: 3, base: 1 });
    expect(levelOf(c, RULES_4800).applied.map((x) => x.metric)).toEqual(['adultsDose1Share', 'bedOccupancy']);
    // D: 150 per 100,000 exactly → 4; raises cannot exceed 4.
    const d = figuresOf(week({ communityWeek: 200, communityPrevWeek: 100, adultsDose1: 0 }), RULES_4800);
    expect(d.incidence).toBe(150);
    expect(levelOf(d, RULES_4800).level).toBe(4);
  });

  it('Decision 218: weekly cases (all), deaths > 6 per 100,000, full-dose coverage', () => {
    // All cases this week 49 on 100,000 → 49 → band 2 (20–<50); deaths 6 → not > 6 → level 2.
    const a = figuresOf(week({ allWeek: 49, allPrevWeek: 500, communityWeek: 1, deathsWeek: 6 }), RULES_218);
    expect(a.incidence).toBe(49);
    expect(levelOf(a, RULES_218).level).toBe(2);
    // Deaths 7 on 100,000 → 7 > 6 → 3; full doses 50 % → 4.
    const b = figuresOf(week({ allWeek: 49, deathsWeek: 7, adultsFull: 38_000 }), RULES_218);
    expect(b.deathsPer100k).toBe(7);
    expect(b.adultsFullShare).toBe(0.5);
    expect(levelOf(b, RULES_218).level).toBe(4);
    // The same week under 4800 reads community cases: (1 + 0) / 2 → 0.5 → level 1.
    expect(levelOf(figuresOf(week({ allWeek: 49, communityWeek: 1, deathsWeek: 7 }), RULES_4800), RULES_4800).level).toBe(1);
  });

  it('missing figures skip an adjustment and are listed', () => {
    const f = figuresOf(week({ communityWeek: 0, beds: null, bedsUsed: null, adultsDose1: null }), RULES_4800);
    expect(f.bedOccupancy).toBeNull();
    expect(levelOf(f, RULES_4800)).toMatchObject({ level: 1, missing: ['adultsDose1Share', 'bedOccupancy'] });
  });

  it('weeks start on Monday', () => {
    expect(weekStart('2021-12-15')).toBe('2021-12-13');
    expect(weekStart('2021-12-13')).toBe('2021-12-13');
    expect(weekStart('2021-12-19')).toBe('2021-12-13');
  });
});

describe('follow-up', () => {
  it('schedules visits from the day after the exposure, for the period and frequency of the outbreak', () => {
    const v = scheduleFollowUps('2021-08-30', 14, 2);
    expect(v).toHaveLength(28);
    expect(v[0]).toEqual({ dueOn: '2021-08-31', dayIndex: 1, seq: 1 });
    expect(v[1]).toEqual({ dueOn: '2021-08-31', dayIndex: 1, seq: 2 });
    expect(v.at(-1)).toEqual({ dueOn: '2021-09-13', dayIndex: 14, seq: 2 });
  });
  it('assigns round-robin to the least loaded team', () => {
    expect(pickTeam(new Map([[3, 2], [1, 2], [2, 1]]))).toBe(2);
    expect(pickTeam(new Map([[3, 0], [1, 0]]))).toBe(1);
    expect(pickTeam(new Map())).toBeNull();
  });
  it('flags lost to follow-up after more than N days unseen', () => {
    const f = { from: '2021-09-01', to: '2021-09-14', lastSeen: '2021-09-03' };
    expect(isLost(f, '2021-09-06', 3)).toBe(false); // 3 days since the last visit
    expect(isLost(f, '2021-09-07', 3)).toBe(true); // 4 days
    expect(isLost({ ...f, lastSeen: null }, '2021-09-03', 3)).toBe(false); // never seen: counted from 31/8 → 3
    expect(isLost({ ...f, lastSeen: null }, '2021-09-04', 3)).toBe(true);
    expect(isLost(f, '2021-08-20', 3)).toBe(false); // before the follow-up
  });
});

describe('chains', () => {
  // Chain 1: 1 → 2 → 3 → 4 (contact), 1 → 5 ; chain 2: 10 → 11 (contact, under follow-up) ; 20 alone (no relationship).
  const nodes = [
    { id: 1, kind: 'case' as const, caseOn: '2021-08-01', underFollowUp: false },
    { id: 2, kind: 'case' as const, caseOn: '2021-08-05', underFollowUp: false },
    { id: 3, kind: 'case' as const, caseOn: '2021-08-09', underFollowUp: false },
    { id: 4, kind: 'contact' as const, caseOn: null, underFollowUp: false },
    { id: 5, kind: 'case' as const, caseOn: '2021-08-03', underFollowUp: false },
    { id: 10, kind: 'case' as const, caseOn: '2021-07-01', underFollowUp: false },
    { id: 11, kind: 'contact' as const, caseOn: null, underFollowUp: true },
    { id: 20, kind: 'case' as const, caseOn: '2021-08-09', underFollowUp: false },
  ];
  const edges = [{ source: 1, target: 2 }, { source: 2, target: 3 }, { source: 3, target: 4 }, { source: 1, target: 5 }, { source: 10, target: 11 }];
  it('finds the components with size, cases, contacts, generations, dates and activity', () => {
    const c = chainsOf(nodes, edges, '2021-08-10', 14);
    expect(c).toHaveLength(2);
    expect(c[0]).toMatchObject({ root: 1, size: 5, cases: 4, contacts: 1, generations: 3, firstCaseOn: '2021-08-01', lastCaseOn: '2021-08-09', active: true, members: [1, 2, 3, 4, 5] });
    expect(c[1]).toMatchObject({ root: 10, size: 2, cases: 1, contacts: 1, generations: 1, active: true });
    // Thirty days later only the chain with nobody under follow-up… neither is active once the contact's follow-up ends.
    const later = chainsOf(nodes.map((n) => ({ ...n, underFollowUp: false })), edges, '2021-09-10', 14);
    expect(later.map((x) => x.active)).toEqual([false, false]);
  });
  it('survives a cycle', () => {
    const c = chainsOf(nodes.slice(0, 3), [{ source: 1, target: 2 }, { source: 2, target: 3 }, { source: 3, target: 1 }], '2021-08-10', 14);
    expect(c[0]).toMatchObject({ size: 3, cases: 3 });
    expect(c[0]!.generations).toBeGreaterThanOrEqual(1);
  });
});

describe('green classification', () => {
  it('green with no case, or clear for at least the rule\'s days with no active case', () => {
    expect(greenOf([], '2021-09-01', 7)).toMatchObject({ green: true, lastCaseOn: null });
    expect(greenOf([{ caseOn: '2021-08-25', active: false }], '2021-09-01', 7)).toMatchObject({ green: true, daysClear: 7 });
    expect(greenOf([{ caseOn: '2021-08-26', active: false }], '2021-09-01', 7)).toMatchObject({ green: false, daysClear: 6 });
    expect(greenOf([{ caseOn: '2021-08-01', active: true }], '2021-09-01', 7)).toMatchObject({ green: false, activeCases: 1 });
    expect(greenOf([{ caseOn: '2021-09-05', active: true }], '2021-09-01', 7)).toMatchObject({ green: true }); // a later case is not known yet
    expect(greenOf([{ caseOn: '2021-08-26', active: false }], '2021-09-01', 5).green).toBe(true); // configurable
  });
});

describe('demo curve', () => {
  it('is SEIR-shaped: rises, peaks once, falls; the pinned weeks hold their counts', () => {
    const curve = seirCurve(366_000, 200);
    const peak = curve.indexOf(Math.max(...curve));
    expect(peak).toBeGreaterThan(40);
    expect(peak).toBeLessThan(110);
    expect(curve[10]!).toBeLessThan(curve[peak]!);
    expect(curve[190]!).toBeLessThan(curve[peak]! / 10);
    const daily = demoDailyCases();
    const total = [...daily.values()].flat().reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(5_000);
    expect(total).toBeLessThan(25_000);
    const tm = daily.get(PINNED_WARD)!;
    const at = (d: string) => (Date.parse(d) - Date.parse('2021-06-15')) / 86_400_000;
    for (const [w, n] of Object.entries(PINNED)) expect(tm.slice(at(w), at(w) + 7).reduce((a, b) => a + b, 0)).toBe(n);
    expect(DEMO_WARDS.find((w) => w.code === PINNED_WARD)!.population).toBe(72_000);
  });
});
