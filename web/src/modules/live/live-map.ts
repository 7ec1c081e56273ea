// MapLibre map of the live screen: sensors as circles coloured by state, open alerts as rings.
// Over the offline OpenStreetMap base map (served by this server), so it works without internet.
import { Map as MapLibreMap, NavigationControl, setWorkerUrl, type GeoJSONSource } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { addAttribution, offlineStyleAbsoluteUrl } from '../map/base-style.ts';
import { currentLanguage } from '../../i18n/index.ts';

setWorkerUrl(workerUrl);

export const STATE_COLOURS: Record<string, string> = { ok: '#2e9d4f', warn: '#e0a400', alarm: '#d63a2f', silent: '#7b8794', unknown: '#aab4c0' };

export interface MapPoint {
  id: string;
  lon: number;
  lat: number;
  state: string;
  label: string;
}

export class LiveMap {
  private map: MapLibreMap;
  private ready = false;
  private pending: { sensors: MapPoint[]; alerts: MapPoint[] } | null = null;

  constructor(container: HTMLElement, center: [number, number] = [106.72, 10.735], zoom = 13) {
    this.map = new MapLibreMap({ container, style: offlineStyleAbsoluteUrl('day', currentLanguage()), center, zoom, attributionControl: false });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    addAttribution(this.map);
    this.map.on('load', () => {
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
      this.ready = true;
      if (this.pending) this.update(this.pending.sensors, this.pending.alerts);
      container.dataset.mapReady = 'true';
    });
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
