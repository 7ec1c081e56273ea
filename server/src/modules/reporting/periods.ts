// Period arithmetic of periodic reports (Decree 09/2019/NĐ-CP as a province transposes it,
// governance-facts §4), as pure functions. Period identifiers follow DHIS2 where it has one:
// month 202507, quarter 2025Q3, six months 2025S1 / 2025S2, year 2025; nine months (which DHIS2
// lacks) is 2025N9. A period's data window ends at the cut-off: with the default cut-off day 15,
// the month 202507 covers 15/06 → 14/07, the quarter 2025Q3 15/06 → 14/09, 2025S1 15/12/2024 →
// 14/06/2025, 2025N9 15/12/2024 → 14/09/2025 and the year 15/12/2024 → 14/12/2025. Cut-off day 1
// gives calendar periods. The deadline is N working days after the window's last day (weekends
// and the holidays given, e.g. Tết, skipped); entry locks a grace of calendar days later.
import { addWorkingDays } from '../feedback/index.ts';

export const PERIOD_TYPES = ['month', 'quarter', 'six-month', 'nine-month', 'year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

export interface ParsedPeriod {
  type: PeriodType;
  year: number;
  /** First and last calendar month (1–12) the period is named after. */
  firstMonth: number;
  lastMonth: number;
  /** Month, quarter or half number; 0 for nine months and year. */
  index: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => {
  // Normalises month overflow/underflow (month 0 = December of the year before).
  const t = Date.UTC(y, m - 1, d);
  return new Date(t).toISOString().slice(0, 10);
};

/** Parses a period identifier, or null when it is not one. */
export function parsePeriod(id: string): ParsedPeriod | null {
  let m = /^(\d{4})(\d{2})$/.exec(id);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return { type: 'month', year: Number(m[1]), firstMonth: month, lastMonth: month, index: month };
  }
  m = /^(\d{4})Q([1-4])$/.exec(id);
  if (m) {
    const q = Number(m[2]);
    return { type: 'quarter', year: Number(m[1]), firstMonth: q * 3 - 2, lastMonth: q * 3, index: q };
  }
  m = /^(\d{4})S([12])$/.exec(id);
  if (m) {
    const s = Number(m[2]);
    return { type: 'six-month', year: Number(m[1]), firstMonth: s === 1 ? 1 : 7, lastMonth: s === 1 ? 6 : 12, index: s };
  }
  m = /^(\d{4})N9$/.exec(id);
  if (m) return { type: 'nine-month', year: Number(m[1]), firstMonth: 1, lastMonth: 9, index: 0 };
  m = /^(\d{4})$/.exec(id);
  if (m) return { type: 'year', year: Number(m[1]), firstMonth: 1, lastMonth: 12, index: 0 };
  return null;
}

export function formatPeriod(p: ParsedPeriod): string {
  switch (p.type) {
    case 'month': return `${p.year}${pad(p.index)}`;
    case 'quarter': return `${p.year}Q${p.index}`;
    case 'six-month': return `${p.year}S${p.index}`;
    case 'nine-month': return `${p.year}N9`;
    case 'year': return String(p.year);
  }
}

/** The data window [start, end] (local dates, both inclusive) of a period with a cut-off day (1–28). */
export function periodWindow(id: string, cutoffDay = 15): { start: string; end: string } {
  const p = parsePeriod(id);
  if (!p) throw new Error(`not a period: ${id}`);
  if (cutoffDay <= 1) return { start: ymd(p.year, p.firstMonth, 1), end: ymd(p.year, p.lastMonth + 1, 0) };
  return { start: ymd(p.year, p.firstMonth - 1, cutoffDay), end: ymd(p.year, p.lastMonth, cutoffDay - 1) };
}

/** The end (23:59:59.999 local) of a local date. */
export const endOfLocalDay = (date: string) => new Date(Date.parse(`${date}T23:59:59.999Z`) - OFFSET_MS);
export const localDate = (at: Date) => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The submission deadline: the end of the N-th working day after the window's last day. */
export function periodDeadline(id: string, opts: { cutoffDay: number; deadlineWorkingDays: number; holidays: ReadonlySet<string> }): Date {
  const { end } = periodWindow(id, opts.cutoffDay);
  if (opts.deadlineWorkingDays <= 0) return endOfLocalDay(end);
  return addWorkingDays(endOfLocalDay(end), opts.deadlineWorkingDays, opts.holidays);
}

/** When entry locks: the deadline plus a grace of whole calendar days. */
export function periodLockAt(deadline: Date, graceDays: number): Date {
  return new Date(deadline.getTime() + Math.max(0, graceDays) * DAY_MS);
}

/** The period before (the same type). */
export function previousPeriod(id: string): string {
  const p = parsePeriod(id);
  if (!p) throw new Error(`not a period: ${id}`);
  switch (p.type) {
    case 'month': return p.index === 1 ? `${p.year - 1}12` : `${p.year}${pad(p.index - 1)}`;
    case 'quarter': return p.index === 1 ? `${p.year - 1}Q4` : `${p.year}Q${p.index - 1}`;
    case 'six-month': return p.index === 1 ? `${p.year - 1}S2` : `${p.year}S1`;
    case 'nine-month': return `${p.year - 1}N9`;
    case 'year': return String(p.year - 1);
  }
}

/** The same period one year earlier (year-on-year comparison). */
export function samePeriodLastYear(id: string): string {
  const p = parsePeriod(id);
  if (!p) throw new Error(`not a period: ${id}`);
  return formatPeriod({ ...p, year: p.year - 1 });
}

/** Every period of a type in the year, in order. */
export function periodsOfYear(type: PeriodType, year: number): string[] {
  switch (type) {
    case 'month': return Array.from({ length: 12 }, (_, i) => `${year}${pad(i + 1)}`);
    case 'quarter': return [1, 2, 3, 4].map((q) => `${year}Q${q}`);
    case 'six-month': return [`${year}S1`, `${year}S2`];
    case 'nine-month': return [`${year}N9`];
    case 'year': return [String(year)];
  }
}

/** The period of a type whose window contains the local date. */
export function periodContaining(type: PeriodType, date: string, cutoffDay = 15): string {
  const year = Number(date.slice(0, 4));
  for (const y of [year, year + 1]) {
    for (const id of periodsOfYear(type, y)) {
      const w = periodWindow(id, cutoffDay);
      if (w.start <= date && date <= w.end) return id;
    }
  }
  // Nine months leaves a gap (15/09 → 14/12): the next nine-month period.
  return periodsOfYear(type, year + 1)[0]!;
}

/** Periods of a type from `from` to `to` (identifiers, inclusive), in order. */
export function periodRange(type: PeriodType, from: string, to: string): string[] {
  const out: string[] = [];
  const y0 = parsePeriod(from)?.year;
  const y1 = parsePeriod(to)?.year;
  if (y0 === undefined || y1 === undefined) return out;
  const key = (id: string) => { const p = parsePeriod(id)!; return p.year * 100 + p.lastMonth; };
  for (let y = y0; y <= y1; y++) for (const id of periodsOfYear(type, y)) if (key(id) >= key(from) && key(id) <= key(to)) out.push(id);
  return out;
}

/** Periods of a type whose window has ended on or before the local date, the latest `count`, oldest first. */
export function closedPeriods(type: PeriodType, today: string, count: number, cutoffDay = 15): string[] {
  const out: string[] = [];
  let id = periodContaining(type, today, cutoffDay);
  while (out.length < count) {
    id = previousPeriod(id);
    if (periodWindow(id, cutoffDay).end < today) out.unshift(id);
  }
  return out;
}

const ROMAN = ['', 'I', 'II', 'III', 'IV'];
/** The period's name as a Vietnamese administrative document writes it. */
export function periodLabelVi(id: string): string {
  const p = parsePeriod(id);
  if (!p) return id;
  switch (p.type) {
    case 'month': return `tháng ${p.index}/${p.year}`;
    case 'quarter': return `quý ${ROMAN[p.index]}/${p.year}`;
    case 'six-month': return p.index === 1 ? `6 tháng đầu năm ${p.year}` : `6 tháng cuối năm ${p.year}`;
    case 'nine-month': return `9 tháng năm ${p.year}`;
    case 'year': return `năm ${p.year}`;
  }
}
