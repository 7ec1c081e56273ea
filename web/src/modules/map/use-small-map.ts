// The set-up shared by the small MapLibre maps (feedback, records table, import preview): the
// base map (offline OpenStreetMap, or the configured online one when chosen), its attribution, zoom
// buttons, `onLoad` once the style is there, and `data-ready` on the container at the first
// idle (tests and screenshots wait for it). The map is removed with the component.
import { useEffect, useRef, type RefObject } from 'react';
import { NavigationControl, type Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useClientConfig } from '../../app/client-config.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { resolveBaseStyle, useBaseMapChoice } from './base-style.ts';
import { addAttribution } from './attribution.ts';
import { createMap, whenStyleLoaded } from './create-map.ts';

export interface SmallMapOptions {
  /** [lon, lat] before anything is fitted. */
  center: [number, number];
  zoom: number;
  /** Sources, layers and handlers; called once per map, after its style has loaded. */
  onLoad: (map: MapLibreMap) => void;
}

export interface SmallMap {
  /** The map once created (null before, and after the component is gone). */
  map: RefObject<MapLibreMap | null>;
  /** True once `onLoad` has run for the current map. */
  loaded: RefObject<boolean>;
}

export function useSmallMap(container: RefObject<HTMLDivElement | null>, options: SmallMapOptions): SmallMap {
  const map = useRef<MapLibreMap | null>(null);
  const loaded = useRef(false);
  // The latest options, read when the map is made: changing them does not re-create the map.
  const latest = useRef(options);
  latest.current = options;
  const config = useClientConfig();
  const styleUrl = config?.baseMapStyleUrl ?? null;
  const [choice] = useBaseMapChoice();

  useEffect(() => {
    const controller = new AbortController();
    let instance: MapLibreMap | null = null;
    void resolveBaseStyle({ onlineUrl: styleUrl, choice, lang: currentLanguage() }, controller.signal).then(({ style }) => {
      if (controller.signal.aborted || !container.current) return;
      const { center, zoom } = latest.current;
      const created = createMap({ container: container.current, style, center, zoom, attributionControl: false });
      instance = created;
      map.current = created;
      created.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      addAttribution(created);
      whenStyleLoaded(created, () => {
        latest.current.onLoad(created);
        loaded.current = true;
        created.once('idle', () => container.current?.setAttribute('data-ready', 'true'));
      });
    }).catch((error: unknown) => {
      // Unmounted before the style arrived (e.g. leaving a report's page at once): nothing to show.
      if (!controller.signal.aborted) throw error;
    });
    return () => {
      controller.abort();
      loaded.current = false;
      instance?.remove();
      map.current = null;
    };
  }, [styleUrl, choice, container]);

  return { map, loaded };
}
