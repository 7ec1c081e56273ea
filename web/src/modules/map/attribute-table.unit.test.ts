import { describe, expect, test } from 'vitest';
import { cellText, nextSort, tableColumns } from './attribute-table.ts';
import { moveLayer } from './layer-state.ts';
import { roundScale, scaleLabel } from './print-map.ts';
import { choroplethClasses } from '../dashboards/choropleth-legend.ts';

describe('attribute table', () => {
  test('columns: declared fields in the user language, then other properties', () => {
    const cols = tableColumns([{ name: 'name', type: 'text', titleVi: 'Tên', titleEn: 'Name' }], [{ properties: { name: 'A', extra: 1 } }], 'vi');
    expect(cols).toEqual([
      { name: 'name', title: 'Tên', type: 'text' },
      { name: 'extra', title: 'extra', type: 'text' },
    ]);
    expect(tableColumns([{ name: 'name', type: 'text', titleVi: 'Tên', titleEn: 'Name' }], [], 'en')[0]!.title).toBe('Name');
  });

  test('cells follow the language', () => {
    expect(cellText(1234.5, 'number', 'vi')).toBe('1.234,50');
    expect(cellText(1234.5, 'number', 'en')).toBe('1,234.50');
    expect(cellText(true, 'boolean', 'vi')).toBe('Có');
    expect(cellText(false, 'boolean', 'en')).toBe('No');
    expect(cellText(null, 'text', 'vi')).toBe('');
    expect(cellText(1985, 'integer', 'vi', 'builtYear')).toBe('1985');
    expect(cellText(1985, 'integer', 'vi', 'length')).toBe('1.985');
    expect(cellText(['a', 'b'], 'text', 'vi')).toBe('a, b');
    const level = { values: ['Mầm non', 'Tiểu học'], valuesEn: ['Preschool', 'Primary'] };
    expect(cellText('Tiểu học', 'enum', 'en', 'level', level)).toBe('Primary');
    expect(cellText('Tiểu học', 'enum', 'vi', 'level', level)).toBe('Tiểu học');
    // A value outside the declared list (an older record) is shown as stored.
    expect(cellText('Liên cấp', 'enum', 'en', 'level', level)).toBe('Liên cấp');
    // Values that are codes are labelled in both languages.
    const kind = { values: ['lockdown', 'event'], valuesVi: ['Phong tỏa', 'Sự kiện'], valuesEn: ['Lockdown', 'Event'] };
    expect(cellText('lockdown', 'enum', 'vi', 'kind', kind)).toBe('Phong tỏa');
    expect(cellText('event', 'enum', 'en', 'kind', kind)).toBe('Event');
  });

  test('sort cycle: ascending, then descending; another column starts ascending', () => {
    expect(nextSort('id', 'name')).toBe('name');
    expect(nextSort('name', 'name')).toBe('-name');
    expect(nextSort('-name', 'name')).toBe('name');
  });
});

describe('layer order', () => {
  const layers = ['a', 'b', 'c'].map((id) => ({ id, opacity: 85, style: 'points' as const }));
  test('moves one place, not past either end', () => {
    expect(moveLayer(layers, 'b', -1).map((l) => l.id)).toEqual(['b', 'a', 'c']);
    expect(moveLayer(layers, 'b', 1).map((l) => l.id)).toEqual(['a', 'c', 'b']);
    expect(moveLayer(layers, 'a', -1).map((l) => l.id)).toEqual(['a', 'b', 'c']);
    expect(moveLayer(layers, 'c', 1).map((l) => l.id)).toEqual(['a', 'b', 'c']);
    expect(moveLayer(layers, 'zz', 1).map((l) => l.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('print scale bar', () => {
  test('round lengths', () => {
    expect(roundScale(740)).toBe(500);
    expect(roundScale(2400)).toBe(2000);
    expect(roundScale(99)).toBe(50);
    expect(roundScale(1000)).toBe(1000);
    expect(scaleLabel(2000)).toBe('2 km');
    expect(scaleLabel(500)).toBe('500 m');
  });
});

describe('dashboard choropleth classes', () => {
  test('equal intervals over the values; the legend lists only classes with a ward', () => {
    const c = choroplethClasses([0, 10, 100], 5);
    expect(c.classOf(0)).toBe(0);
    expect(c.classOf(100)).toBe(4);
    expect(c.ranges.map((r) => r.index)).toEqual([0, 4]);
    expect(c.ranges[0]).toEqual({ index: 0, from: 0, to: 20 });
  });
  test('one value: one class; no values: no legend', () => {
    expect(choroplethClasses([7, 7], 5).ranges).toEqual([{ index: 0, from: 7, to: 7 }]);
    expect(choroplethClasses([], 5).ranges).toEqual([]);
  });
});
