// Every MapLibre map of the web client is made here, so that all of them share the settings
// that decide how soon a map is complete on a machine without a GPU (software WebGL, where each
// shader program costs ~100 ms to compile and every full-screen pass is shaded on the CPU):
// - the worker's URL: bundling moves MapLibre's worker file, so it is pointed at Vite's copy;
// - labels appear at once instead of fading in (fadeDuration 0): the map is idle 300 ms sooner;
// - no sky unless the style defines one (see skipUndefinedSky);
// - the first view is drawn once it is whole, not tile by tile (see drawFirstViewWhole).
// Its container gets `data-map-idle="true"` once the map has drawn everything it had to draw for
// the first time (the browser benchmark and tests wait for it; pages add their own markers for
// data that arrives later).
import { Map as MapLibreMap, prewarm, setWorkerUrl, type MapOptions } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(workerUrl);

export function createMap(options: MapOptions): MapLibreMap {
  const map = new MapLibreMap({ fadeDuration: 0, ...options });
  skipUndefinedSky(map);
  drawFirstViewWhole(map);
  map.once('idle', () => map.getContainer().setAttribute('data-map-idle', 'true'));
  return map;
}

/**
 * Runs `install` (adding a map's own sources and layers) as soon as its style is in, once. Not
 * on MapLibre's 'load', which waits for the base map's first complete draw: layers added then
 * make the map load and draw everything a second time (on a machine without a GPU, up to a
 * second more before the page's data shows).
 */
export function whenStyleLoaded(map: MapLibreMap, install: () => void): void {
  const style = (map as unknown as { style?: { _loaded?: boolean } }).style;
  if (style?._loaded) install();
  else map.once('style.load', install);
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

/** How long a new map may hold back its partial first view (ms) before drawing what it has. */
const FIRST_VIEW_WAIT_MS = 1500;

/**
 * Draws a new map's first view once it is whole, not piece by piece. MapLibre draws a frame each
 * time a tile, a source or a glyph arrives — six to ten frames before the first view is complete.
 * On a machine without a GPU every frame is shaded on the CPU (100–250 ms each for a full-size
 * map, measured in docs/benchmarks.md), so those partial frames alone took longer than drawing
 * the map. Until the map has loaded what its first view needs (or FIRST_VIEW_WAIT_MS have
 * passed, so that a slow network still shows what has come), only the first frame — the style's
 * background — is drawn; MapLibre keeps requesting and preparing everything meanwhile, since only
 * the drawing step is held back. After the first whole view every change is drawn as usual.
 */
function drawFirstViewWhole(map: MapLibreMap): void {
  const painter = (map as unknown as { painter?: { render?: (...args: unknown[]) => void } }).painter;
  const render = painter?.render;
  // MapLibre's painter is internal: should a version rename it, maps simply draw every frame.
  if (!painter || typeof render !== 'function') return;
  const deadline = performance.now() + FIRST_VIEW_WAIT_MS;
  let backgroundDrawn = false;
  painter.render = (...args: unknown[]) => {
    const whole = map.loaded() && map.areTilesLoaded();
    const late = performance.now() >= deadline;
    if (backgroundDrawn && !whole && !late) return;
    backgroundDrawn = true;
    if (whole || late) painter.render = render;
    render.apply(painter, args);
  };
}
