// Drawing and picking on the map for the spatial tools: polygons and lines drawn and edited
// with terra-draw; a clicked point for radius selection and nearest features; result overlays
// (selection circle, lines to the nearest features) in a GeoJSON source of their own.
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, LineString, Polygon, Position } from 'geojson';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

export type ToolMode = 'none' | 'polygon' | 'linestring' | 'edit' | 'radius' | 'nearest';

export interface DrawnShape {
  id: string | number;
  geometry: Polygon | LineString;
}

export interface SpatialToolsCallbacks {
  /** A polygon or line was finished or edited. */
  onShape: (shape: DrawnShape | null) => void;
  /** The map was clicked in a picking mode (radius, nearest). */
  onPick: (mode: 'radius' | 'nearest', lonLat: [number, number]) => void;
}

const OVERLAY_SOURCE = 'tools-overlay';
const COLOR = '#7c3aed';

export class SpatialTools {
  private readonly draw: TerraDraw;
  private mode: ToolMode = 'none';
  private overlay: FeatureCollection = { type: 'FeatureCollection', features: [] };

  constructor(
    private readonly map: MapLibreMap,
    private readonly callbacks: SpatialToolsCallbacks,
  ) {
    const editable = { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } } };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'td' }),
      modes: [
        new TerraDrawPolygonMode({ styles: { fillColor: COLOR, outlineColor: COLOR, fillOpacity: 0.18, outlineWidth: 2 } }),
        new TerraDrawLineStringMode({ styles: { lineStringColor: COLOR, lineStringWidth: 3 } }),
        new TerraDrawSelectMode({ flags: { polygon: editable, linestring: editable } }),
      ],
    });
    this.draw.start();
    this.draw.on('finish', this.handleFinish);
    this.draw.on('change', this.handleChange);
    this.installOverlay();
    map.on('style.load', this.installOverlay);
  }

  destroy(): void {
    this.map.off('style.load', this.installOverlay);
    this.draw.off('finish', this.handleFinish);
    this.draw.off('change', this.handleChange);
    try {
      this.draw.stop();
    } catch {
      // The map may already be gone.
    }
    if (this.map.getLayer(`${OVERLAY_SOURCE}-fill`)) this.map.removeLayer(`${OVERLAY_SOURCE}-fill`);
    if (this.map.getLayer(`${OVERLAY_SOURCE}-line`)) this.map.removeLayer(`${OVERLAY_SOURCE}-line`);
    if (this.map.getLayer(`${OVERLAY_SOURCE}-point`)) this.map.removeLayer(`${OVERLAY_SOURCE}-point`);
    if (this.map.getSource(OVERLAY_SOURCE)) this.map.removeSource(OVERLAY_SOURCE);
  }

  getMode(): ToolMode {
    return this.mode;
  }

  setMode(mode: ToolMode): void {
    this.mode = mode;
    if (mode === 'polygon' || mode === 'linestring') {
      // One shape at a time: a new drawing replaces the previous one.
      this.draw.clear();
      this.callbacks.onShape(null);
      this.draw.setMode(mode);
    } else if (mode === 'edit') {
      this.draw.setMode('select');
      const first = this.draw.getSnapshot()[0];
      if (first?.id !== undefined) this.draw.selectFeature(first.id);
    } else {
      this.draw.setMode('static');
    }
    this.map.getCanvas().style.cursor = mode === 'radius' || mode === 'nearest' ? 'crosshair' : '';
  }

  /** Map clicks while picking belong to the tools (not to the areas or the data layers). */
  readonly interceptClick = (event: MapMouseEvent): boolean => {
    if (this.mode === 'radius' || this.mode === 'nearest') {
      this.callbacks.onPick(this.mode, [event.lngLat.lng, event.lngLat.lat]);
      return true;
    }
    return this.mode === 'polygon' || this.mode === 'linestring' || this.mode === 'edit';
  };

  /** Clears the drawing and the result overlay. */
  clear(): void {
    this.draw.clear();
    this.setOverlay([]);
    this.callbacks.onShape(null);
  }

  currentShape(): DrawnShape | null {
    const feature = this.draw.getSnapshot().find((candidate) => candidate.geometry.type === 'Polygon' || candidate.geometry.type === 'LineString');
    if (!feature || feature.id === undefined) return null;
    return { id: feature.id, geometry: feature.geometry as Polygon | LineString };
  }

  /** Draws result shapes (a selection circle, lines to nearest features, their points). */
  setOverlay(features: Feature[]): void {
    this.overlay = { type: 'FeatureCollection', features };
    (this.map.getSource(OVERLAY_SOURCE) as GeoJSONSource | undefined)?.setData(this.overlay);
  }

  static circleFeature(ring: Position[]): Feature {
    return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} };
  }

  private readonly installOverlay = () => {
    const map = this.map;
    if (!map.getSource(OVERLAY_SOURCE)) map.addSource(OVERLAY_SOURCE, { type: 'geojson', data: this.overlay });
    if (!map.getLayer(`${OVERLAY_SOURCE}-fill`)) {
      map.addLayer({ id: `${OVERLAY_SOURCE}-fill`, type: 'fill', source: OVERLAY_SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': COLOR, 'fill-opacity': 0.12 } });
    }
    if (!map.getLayer(`${OVERLAY_SOURCE}-line`)) {
      map.addLayer({
        id: `${OVERLAY_SOURCE}-line`,
        type: 'line',
        source: OVERLAY_SOURCE,
        filter: ['!=', ['geometry-type'], 'Point'],
        paint: { 'line-color': COLOR, 'line-width': 2, 'line-dasharray': [2, 1.5] },
      });
    }
    if (!map.getLayer(`${OVERLAY_SOURCE}-point`)) {
      map.addLayer({
        id: `${OVERLAY_SOURCE}-point`,
        type: 'circle',
        source: OVERLAY_SOURCE,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: { 'circle-color': ['coalesce', ['get', 'color'], COLOR], 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
      });
    }
  };

  private readonly handleFinish = () => {
    this.callbacks.onShape(this.currentShape());
    // After finishing, let the user edit the shape right away.
    if (this.mode === 'polygon' || this.mode === 'linestring') {
      this.mode = 'edit';
      this.setMode('edit');
    }
  };

  private readonly handleChange = (_ids: unknown, type: string) => {
    if (this.mode === 'edit' && type === 'update') this.callbacks.onShape(this.currentShape());
  };
}
