import { describe, expect, it } from 'vitest';
import { lineFindings } from './walk-checks.ts';

describe("the walk's language and code checks", () => {
  it('finds raw codes, but not formatted counts, tax codes or years', () => {
    const f = lineFindings(['Đơn vị: phong-kinh-te', 'Phường 27475', 'ubnd-27475', '27.475 hộ', '27,475 households', '0312345678', 'Năm 2026'], 'vi');
    expect(f.rawCodes).toEqual(['Đơn vị: phong-kinh-te', 'Phường 27475', 'ubnd-27475']);
  });

  it('finds English in Vietnamese (words and units after a number), and Vietnamese units in English', () => {
    expect(lineFindings(['Đang tải…', 'Severity: Moderate', '6.937 records', '29.273 hộ', 'Open311'], 'vi').wrongLanguage).toEqual(['Severity: Moderate', '6.937 records']);
    expect(lineFindings(['85 nhiệm vụ', '85 tasks', 'Công ty hợp danh Vận tải Phúc Lộc', 'Đóng', 'Tân Hưng: 6,937'], 'en').wrongLanguage).toEqual(['85 nhiệm vụ', 'Đóng']);
  });
});
