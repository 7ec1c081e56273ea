// Accuracy of the category suggester on a held-out part of the labelled set (every 5th report
// of each category is held out; the model is trained on the rest).
import { expect, test } from 'vitest';
import { TRAINING_REPORTS } from './training-data.ts';
import { normalizeVi, trainModel } from './classifier.ts';

test('the labelled set has 400+ reports across 10 categories', () => {
  const n = Object.values(TRAINING_REPORTS).reduce((a, t) => a + t.length, 0);
  expect(Object.keys(TRAINING_REPORTS).length).toBe(10);
  expect(n).toBeGreaterThanOrEqual(400);
});

test('diacritics are stripped (đ included)', () => {
  expect(normalizeVi('Đường ngập nước, ĐÈN hư!')).toBe('duong ngap nuoc den hu');
});

test('held-out accuracy is at least 75%, with and without diacritics', () => {
  const train: { category: string; text: string }[] = [];
  const held: { category: string; text: string }[] = [];
  for (const [category, texts] of Object.entries(TRAINING_REPORTS)) {
    texts.forEach((text, i) => (i % 5 === 4 ? held : train).push({ category, text }));
  }
  const model = trainModel(train);
  const accuracy = (items: typeof held) => items.filter((x) => model.suggest(x.text).category === x.category).length / items.length;
  const withMarks = accuracy(held);
  const stripped = accuracy(held.map((x) => ({ ...x, text: normalizeVi(x.text) })));
  console.warn(`category suggestion: held-out accuracy ${(withMarks * 100).toFixed(1)}% (${held.length} reports), without diacritics ${(stripped * 100).toFixed(1)}%`);
  expect(withMarks).toBeGreaterThanOrEqual(0.75);
  expect(stripped).toBeGreaterThanOrEqual(0.75);
});

test('a typical report gets the right category with a confident score', () => {
  const model = trainModel(Object.entries(TRAINING_REPORTS).flatMap(([category, t]) => t.map((text) => ({ category, text }))));
  const s = model.suggest('Den duong truoc nha toi bi hu, toi om');
  expect(s.category).toBe('chieu-sang');
  expect(s.confidence).toBeGreaterThan(0.5);
  expect(model.suggest('xyz qwv').confidence).toBe(0);
});

test('a street name does not decide the category: a pothole is traffic on any street (issue 20)', async () => {
  const { labelledExamples, withoutNames } = await import('./classifier.ts');
  const model = trainModel(labelledExamples());
  expect(withoutNames('Đường Lê Văn Lương có ổ gà sâu.')).not.toMatch(/Lương/);
  for (const street of ['Lê Văn Lương', 'Nguyễn Thị Thập', 'Huỳnh Tấn Phát', 'Trần Xuân Soạn', 'Nguyễn Hữu Thọ', 'Tân Mỹ']) {
    expect(model.suggest(`Đường ${street} có ổ gà sâu`).category, street).toBe('giao-thong');
    expect(model.suggest(`Ổ gà lớn trên đường ${street}, xe máy dễ té`).category, street).toBe('giao-thong');
  }
});
