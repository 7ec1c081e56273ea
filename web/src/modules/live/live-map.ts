// MapLibre map of the live screen: sensors as circles coloured by state, open alerts as rings.
// Over the offline OpenStreetMap base map (served by this server), so it works without internet.
import { NavigationControl, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { tileJsonUrl } from '../map/map-api.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import { offlineStyleAbsoluteUrl } from '../map/base-style.ts';
import { addAttribution } from '../map/attribution.ts';
import { createMap, whenStyleLoaded } from '../map/create-map.ts';
import { currentLanguage } from '../../i18n/index.ts';

export const STATE_COLOURS: Record<string, string> = { ok: '#2e9d4f', warn: '#e0a400', alarm: '#d63a2f', silent: '#7b8794', unknown: '#aab4c0' };

export interface MapPoint {
  id: string;
  lon: number;
  lat: number;
  state: string;
  label: string;
}

export type OverlayKind = 'wards' | 'sensors' | 'alerts';
const OVERLAY_LAYERS: Record<OverlayKind, string[]> = { wards: ['wards-fill', 'wards-line', 'wards-label'], sensors: ['sensors'], alerts: ['alerts-ring'] };

export class LiveMap {
  private map: MapLibreMap;
  private ready = false;
  private pending: { sensors: MapPoint[]; alerts: MapPoint[] } | null = null;
  private wards: FeatureCollection | null = null;
  private overlay: string | null = null;
  private hidden = new Set<string>();
  private dataComplete = false;

  constructor(private readonly container: HTMLElement, center: [number, number] = [106.72, 10.735], zoom = 13) {
    // "true" once the map has drawn the data its page gave it (markDataComplete).
    container.dataset.mapReady = 'false';
    this.map = createMap({ container, style: offlineStyleAbsoluteUrl('day', currentLanguage()), center, zoom, attributionControl: false });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    addAttribution(this.map);
    whenStyleLoaded(this.map, () => {
      this.map.addSource('sensors', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      this.map.addSource('alerts', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      this.map.addLayer({ id: 'alerts-ring', type: 'circle', source: 'alerts', paint: { 'circle-radius': 16, 'circle-color': 'rgba(214,58,47,0.15)', 'circle-stroke-color': '#d63a2f', 'circle-stroke-width': 2 } });
      const colour: unknown[] = ['match', ['get', 'state']];
      for (const [k, v] of Object.entries(STATE_COLOURS)) colour.push(k, v);
      colour.push('#aab4c0');
      this.map.addLayer({
        id: 'sensors', type: 'circle', source: 'sensors',
        paint: { 'circle-radius': 7, 'circle-color': colour as never, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
      });
      // Ward boundaries under the points (an overlay the operator can hide).
      this.map.addSource('wards', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      this.map.addLayer({ id: 'wards-fill', type: 'fill', source: 'wards', paint: { 'fill-color': '#1f5fa8', 'fill-opacity': 0.04 } }, 'alerts-ring');
      this.map.addLayer({ id: 'wards-line', type: 'line', source: 'wards', paint: { 'line-color': '#1f5fa8', 'line-width': 1.5, 'line-dasharray': [3, 2] } }, 'alerts-ring');
      this.map.addLayer({
        id: 'wards-label', type: 'symbol', source: 'wards',
        layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-font': ['DejaVu Sans'] },
        paint: { 'text-color': '#1f5fa8', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
      });
      this.ready = true;
      if (this.wards) this.setWards(this.wards);
      if (this.overlay) this.setOverlay(this.overlay);
      for (const k of this.hidden) this.setVisible(k as OverlayKind, false);
      if (this.pending) this.update(this.pending.sensors, this.pending.alerts);
      if (this.dataComplete) this.markDrawnWhenIdle();
    });
  }

  /** The page has given the map all its first data: the container says so once it is drawn. */
  markDataComplete(): void {
    if (this.dataComplete) return;
    this.dataComplete = true;
    if (this.ready) this.markDrawnWhenIdle();
  }

  private markDrawnWhenIdle(): void {
    this.map.once('idle', () => {
      this.container.dataset.mapReady = 'true';
    });
    this.map.triggerRepaint();
  }

  update(sensors: MapPoint[], alerts: MapPoint[]): void {
    if (!this.ready) {
      this.pending = { sensors, alerts };
      return;
    }
    const fc = (pts: MapPoint[]) => ({
      type: 'FeatureCollection' as const,
      features: pts.map((p) => ({ type: 'Feature' as const, id: p.id, properties: { state: p.state, label: p.label }, geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] } })),
    });
    (this.map.getSource('sensors') as GeoJSONSource).setData(fc(sensors));
    (this.map.getSource('alerts') as GeoJSONSource).setData(fc(alerts));
  }

  /** Ward boundaries with their names (`label`). */
  setWards(fc: FeatureCollection): void {
    this.wards = fc;
    if (this.ready) (this.map.getSource('wards') as GeoJSONSource).setData(fc);
  }

  /** Shows or hides a group of layers (wards, sensors, alerts). */
  setVisible(kind: OverlayKind, on: boolean): void {
    if (on) this.hidden.delete(kind);
    else this.hidden.add(kind);
    if (!this.ready) return;
    for (const id of OVERLAY_LAYERS[kind]) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
  }

  /** One dataset's vector tiles drawn under the live points (null: none). */
  setOverlay(datasetId: string | null): void {
    const previous = this.overlay;
    this.overlay = datasetId;
    if (!this.ready) return;
    for (const id of ['overlay-fill', 'overlay-line', 'overlay-point']) if (this.map.getLayer(id)) this.map.removeLayer(id);
    if (this.map.getSource('overlay')) this.map.removeSource('overlay');
    if (!datasetId) return;
    if (previous === datasetId && !this.ready) return;
    this.map.addSource('overlay', { type: 'vector', url: new URL(tileJsonUrl(datasetId), window.location.href).toString() });
    const layer = { source: 'overlay', 'source-layer': datasetId };
    this.map.addLayer({ id: 'overlay-fill', type: 'fill', ...layer, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#7b3fa8', 'fill-opacity': 0.2 } }, 'wards-line');
    this.map.addLayer({ id: 'overlay-line', type: 'line', ...layer, paint: { 'line-color': '#7b3fa8', 'line-width': 1.5 } }, 'alerts-ring');
    this.map.addLayer({ id: 'overlay-point', type: 'circle', ...layer, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#7b3fa8', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } }, 'alerts-ring');
  }

  /** Calls back with the clicked position (picking a place). */
  onClick(cb: (lon: number, lat: number) => void): void {
    this.map.on('click', (e) => cb(e.lngLat.lng, e.lngLat.lat));
  }

  flyTo(lon: number, lat: number): void {
    this.map.flyTo({ center: [lon, lat], zoom: 15 });
  }

  remove(): void {
    this.map.remove();
  }
}
