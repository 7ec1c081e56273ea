// Dataset layers on the map: one vector source per dataset (its TileJSON), drawn as circles,
// lines or fills in the layer's colour; dense point layers read as a heatmap at low zoom and
// as points when zoomed in (MVT points cannot be clustered on the client). Also the day filter
// of the time slider. Layers are re-added when the base style is replaced.
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { DatasetGeometryType } from './map-api.ts';
import { tileJsonUrl } from './map-api.ts';
import type { LayerStyle } from './layer-state.ts';

export interface DataLayerSpec {
  id: string;
  geometryType: DatasetGeometryType;
  color: string;
  /** 0–100. */
  opacity: number;
  style: LayerStyle;
  /** Many points: heatmap below DENSE_POINTS_MAX_HEAT_ZOOM, points above. */
  dense: boolean;
  /** Time slider: only features whose `field` is on or before `day` (YYYY-MM-DD). */
  dayFilter?: { field: string; day: string } | null;
}

/** Point layers with more records than this are drawn as a density surface at city zoom. */
export const DENSE_POINT_THRESHOLD = 2000;
const DENSE_POINTS_MAX_HEAT_ZOOM = 14;

const PREFIX = 'ds-';
export const sourceIdOf = (datasetId: string) => `${PREFIX}${datasetId}`;
const layerIdsOf = (datasetId: string) => ({
  circle: `${PREFIX}${datasetId}-circle`,
  heat: `${PREFIX}${datasetId}-heat`,
  line: `${PREFIX}${datasetId}-line`,
  fill: `${PREFIX}${datasetId}-fill`,
  outline: `${PREFIX}${datasetId}-outline`,
});

/** A readable, distinct colour per position (Tableau 10 + 2). */
export const LAYER_PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948',
  '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1f77b4', '#d62728',
];

export class DataLayers {
  private specs = new Map<string, DataLayerSpec>();

  constructor(private readonly map: MapLibreMap) {
    map.on('style.load', this.reinstall);
  }

  destroy(): void {
    this.map.off('style.load', this.reinstall);
  }

  /** Shows exactly these layers (in this order, the first on top). */
  sync(specs: readonly DataLayerSpec[]): void {
    const next = new Map(specs.map((spec) => [spec.id, spec]));
    for (const id of this.specs.keys()) if (!next.has(id)) this.remove(id);
    this.specs = next;
    // Bottom first, so that the first layer of the list ends on top.
    for (const spec of [...specs].reverse()) this.install(spec);
  }

  /** MapLibre layer ids that can be clicked (features with an `id` property). */
  queryableLayerIds(): string[] {
    const ids: string[] = [];
    for (const spec of this.specs.values()) {
      const names = layerIdsOf(spec.id);
      for (const id of [names.circle, names.line, names.fill]) if (this.map.getLayer(id)) ids.push(id);
    }
    return ids;
  }

  datasetOfLayer(layerId: string): string | null {
    for (const id of this.specs.keys()) if (layerId.startsWith(`${PREFIX}${id}-`)) return id;
    return null;
  }

  /** True when every visible dataset source has its tiles for the current view. */
  tilesLoaded(): boolean {
    for (const id of this.specs.keys()) {
      const source = this.map.getSource(sourceIdOf(id));
      if (!source || !this.map.isSourceLoaded(sourceIdOf(id))) return false;
    }
    return true;
  }

  private readonly reinstall = () => {
    for (const spec of [...this.specs.values()].reverse()) this.install(spec);
  };

  private remove(datasetId: string): void {
    for (const id of Object.values(layerIdsOf(datasetId))) if (this.map.getLayer(id)) this.map.removeLayer(id);
    if (this.map.getSource(sourceIdOf(datasetId))) this.map.removeSource(sourceIdOf(datasetId));
  }

  private install(spec: DataLayerSpec): void {
    const map = this.map;
    const source = sourceIdOf(spec.id);
    if (!map.getSource(source)) {
      map.addSource(source, { type: 'vector', url: new URL(tileJsonUrl(spec.id), window.location.href).href });
    }
    const wanted = this.layersFor(spec);
    const names = layerIdsOf(spec.id);
    // Remove the ones this spec no longer uses (style switched between points and heatmap).
    for (const id of Object.values(names)) if (map.getLayer(id) && !wanted.some((layer) => layer.id === id)) map.removeLayer(id);
    for (const layer of wanted) {
      if (map.getLayer(layer.id)) {
        // Re-adding keeps the order right (moveLayer to the top) and applies new paint/filter.
        map.removeLayer(layer.id);
      }
      map.addLayer(layer);
    }
  }

  private layersFor(spec: DataLayerSpec): LayerSpecification[] {
    const source = sourceIdOf(spec.id);
    const sourceLayer = spec.id;
    const names = layerIdsOf(spec.id);
    const alpha = spec.opacity / 100;
    const filter: FilterSpecification | undefined = spec.dayFilter
      ? ['all', ['has', spec.dayFilter.field], ['<=', ['to-string', ['get', spec.dayFilter.field]], spec.dayFilter.day]]
      : undefined;
    const withFilter = <T extends LayerSpecification>(layer: T): T => (filter ? { ...layer, filter } : layer);

    if (spec.geometryType === 'line') {
      return [
        withFilter({
          id: names.line,
          type: 'line',
          source,
          'source-layer': sourceLayer,
          layout: { 'line-join': 'round', 'line-cap': 'round' },
          paint: { 'line-color': spec.color, 'line-opacity': alpha, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1, 16, 3.5] },
        }),
      ];
    }
    if (spec.geometryType === 'polygon') {
      return [
        withFilter({ id: names.fill, type: 'fill', source, 'source-layer': sourceLayer, paint: { 'fill-color': spec.color, 'fill-opacity': alpha * 0.35 } }),
        withFilter({ id: names.outline, type: 'line', source, 'source-layer': sourceLayer, paint: { 'line-color': spec.color, 'line-opacity': alpha, 'line-width': 1.2 } }),
      ];
    }
    const heat = (maxzoom?: number): LayerSpecification =>
      withFilter({
        id: names.heat,
        type: 'heatmap',
        source,
        'source-layer': sourceLayer,
        ...(maxzoom !== undefined ? { maxzoom } : {}),
        paint: {
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 9, 6, 13, 16, 16, 28],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 15, 1.2],
          'heatmap-color': heatColor(spec.color),
          'heatmap-opacity': maxzoom !== undefined ? ['interpolate', ['linear'], ['zoom'], maxzoom - 1, alpha, maxzoom, 0] : alpha,
        },
      });
    if (spec.style === 'heatmap') return [heat()];
    const radius: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 10, 2, 13, 3.5, 16, 6, 19, 9];
    const circle = withFilter({
      id: names.circle,
      type: 'circle',
      source,
      'source-layer': sourceLayer,
      ...(spec.dense ? { minzoom: DENSE_POINTS_MAX_HEAT_ZOOM - 1 } : {}),
      paint: {
        'circle-color': spec.color,
        'circle-radius': radius,
        'circle-opacity': spec.dense ? ['interpolate', ['linear'], ['zoom'], DENSE_POINTS_MAX_HEAT_ZOOM - 1, 0, DENSE_POINTS_MAX_HEAT_ZOOM, alpha] : alpha,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 11, 0, 14, 1],
        'circle-stroke-opacity': alpha,
      },
    } satisfies LayerSpecification);
    return spec.dense ? [heat(DENSE_POINTS_MAX_HEAT_ZOOM), circle] : [circle];
  }
}

/** Heatmap ramp from transparent to the layer colour to a dark red core. */
function heatColor(color: string): ExpressionSpecification {
  return ['interpolate', ['linear'], ['heatmap-density'], 0, 'rgba(255,255,255,0)', 0.15, withAlpha(color, 0.35), 0.5, color, 0.85, '#d62728', 1, '#7f0000'];
}

function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255},${(value >> 8) & 255},${value & 255},${alpha})`;
}
