// Class breaks for thematic maps (simple-statistics): quantiles, natural breaks (Jenks via
// Ckmeans), equal intervals. Always [min, …, max], ascending, without repeats.
import { equalIntervalBreaks, jenks, quantile } from 'simple-statistics';
import type { ClassificationMethod } from '../../../../shared/contracts/spatial.ts';

const tidy = (x: number) => Number(x.toPrecision(10));

export function classBreaks(values: number[], method: ClassificationMethod, classes: number): number[] {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return [];
  const distinct = [...new Set(v)];
  if (distinct.length <= classes) return distinct.map(tidy);
  let breaks: number[];
  switch (method) {
    case 'quantile':
      breaks = [v[0]!, ...Array.from({ length: classes - 1 }, (_, i) => quantile(v, (i + 1) / classes)), v[v.length - 1]!];
      break;
    case 'jenks':
      breaks = jenks(v, classes) ?? equalIntervalBreaks(v, classes);
      break;
    case 'equal':
      breaks = equalIntervalBreaks(v, classes);
      break;
  }
  return [...new Set(breaks.map(tidy))].sort((a, b) => a - b);
}
