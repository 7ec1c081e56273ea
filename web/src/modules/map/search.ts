// Diacritics-insensitive matching of place names ("tan hung" finds "Phường Tân Hưng").

/** Lower case without Vietnamese diacritics (đ → d), single spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Names matching every word of the query, best first (name starts with the query, then shorter). */
export function matchNames<T>(items: readonly T[], query: string, namesOf: (item: T) => string[], limit = 8): T[] {
  const folded = foldText(query);
  if (!folded) return [];
  const words = folded.split(' ');
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    let best = Number.POSITIVE_INFINITY;
    for (const name of namesOf(item)) {
      const candidate = foldText(name);
      if (!words.every((word) => candidate.includes(word))) continue;
      // Names are often "Phường X": a match right after the prefix counts as a start.
      const bare = candidate.replace(/^(phuong|xa|dac khu|quan|huyen|thi tran|ward|commune)\s+/, '');
      const starts = candidate.startsWith(folded) || bare.startsWith(folded) ? 0 : 1000;
      best = Math.min(best, starts + candidate.length);
    }
    if (Number.isFinite(best)) scored.push({ item, score: best });
  }
  return scored.sort((a, b) => a.score - b.score).slice(0, limit).map((entry) => entry.item);
}
