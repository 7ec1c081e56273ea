import { describe, expect, it } from 'vitest';
import { withLocalNumbers, type EChartsOption } from './EChart.tsx';

type Axis = { type?: string; axisLabel?: { formatter?: (v: number) => string; color?: string } };
const axis = (o: EChartsOption, k: 'xAxis' | 'yAxis') => (o as Record<string, Axis>)[k]!;

describe('chart numbers follow the language', () => {
  it('writes value-axis numbers as 1.200 in Vietnamese and 1,200 in English, keeping other label settings', () => {
    const option: EChartsOption = { xAxis: { type: 'category', data: ['a'] }, yAxis: { type: 'value', axisLabel: { color: '#123' } } };
    const vi = withLocalNumbers(option, 'vi');
    expect(axis(vi, 'yAxis').axisLabel!.formatter!(1200.5)).toBe('1.200,5');
    expect(axis(vi, 'yAxis').axisLabel!.color).toBe('#123');
    expect(axis(vi, 'xAxis').axisLabel).toBeUndefined();
    expect(axis(withLocalNumbers(option, 'en'), 'yAxis').axisLabel!.formatter!(1200.5)).toBe('1,200.5');
  });

  it('treats a y axis without a type as a value axis, and leaves an axis with its own formatter alone', () => {
    const own = (v: number) => `${v} %`;
    const o = withLocalNumbers({ xAxis: { type: 'value', axisLabel: { formatter: own } }, yAxis: [{}] }, 'vi');
    expect(axis(o, 'xAxis').axisLabel!.formatter).toBe(own);
    expect((o as { yAxis: Axis[] }).yAxis[0]!.axisLabel!.formatter!(30025)).toBe('30.025');
  });
});
