// Base map selection. The boundaries must show even without internet, so the configured style
// is only used when it can be fetched quickly; otherwise a plain built-in style is used.
import type { StyleSpecification } from 'maplibre-gl';

export const BASE_STYLE_TIMEOUT_MS = 3000;

/** A background-only style: needs no tiles, sprites or glyphs. */
export function plainStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'cityops-plain',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }],
  };
}

export interface BaseStyle {
  style: StyleSpecification;
  /** False when the configured base map could not be used. */
  fromConfig: boolean;
}

/** Fetches the configured style (at most `timeoutMs`); falls back to the plain style. */
export async function resolveBaseStyle(
  url: string | null,
  signal?: AbortSignal,
  timeoutMs = BASE_STYLE_TIMEOUT_MS,
): Promise<BaseStyle> {
  if (!url) return { style: plainStyle(), fromConfig: false };
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  const timer = window.setTimeout(abort, timeoutMs);
  try {
    const absolute = new URL(url, window.location.href).href;
    const response = await fetch(absolute, { signal: controller.signal, credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const json: unknown = await response.json();
    if (!isStyle(json)) throw new Error('not a MapLibre style (version 8)');
    return { style: absolutize(json, absolute), fromConfig: true };
  } catch (error) {
    if (signal?.aborted) throw error;
    console.warn(`base map style ${url} unavailable, using the plain style`, error);
    return { style: plainStyle(), fromConfig: false };
  } finally {
    window.clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

function isStyle(value: unknown): value is StyleSpecification {
  if (!value || typeof value !== 'object') return false;
  const style = value as Partial<StyleSpecification>;
  return style.version === 8 && typeof style.sources === 'object' && style.sources !== null && Array.isArray(style.layers);
}

/** Resolves relative URLs in a style against the style's own URL (we pass the style as an object). */
function absolutize(style: StyleSpecification, base: string): StyleSpecification {
  const resolve = (value: string) => {
    // Keep templates ({z}, {fontstack}) and custom protocols intact.
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
    try {
      return decodeURI(new URL(value, base).href);
    } catch {
      return value;
    }
  };
  const sources: StyleSpecification['sources'] = {};
  for (const [id, source] of Object.entries(style.sources)) {
    const copy = { ...source } as Record<string, unknown>;
    if (typeof copy.url === 'string') copy.url = resolve(copy.url);
    if (Array.isArray(copy.tiles)) copy.tiles = copy.tiles.map((tile) => (typeof tile === 'string' ? resolve(tile) : tile));
    if (typeof copy.data === 'string') copy.data = resolve(copy.data);
    sources[id] = copy as unknown as StyleSpecification['sources'][string];
  }
  const result: StyleSpecification = { ...style, sources };
  if (typeof style.glyphs === 'string') result.glyphs = resolve(style.glyphs);
  if (typeof style.sprite === 'string') result.sprite = resolve(style.sprite);
  return result;
}
