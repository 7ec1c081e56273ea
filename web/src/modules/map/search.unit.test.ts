import { describe, expect, test } from 'vitest';
import { foldText, matchNames } from './search.ts';

describe('place search', () => {
  test('folds Vietnamese diacritics and đ', () => {
    expect(foldText('Phường Tân Hưng')).toBe('phuong tan hung');
    expect(foldText('  Đặc khu  Côn Đảo ')).toBe('dac khu con dao');
  });

  test('finds names with or without diacritics, every word required, best first', () => {
    const names = ['Phường Tân Hưng', 'Phường Tân Thuận', 'Phường Phú Thuận', 'Xã Hưng Long', 'Phường Tân Hưng Thuận'];
    expect(matchNames(names, 'tan hung', (n) => [n])).toEqual(['Phường Tân Hưng', 'Phường Tân Hưng Thuận']);
    expect(matchNames(names, 'thuận', (n) => [n])).toEqual(['Phường Tân Thuận', 'Phường Phú Thuận', 'Phường Tân Hưng Thuận']);
    expect(matchNames(names, 'hung', (n) => [n])[0]).toBe('Xã Hưng Long');
    expect(matchNames(names, '   ', (n) => [n])).toEqual([]);
  });

  test('matches any of the names (Vietnamese or English)', () => {
    const areas = [{ vi: 'Phường Tân Mỹ', en: 'Tan My Ward' }];
    expect(matchNames(areas, 'tan my ward', (a) => [a.vi, a.en])).toEqual(areas);
  });
});
