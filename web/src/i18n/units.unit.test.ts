import { describe, expect, it } from 'vitest';
import { unitLabel } from './units.ts';

describe('unitLabel', () => {
  it('writes every unit in the interface language', () => {
    expect(unitLabel('t/day', 'vi')).toBe('tấn/ngày');
    expect(unitLabel('t/day', 'en')).toBe('t/day');
    expect(unitLabel('hộ', 'en')).toBe('households');
    expect(unitLabel('DN', 'en')).toBe('enterprises');
    expect(unitLabel('DN', 'vi')).toBe('doanh nghiệp');
    expect(unitLabel('phản ánh', 'en')).toBe('reports');
    expect(unitLabel('records', 'vi')).toBe('bản ghi');
    expect(unitLabel('%', 'vi')).toBe('%');
    expect(unitLabel(null, 'vi')).toBe('');
  });
});
