import { describe, expect, it } from 'vitest';
import type { Dashboard, DashboardWidget } from '../../../../shared/contracts/kpis.ts';
import { wallPages, wallPanels } from './wall-layout.ts';

const tile = (kpiId: string): DashboardWidget => ({ id: `t-${kpiId}`, kind: 'kpi', kpiId, w: 1, h: 1 });
const place = (widgets: DashboardWidget[]) => Object.fromEntries(wallPanels(widgets).map((p) => [p.id, [p.col, p.row]]));

describe('wall layout from a dashboard', () => {
  it('puts the KPI tiles across the first row and the widgets at the first free place, in order', () => {
    const widgets: DashboardWidget[] = [
      ...['a', 'b', 'c', 'd', 'e', 'f'].map(tile),
      { id: 'map', kind: 'map', kpiId: 'a', w: 2, h: 3 },
      { id: 'trend', kind: 'timeseries', kpiId: 'b', w: 2, h: 2 },
      { id: 'alerts', kind: 'alerts', w: 2, h: 3, titleVi: 'Cảnh báo đang mở', titleEn: 'Open alerts' },
      { id: 'bar', kind: 'bar', kpiId: 'c', w: 2, h: 1 },
    ];
    expect(place(widgets)).toEqual({
      tiles: ['1 / 7', '1 / 2'],
      map: ['1 / 3', '2 / 5'],
      trend: ['3 / 5', '2 / 4'],
      alerts: ['5 / 7', '2 / 5'],
      bar: ['3 / 5', '4 / 5'],
    });
    const panels = wallPanels(widgets);
    expect(panels[0]!.kpis).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(panels.find((p) => p.id === 'alerts')).toMatchObject({ kind: 'alerts', titleVi: 'Cảnh báo đang mở', titleEn: 'Open alerts' });
    expect(panels.find((p) => p.id === 'map')).toMatchObject({ kind: 'widget', widget: { kind: 'map', kpiId: 'a' } });
  });

  it('fills a gap left by a taller widget', () => {
    expect(place([
      { id: 'fb-trend', kind: 'timeseries', kpiId: 'x', w: 3, h: 2 },
      { id: 'feedback', kind: 'feedback', w: 3, h: 3 },
      { id: 'alerts-trend', kind: 'timeseries', kpiId: 'y', w: 3, h: 1 },
    ])).toEqual({ 'fb-trend': ['1 / 4', '1 / 3'], feedback: ['4 / 7', '1 / 4'], 'alerts-trend': ['1 / 4', '3 / 4'] });
  });

  it('takes the wall dashboards only, in id order (wall-10 after wall-2)', () => {
    const d = (id: string, screen?: 'wall' | 'phone'): Dashboard => ({ id, titleVi: id, titleEn: id, domain: 'overview', widgets: [], ...(screen ? { screen } : {}) });
    expect(wallPages([d('wall-10', 'wall'), d('overview'), d('phone', 'phone'), d('wall-2', 'wall')]).map((p) => p.id)).toEqual(['wall-2', 'wall-10']);
  });
});
