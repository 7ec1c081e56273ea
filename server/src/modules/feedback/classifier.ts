// Category suggestion from Vietnamese text, with or without diacritics: multinomial naive
// Bayes over diacritics-stripped unigrams and bigrams, with Laplace smoothing. Small enough to
// train at start from the labelled set in training-data.ts (a few ms).
import { TRAINING_REPORTS } from './training-data.ts';

/** Lower-case, without diacritics (đ → d), only letters/digits/spaces. */
export function normalizeVi(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The text without proper names: a Title-case word that does not start a sentence ("đường Lê Văn
 * Lương", "cầu Tân Thuận") names a place, not the problem. Street names used to decide the
 * category: a pothole on a street that often floods in the examples went to flooding (issue 20).
 */
export function withoutNames(text: string): string {
  const out: string[] = [];
  let sentenceStart = true;
  for (const token of text.split(/(\s+)/)) {
    if (/^\s*$/.test(token)) {
      out.push(token);
      continue;
    }
    const word = token.replace(/^[^\p{L}\p{N}]+/u, '');
    const titleCase = /^\p{Lu}/u.test(word) && /\p{Ll}/u.test(word);
    if (!(titleCase && !sentenceStart && !/^[^\p{L}\p{N}]/u.test(token))) out.push(token);
    else out.push(' ');
    sentenceStart = /[.!?;:\n]$/.test(token);
  }
  return out.join('');
}

export function features(text: string): string[] {
  const words = normalizeVi(withoutNames(text)).split(' ').filter((w) => w.length > 0);
  const out = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]}_${words[i + 1]}`);
  return out;
}

export interface Suggestion {
  category: string;
  confidence: number;
  ranking: { category: string; probability: number }[];
}

export interface CategoryModel {
  categories: string[];
  suggest(text: string): Suggestion;
}

export function trainModel(examples: { category: string; text: string }[]): CategoryModel {
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const docs = new Map<string, number>();
  const vocab = new Set<string>();
  for (const ex of examples) {
    const c = counts.get(ex.category) ?? new Map<string, number>();
    counts.set(ex.category, c);
    docs.set(ex.category, (docs.get(ex.category) ?? 0) + 1);
    for (const f of features(ex.text)) {
      c.set(f, (c.get(f) ?? 0) + 1);
      totals.set(ex.category, (totals.get(ex.category) ?? 0) + 1);
      vocab.add(f);
    }
  }
  const categories = [...counts.keys()].sort();
  const v = vocab.size;
  const nDocs = examples.length;
  return {
    categories,
    suggest(text) {
      const fs = features(text).filter((f) => vocab.has(f));
      const logs = categories.map((cat) => {
        const c = counts.get(cat)!;
        const total = totals.get(cat) ?? 0;
        let lp = Math.log((docs.get(cat) ?? 0) / nDocs);
        for (const f of fs) lp += Math.log(((c.get(f) ?? 0) + 1) / (total + v));
        return lp;
      });
      const max = Math.max(...logs);
      const exps = logs.map((l) => Math.exp(l - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      const ranking = categories
        .map((category, i) => ({ category, probability: Math.round((exps[i]! / sum) * 1000) / 1000 }))
        .sort((a, b) => b.probability - a.probability);
      // With no known word the model has no evidence: say so with a low confidence.
      const best = ranking[0]!;
      return { category: best.category, confidence: fs.length ? best.probability : 0, ranking: ranking.slice(0, 3) };
    },
  };
}

export function labelledExamples(): { category: string; text: string }[] {
  return Object.entries(TRAINING_REPORTS).flatMap(([category, texts]) => texts.map((text) => ({ category, text })));
}

let shared: CategoryModel | undefined;
/** The model trained on the whole labelled set (built once). */
export function categoryModel(): CategoryModel {
  shared ??= trainModel(labelledExamples());
  return shared;
}
