// The attribution line of every map (kept apart from base-style.ts, which must not load MapLibre).
import { AttributionControl, type Map as MapLibreMap } from 'maplibre-gl';

/**
 * The attribution line every map shows, expanded (never folded into an "i" button): the base
 * map's own attribution comes from its style's sources; `extra` adds the map's overlays' sources.
 */
export function addAttribution(map: MapLibreMap, extra: string[] = []): AttributionControl {
  const control = new AttributionControl({ compact: false, customAttribution: extra.length ? extra : undefined });
  map.addControl(control, 'bottom-right');
  return control;
}
