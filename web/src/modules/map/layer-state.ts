// The map workspace's choices (visible layers, their opacity and style, the thematic map) as a
// compact string kept in the URL (shareable) and in localStorage (survives a reload).
//   ?layers=fire-hydrants,schools~60~heat&theme=enterprises~density~jenks~5
import type { ChoroplethMeasure, ClassificationMethod } from '../../../../shared/contracts/index.ts';

export type LayerStyle = 'points' | 'heatmap';

export interface LayerChoice {
  id: string;
  /** 0–100. */
  opacity: number;
  style: LayerStyle;
}

export interface ThemeChoice {
  dataset: string;
  measure: ChoroplethMeasure;
  method: ClassificationMethod;
  classes: number;
  field?: string;
}

export interface WorkspaceState {
  layers: LayerChoice[];
  theme: ThemeChoice | null;
}

export const LAYERS_PARAM = 'layers';
export const THEME_PARAM = 'theme';
export const STORAGE_KEY = 'cityops.map.workspace';
export const DEFAULT_OPACITY = 85;

const ID = /^[a-z][a-z0-9-]{1,62}$/;
const FIELD = /^[a-z][a-zA-Z0-9_]{0,62}$/;
const MEASURES: readonly ChoroplethMeasure[] = ['count', 'density', 'per10k', 'sum', 'avg'];
const METHODS: readonly ClassificationMethod[] = ['quantile', 'jenks', 'equal'];

export function serializeLayers(layers: readonly LayerChoice[]): string {
  return layers
    .map((layer) => {
      const parts = [layer.id];
      if (layer.opacity !== DEFAULT_OPACITY || layer.style === 'heatmap') parts.push(String(layer.opacity));
      if (layer.style === 'heatmap') parts.push('heat');
      return parts.join('~');
    })
    .join(',');
}

/** Parses `serializeLayers` output; ignores malformed entries and duplicates. */
export function parseLayers(value: string | null | undefined): LayerChoice[] {
  if (!value) return [];
  const seen = new Set<string>();
  const layers: LayerChoice[] = [];
  for (const entry of value.split(',')) {
    const [id = '', opacityText, styleText] = entry.trim().split('~');
    if (!ID.test(id) || seen.has(id)) continue;
    seen.add(id);
    const opacity = opacityText === undefined ? DEFAULT_OPACITY : Number(opacityText);
    layers.push({
      id,
      opacity: Number.isFinite(opacity) ? Math.round(Math.min(100, Math.max(0, opacity))) : DEFAULT_OPACITY,
      style: styleText === 'heat' ? 'heatmap' : 'points',
    });
  }
  return layers;
}

export function serializeTheme(theme: ThemeChoice | null): string {
  if (!theme) return '';
  const parts = [theme.dataset, theme.measure, theme.method, String(theme.classes)];
  if (theme.field) parts.push(theme.field);
  return parts.join('~');
}

export function parseTheme(value: string | null | undefined): ThemeChoice | null {
  if (!value) return null;
  const [dataset = '', measure = '', method = '', classesText = '', field] = value.split('~');
  if (!ID.test(dataset)) return null;
  if (!(MEASURES as readonly string[]).includes(measure) || !(METHODS as readonly string[]).includes(method)) return null;
  const classes = Number(classesText);
  if (!Number.isInteger(classes) || classes < 2 || classes > 9) return null;
  if (field !== undefined && !FIELD.test(field)) return null;
  return { dataset, measure: measure as ChoroplethMeasure, method: method as ClassificationMethod, classes, ...(field ? { field } : {}) };
}

/** The workspace from the URL when it names one, else from storage, else empty. */
export function initialWorkspace(params: URLSearchParams, stored: string | null): WorkspaceState {
  if (params.has(LAYERS_PARAM) || params.has(THEME_PARAM)) {
    return { layers: parseLayers(params.get(LAYERS_PARAM)), theme: parseTheme(params.get(THEME_PARAM)) };
  }
  if (stored) {
    const fromStorage = new URLSearchParams(stored);
    return { layers: parseLayers(fromStorage.get(LAYERS_PARAM)), theme: parseTheme(fromStorage.get(THEME_PARAM)) };
  }
  return { layers: [], theme: null };
}

/** Writes the workspace into `params` (removing empty entries); returns the storage string. */
export function writeWorkspace(params: URLSearchParams, state: WorkspaceState): string {
  const layers = serializeLayers(state.layers);
  const theme = serializeTheme(state.theme);
  if (layers) params.set(LAYERS_PARAM, layers);
  else params.delete(LAYERS_PARAM);
  if (theme) params.set(THEME_PARAM, theme);
  else params.delete(THEME_PARAM);
  const stored = new URLSearchParams();
  stored.set(LAYERS_PARAM, layers);
  if (theme) stored.set(THEME_PARAM, theme);
  return stored.toString();
}

/**
 * Moves a layer one place up (delta -1: drawn above the one before it) or down (+1) in the list;
 * the first layer of the list is drawn on top. Unchanged at either end or for an unknown id.
 */
export function moveLayer(layers: readonly LayerChoice[], id: string, delta: -1 | 1): LayerChoice[] {
  const from = layers.findIndex((layer) => layer.id === id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= layers.length) return [...layers];
  const next = [...layers];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}
