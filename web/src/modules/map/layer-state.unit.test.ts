import { describe, expect, test } from 'vitest';
import { initialWorkspace, parseLayers, parseTheme, serializeLayers, serializeTheme, writeWorkspace } from './layer-state.ts';

describe('workspace state in the URL and in storage', () => {
  test('layers round-trip, defaults stay short', () => {
    const layers = [
      { id: 'fire-hydrants', opacity: 85, style: 'points' as const },
      { id: 'enterprises', opacity: 40, style: 'heatmap' as const },
    ];
    const text = serializeLayers(layers);
    expect(text).toBe('fire-hydrants,enterprises~40~heat');
    expect(parseLayers(text)).toEqual(layers);
  });

  test('malformed or repeated entries are ignored, opacity is clamped', () => {
    expect(parseLayers('Bad Id,schools,schools~20,x,roads~500,parks~abc')).toEqual([
      { id: 'schools', opacity: 85, style: 'points' },
      { id: 'roads', opacity: 100, style: 'points' },
      { id: 'parks', opacity: 85, style: 'points' },
    ]);
    expect(parseLayers(null)).toEqual([]);
  });

  test('theme round-trips and rejects unknown measures', () => {
    const theme = { dataset: 'enterprises', measure: 'sum' as const, method: 'jenks' as const, classes: 5, field: 'employees' };
    expect(parseTheme(serializeTheme(theme))).toEqual(theme);
    expect(parseTheme('enterprises~median~jenks~5')).toBeNull();
    expect(parseTheme('enterprises~count~jenks~12')).toBeNull();
    expect(serializeTheme(null)).toBe('');
  });

  test('the URL wins over storage; storage is used when the URL names nothing', () => {
    const stored = 'layers=schools&theme=enterprises~count~quantile~5';
    expect(initialWorkspace(new URLSearchParams('layers=roads'), stored)).toEqual({ layers: [{ id: 'roads', opacity: 85, style: 'points' }], theme: null });
    expect(initialWorkspace(new URLSearchParams('units=old'), stored).theme?.dataset).toBe('enterprises');
    expect(initialWorkspace(new URLSearchParams(''), null)).toEqual({ layers: [], theme: null });
  });

  test('writing keeps other parameters and drops empty ones', () => {
    const params = new URLSearchParams('units=old&layers=x');
    const stored = writeWorkspace(params, { layers: [], theme: null });
    expect(params.toString()).toBe('units=old');
    expect(initialWorkspace(new URLSearchParams(), stored)).toEqual({ layers: [], theme: null });
  });
});
