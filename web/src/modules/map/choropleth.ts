// Colours of a choropleth: a sequential ramp (ColorBrewer YlOrRd) cut into the server's classes.
import type { ChoroplethResponse } from '../../../../shared/contracts/index.ts';

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

export interface ChoroplethColors {
  byCode: Record<string, string>;
  legend: ChoroplethLegendEntry[];
  noData: number;
}

export function choroplethColors(response: Pick<ChoroplethResponse, 'areas' | 'breaks'>): ChoroplethColors {
  const breaks = response.breaks.length > 0 ? response.breaks : [Math.max(0, ...response.areas.map((area) => area.value ?? 0))];
  const colors = rampColors(breaks.length);
  const values = response.areas.map((area) => area.value).filter((value): value is number => value !== null && Number.isFinite(value));
  const minimum = values.length > 0 ? Math.min(...values) : 0;
  const legend: ChoroplethLegendEntry[] = breaks.map((to, i) => ({ color: colors[i]!, from: i === 0 ? minimum : breaks[i - 1]!, to, areas: 0 }));
  const byCode: Record<string, string> = {};
  let noData = 0;
  for (const area of response.areas) {
    if (area.value === null || !Number.isFinite(area.value)) {
      byCode[area.code] = NO_DATA_COLOR;
      noData++;
      continue;
    }
    const index = classOf(area.value, breaks);
    byCode[area.code] = colors[index]!;
    legend[index]!.areas++;
  }
  return { byCode, legend, noData };
}
