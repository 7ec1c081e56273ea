// The wall's pages are dashboards made for the wall screen (`screen: 'wall'`, served by the
// API): each becomes a page of a 6 × 4 grid. Its KPI widgets fill the first row as tiles; its
// other widgets (w × h cells) are placed in order, each at the first free place from the
// second row on (top to bottom, left to right), so a page's layout is stored as data.
import type { Dashboard, DashboardWidget } from '../../../../shared/contracts/kpis.ts';

export const WALL_COLUMNS = 6;
export const WALL_ROWS = 4;

export interface WallPanel {
  id: string;
  kind: 'tiles' | 'widget' | 'alerts' | 'feedback';
  kpis?: string[];
  widget?: DashboardWidget;
  /** CSS grid-column / grid-row, e.g. '1 / 3'. */
  col: string;
  row: string;
  titleVi?: string;
  titleEn?: string;
}

export interface WallPage {
  id: string;
  titleVi: string;
  titleEn: string;
  panels: WallPanel[];
}

/** The wall's pages: its dashboards in id order. */
export function wallPages(dashboards: readonly Dashboard[]): WallPage[] {
  return dashboards
    .filter((d) => d.screen === 'wall')
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
    .map((d) => ({ id: d.id, titleVi: d.titleVi, titleEn: d.titleEn, panels: wallPanels(d.widgets) }));
}

/** The panels of one page: the KPI tiles across the first row, then the widgets placed in order. */
export function wallPanels(widgets: readonly DashboardWidget[]): WallPanel[] {
  const tiles = widgets.filter((w) => w.kind === 'kpi' && w.kpiId).map((w) => w.kpiId!);
  const others = widgets.filter((w) => w.kind !== 'kpi');
  const panels: WallPanel[] = [];
  const firstRow = tiles.length ? 2 : 1;
  if (tiles.length) panels.push({ id: 'tiles', kind: 'tiles', kpis: tiles, col: `1 / ${WALL_COLUMNS + 1}`, row: '1 / 2' });
  const taken = new Set<string>();
  const free = (r: number, c: number, w: number, h: number) => {
    for (let y = r; y < r + h; y++) for (let x = c; x < c + w; x++) if (taken.has(`${y}:${x}`)) return false;
    return true;
  };
  for (const widget of others) {
    const w = Math.min(Math.max(1, widget.w), WALL_COLUMNS);
    const h = Math.max(1, widget.h);
    let at: [number, number] | null = null;
    // Rows beyond the grid are allowed, so that every widget is shown even when a page overflows.
    for (let r = firstRow; !at; r++) {
      for (let c = 1; c + w - 1 <= WALL_COLUMNS && !at; c++) if (free(r, c, w, h)) at = [r, c];
    }
    const [r, c] = at;
    for (let y = r; y < r + h; y++) for (let x = c; x < c + w; x++) taken.add(`${y}:${x}`);
    const kind = widget.kind === 'alerts' || widget.kind === 'feedback' ? widget.kind : 'widget';
    panels.push({
      id: widget.id,
      kind,
      ...(kind === 'widget' ? { widget } : { titleVi: widget.titleVi ?? '', titleEn: widget.titleEn ?? '' }),
      col: `${c} / ${c + w}`,
      row: `${r} / ${r + h}`,
    });
  }
  return panels;
}
