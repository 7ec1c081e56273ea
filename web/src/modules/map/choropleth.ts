// Colours of a choropleth: a sequential ramp (ColorBrewer YlOrRd) cut into the server's classes.
import type { TFunction } from 'i18next';
import type { ChoroplethMeasure, ChoroplethResponse } from '../../../../shared/contracts/index.ts';
import { unitLabel } from '../../i18n/units.ts';

const YL_OR_RD = ['#ffffcc', '#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#bd0026', '#800026'];
export const NO_DATA_COLOR = '#d1d5db';

/** `count` colours spread over the ramp, light to dark. */
export function rampColors(count: number): string[] {
  const n = Math.max(1, Math.min(YL_OR_RD.length, count));
  if (n === 1) return [YL_OR_RD[4]!];
  return Array.from({ length: n }, (_, i) => YL_OR_RD[Math.round((i * (YL_OR_RD.length - 1)) / (n - 1))]!);
}

/** Index of the class of `value` given ascending upper bounds (the last class takes the rest). */
export function classOf(value: number, breaks: readonly number[]): number {
  for (let i = 0; i < breaks.length; i++) if (value <= breaks[i]!) return i;
  return Math.max(0, breaks.length - 1);
}

export interface ChoroplethLegendEntry {
  color: string;
  from: number;
  to: number;
  areas: number;
}

/** Colour of the units without any record: they are outside the classes (issue 20). */
export const EMPTY_COLOR = '#f1f3f5';

export interface ChoroplethColors {
  byCode: Record<string, string>;
  legend: ChoroplethLegendEntry[];
  /** Units whose value cannot be computed (e.g. per 10,000 residents without population). */
  noData: number;
  /** Units without any record: not in the classes, shown apart. */
  empty: number;
}

/**
 * The server's `breaks` are class boundaries from the minimum to the maximum (class i holds
 * [breaks[i], breaks[i+1]]), computed over the units that have records; units without records
 * get their own colour and legend line instead of dragging every class to "0 – 0".
 */
export function choroplethColors(response: Pick<ChoroplethResponse, 'areas' | 'breaks'>): ChoroplethColors {
  const b = response.breaks;
  const uppers = b.length >= 2 ? b.slice(1) : b;
  const colors = rampColors(uppers.length);
  const legend: ChoroplethLegendEntry[] = uppers.map((to, i) => ({ color: colors[i]!, from: b.length >= 2 ? b[i]! : b[0]!, to, areas: 0 }));
  const byCode: Record<string, string> = {};
  let noData = 0;
  let empty = 0;
  for (const area of response.areas) {
    if (area.value === null || !Number.isFinite(area.value)) {
      byCode[area.code] = NO_DATA_COLOR;
      noData++;
    } else if (area.count === 0 || !legend.length) {
      byCode[area.code] = EMPTY_COLOR;
      empty++;
    } else {
      const index = classOf(area.value, uppers);
      byCode[area.code] = colors[index]!;
      legend[index]!.areas++;
    }
  }
  return { byCode, legend, noData, empty };
}

/** Decimals shown for a measure: counts and sums are whole numbers. */
export const measureDigits = (measure: ChoroplethMeasure | undefined): number => (measure === 'count' || measure === 'sum' ? 0 : 1);

/** The unit of a choropleth's values in the interface language (the server's unit is a code-like English text). */
export function choroplethUnit(t: TFunction, result: Pick<ChoroplethResponse, 'measure' | 'unit'>, lang: string): string {
  if (result.measure === 'count' || result.measure === 'density' || result.measure === 'per10k') return t(`map.theme.units.${result.measure}`);
  return unitLabel(result.unit, lang);
}
