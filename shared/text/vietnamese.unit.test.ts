import { describe, expect, it } from 'vitest';
import { foldText, foldWords, stripDiacritics } from './vietnamese.ts';

describe('Vietnamese folding', () => {
  it('removes tone and vowel marks and maps đ/Đ to d', () => {
    expect(stripDiacritics('Phường Tân Hưng, Đường Nguyễn Thị Thập')).toBe('Phuong Tan Hung, Duong Nguyen Thi Thap');
    expect(foldText('  ĐẠI   Lộ  ')).toBe('dai lo');
  });
  it('folds old and new tone placement alike, composed or decomposed', () => {
    expect(foldText('hoà')).toBe(foldText('hòa'));
    expect(foldText('thuỷ')).toBe(foldText('thủy'));
    expect(foldText('Tân Hưng'.normalize('NFD'))).toBe('tan hung');
  });
  it('keeps only letters and digits as words', () => {
    expect(foldWords('Ổ gà, đường số 17 (P. Tân Phong)!')).toBe('o ga duong so 17 p tan phong');
  });
});
