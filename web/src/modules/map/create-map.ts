// Every MapLibre map of the web client is made here, so that all of them share the settings
// that decide how soon a map is complete on a machine without a GPU (software WebGL, where each
// shader program costs ~100 ms to compile and every full-screen pass is shaded on the CPU):
// - the worker's URL: bundling moves MapLibre's worker file, so it is pointed at Vite's copy;
// - labels appear at once instead of fading in (fadeDuration 0): the map is idle 300 ms sooner;
// - no sky unless the style defines one (see skipUndefinedSky).
// Its container gets `data-map-idle="true"` once the map has drawn everything it had to draw for
// the first time (the browser benchmark and tests wait for it; pages add their own markers for
// data that arrives later).
import { Map as MapLibreMap, prewarm, setWorkerUrl, type MapOptions } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(workerUrl);

export function createMap(options: MapOptions): MapLibreMap {
  const map = new MapLibreMap({ fadeDuration: 0, ...options });
  skipUndefinedSky(map);
  map.once('idle', () => map.getContainer().setAttribute('data-map-idle', 'true'));
  return map;
}

/** Starts MapLibre's worker before the first map is made (while the page fetches its data). */
export function prewarmMaps(): void {
  prewarm();
}

/**
 * MapLibre 6 draws a sky on every frame even when the style defines none: a full-screen quad with
 * a shader of its own, always covered by the base map's background on our flat maps. Unless the
 * style asks for a sky it is skipped: MapLibre draws the sky only when the frame's evaluated sky
 * is defined, which it reads from the style's sky object.
 */
function skipUndefinedSky(map: MapLibreMap): void {
  const skip = () => {
    const style = map.style as unknown as { sky?: { getEvaluated: () => unknown } } | undefined;
    if (style?.sky && !map.getStyle()?.sky) style.sky.getEvaluated = () => undefined;
  };
  map.on('style.load', skip);
}
