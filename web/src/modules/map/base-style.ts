// The one base-map helper of every map in the web client. The default is the offline
// OpenStreetMap base map served by this server (/tiles/basemap, ODbL; day style for desks,
// dark style for the wall); a configured online base map (BASEMAP_STYLE_URL) can be chosen
// instead with the switcher, and is only used when it can be fetched quickly. If neither loads,
// a plain background-only style keeps the boundaries and layers usable.
// Nothing here imports MapLibre's code (types only): the map page's early start (map-preload.ts)
// uses this file from the first download. The attribution control is in attribution.ts.
import { useCallback, useEffect, useState } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { OSM_ATTRIBUTION_TEXT } from '../../../../shared/contracts/basemap.ts';

export const BASE_STYLE_TIMEOUT_MS = 3000;
export const OSM_ATTRIBUTION_HTML = `<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">${OSM_ATTRIBUTION_TEXT}</a>`;

export type BaseMapTheme = 'day' | 'dark';
export type BaseMapChoice = 'offline' | 'online';

/** A background-only style: needs no tiles, sprites or glyphs. */
export function plainStyle(theme: BaseMapTheme = 'day'): StyleSpecification {
  return {
    version: 8,
    name: 'cityops-plain',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': theme === 'dark' ? '#0b1220' : '#eef2f6' } }],
  };
}

/** The offline base map's style on this server. */
export const offlineStyleUrl = (theme: BaseMapTheme, lang: string) => `/tiles/basemap/style-${theme}.json?lang=${lang === 'en' ? 'en' : 'vi'}`;

/** The offline style's absolute URL, for maps that take a style URL directly. */
export const offlineStyleAbsoluteUrl = (theme: BaseMapTheme, lang: string) => new URL(offlineStyleUrl(theme, lang), window.location.href).href;

export interface BaseStyle {
  style: StyleSpecification;
  /** Which base map the style is. */
  kind: BaseMapChoice | 'plain';
  /** True when the configured online base map is in use. */
  fromConfig: boolean;
}

export interface BaseStyleRequest {
  /** The configured online style (BASEMAP_STYLE_URL), or null. */
  onlineUrl: string | null;
  choice: BaseMapChoice;
  theme?: BaseMapTheme;
  lang?: string;
}

const STORAGE_KEY = 'cityops.baseMap';
const CHANGE_EVENT = 'cityops-basemap-change';

/** The user's base-map choice (kept in this browser), shared by every map. */
export function storedBaseMapChoice(): BaseMapChoice {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'online' ? 'online' : 'offline';
  } catch {
    return 'offline';
  }
}

export function useBaseMapChoice(): [BaseMapChoice, (choice: BaseMapChoice) => void] {
  const [choice, setChoice] = useState<BaseMapChoice>(storedBaseMapChoice);
  useEffect(() => {
    const sync = () => setChoice(storedBaseMapChoice());
    window.addEventListener(CHANGE_EVENT, sync);
    window.addEventListener('storage', sync);
    return () => {
      window.removeEventListener(CHANGE_EVENT, sync);
      window.removeEventListener('storage', sync);
    };
  }, []);
  const change = useCallback((next: BaseMapChoice) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    setChoice(next);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);
  return [choice, change];
}

/** Styles requested ahead of their map (preloadBaseStyle), by absolute URL: each is used once. */
const prefetched = new Map<string, Promise<unknown>>();

async function getStyleJson(absolute: string, signal: AbortSignal): Promise<unknown> {
  const sameOrigin = new URL(absolute).origin === window.location.origin;
  const response = await fetch(absolute, { signal, credentials: sameOrigin ? 'same-origin' : 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/**
 * Requests the base style the next map will ask for (the user's choice; the offline one when the
 * online one is not chosen), before the map's code has arrived.
 */
export function preloadBaseStyle(theme: BaseMapTheme, lang: string): void {
  if (storedBaseMapChoice() === 'online') return; // its URL comes with the client configuration
  const absolute = new URL(offlineStyleUrl(theme, lang), window.location.href).href;
  if (prefetched.has(absolute)) return;
  const request = getStyleJson(absolute, new AbortController().signal);
  request.catch(() => prefetched.delete(absolute)); // the map asks again, and falls back if need be
  prefetched.set(absolute, request);
}

async function fetchStyle(url: string, signal: AbortSignal | undefined, timeoutMs: number): Promise<StyleSpecification> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  const timer = window.setTimeout(abort, timeoutMs);
  try {
    const absolute = new URL(url, window.location.href).href;
    const early = prefetched.get(absolute);
    prefetched.delete(absolute);
    const json = await (early
      ? Promise.race([early, new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted'))))])
      : getStyleJson(absolute, controller.signal));
    if (!isStyle(json)) throw new Error('not a MapLibre style (version 8)');
    return absolutize(json, absolute);
  } finally {
    window.clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * The style of a map: the online base map when chosen and reachable (at most `timeoutMs`),
 * otherwise the offline base map, otherwise the plain style.
 */
export async function resolveBaseStyle(request: BaseStyleRequest, signal?: AbortSignal, timeoutMs = BASE_STYLE_TIMEOUT_MS): Promise<BaseStyle> {
  const theme = request.theme ?? 'day';
  if (request.choice === 'online' && request.onlineUrl) {
    try {
      return { style: await fetchStyle(request.onlineUrl, signal, timeoutMs), kind: 'online', fromConfig: true };
    } catch (error) {
      if (signal?.aborted) throw error;
      console.warn(`base map style ${request.onlineUrl} unavailable, using the offline base map`, error);
    }
  }
  try {
    return { style: await fetchStyle(offlineStyleUrl(theme, request.lang ?? 'vi'), signal, timeoutMs), kind: 'offline', fromConfig: false };
  } catch (error) {
    if (signal?.aborted) throw error;
    console.warn('offline base map unavailable, using the plain style', error);
    return { style: plainStyle(theme), kind: 'plain', fromConfig: false };
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
