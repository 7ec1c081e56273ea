// Classes of a dashboard choropleth: equal intervals between the smallest and the largest value
// of the wards that have one, and the legend entries (only classes that hold a ward).
export interface ChoroplethClasses {
  classOf: (value: number) => number;
  ranges: { index: number; from: number; to: number }[];
}

export function choroplethClasses(values: readonly number[], count: number): ChoroplethClasses {
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return { classOf: () => 0, ranges: [] };
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min;
  const classOf = (v: number) => (span === 0 ? 0 : Math.min(count - 1, Math.floor(((v - min) / span) * count)));
  const ranges: ChoroplethClasses['ranges'] = [];
  for (let i = 0; i < count; i++) {
    const inClass = finite.filter((v) => classOf(v) === i);
    if (!inClass.length) continue;
    ranges.push({ index: i, from: span === 0 ? min : min + (span * i) / count, to: span === 0 ? max : min + (span * (i + 1)) / count });
  }
  return { classOf, ranges };
}
