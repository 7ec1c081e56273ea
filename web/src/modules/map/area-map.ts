// Imperative MapLibre wrapper for the areas map: base style with offline fallback, area
// fill/outline layers, hover and selection, HTML labels (no glyph server needed) and controls.
// React (MapPage) owns the data fetching and the popup content; this class owns the map.
import {
  AttributionControl,
  FullscreenControl,
  type Map as MapLibreMap,
  Marker,
  NavigationControl,
  Popup,
  ScaleControl,
  type GeoJSONSource,
  type IControl,
  type MapLayerMouseEvent,
  type ExpressionSpecification,
  type MapMouseEvent,
  type StyleSpecification,
} from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { Area, AreaFeatureCollection } from '../../../../shared/contracts/index.ts';
import { plainStyle } from './base-style.ts';
import { createMap } from './create-map.ts';
import { geometriesBBox, labelPoint, uniqueBoundaryLines, type BBox, type LonLat } from './geometry.ts';


export const BOUNDARY_ATTRIBUTION =
  'Ward boundaries © Thang Le Quoc and contributors, Vietnamese Provinces Database (MIT), ' +
  'derived from the Vietnam Administrative Units Reference Map (sapnhap.bando.com.vn)';

const SOURCE_ID = 'areas';
/** Boundaries of approximate areas as lines, each shared edge once (see uniqueBoundaryLines). */
const APPROX_LINES_SOURCE_ID = 'areas-approximate-lines';
const FILL_LAYER = 'areas-fill';
const OUTLINE_LAYER = 'areas-outline';
const OUTLINE_APPROX_LAYER = 'areas-outline-approximate';
/**
 * The hovered and the selected area's outlines, drawn from a small source of their own rather
 * than by feature-state: a width that depends on the feature makes MapLibre compile a second line
 * shader, which on software WebGL delays the first complete map by ~100 ms.
 */
const HIGHLIGHT_SOURCE_ID = 'areas-highlight';
const HIGHLIGHT_HOVER_LAYER = 'areas-outline-hover';
const HIGHLIGHT_SELECTED_LAYER = 'areas-outline-selected';
const OUTLINE_APPROX_HIGHLIGHT_LAYER = 'areas-outline-approximate-highlight';
/** Former District 7 / Ho Chi Minh City centre, used before the first fit. */
const INITIAL_CENTER: LonLat = [106.72, 10.74];
const INITIAL_ZOOM = 12;
/** Give up on a configured base style that has not loaded after this long. */
const STYLE_WATCHDOG_MS = 6000;

export type LabelLanguage = 'vi' | 'en';

export interface AreaMapOptions {
  container: HTMLElement;
  /** Element made full screen by the full-screen control (keeps the page overlays visible). */
  fullscreenContainer?: HTMLElement;
  style: StyleSpecification;
  /** MapLibre UI strings (control tooltips) for the current language. */
  locale: Record<string, string>;
  labelLanguage: LabelLanguage;
  /** Called with the clicked area, or null when the selection is cleared. */
  onSelect: (area: Area | null) => void;
  /** Called when the configured base style failed and the plain style replaced it. */
  onBaseStyleFallback?: () => void;
  /** Sees map clicks first (data layer popups, drawing tools); true: the areas ignore the click. */
  interceptClick?: (event: MapMouseEvent) => boolean;
  /** The area under the pointer (choropleth tooltips), with the pointer position in the map. */
  onHover?: (area: Area | null, point: { x: number; y: number } | null) => void;
}

export interface ShowAreasOptions {
  /** Codes of the areas to fit the view to; all areas when none of them is present. */
  focusCodes?: readonly string[];
  /**
   * Size (px, from the map's top-left corner) of a panel floating over the map: the view is fitted
   * beside or below it, whichever shows the areas larger.
   */
  topLeftOverlay?: { width: number; height: number };
}

interface Label {
  area: Area;
  element: HTMLDivElement;
  marker: Marker;
  lngLat: LonLat;
  bbox: BBox | null;
  focus: boolean;
  size: { width: number; height: number } | null;
}

export class AreaMap {
  readonly map: MapLibreMap;
  /** Popup body; MapPage renders the selected area's details into it. */
  readonly popupContent: HTMLDivElement;

  private readonly popup: Popup;
  private readonly onSelect: AreaMapOptions['onSelect'];
  private readonly onBaseStyleFallback: AreaMapOptions['onBaseStyleFallback'];
  private readonly interceptClick: AreaMapOptions['interceptClick'];
  private readonly onHover: AreaMapOptions['onHover'];
  /** Choropleth colours by area code, or null for the plain boundary style. */
  private choropleth: Record<string, string> | null = null;
  /** Code of the area the workspace is filtered to: the rest is greyed out. */
  private filterCode: string | null = null;
  private readonly fullscreenContainer: HTMLElement | undefined;
  private controls: IControl[] = [];
  private areasById = new Map<number, Area>();
  private sourceData: FeatureCollection = { type: 'FeatureCollection', features: [] };
  private approximateLines: FeatureCollection = { type: 'FeatureCollection', features: [] };
  private labels: Label[] = [];
  private labelObstacles: readonly HTMLElement[] = [];
  private labelLanguage: LabelLanguage;
  private hoveredId: number | null = null;
  private selectedId: number | null = null;
  private generation = 0;
  private styleLoaded = false;
  private usingFallbackStyle: boolean;
  private readonly styleReady: Promise<void>;
  private resolveStyleReady: () => void = () => {};
  private watchdog: number | undefined;
  private destroyed = false;
  private reportedMapError = false;

  constructor(options: AreaMapOptions) {
    this.onSelect = options.onSelect;
    this.onBaseStyleFallback = options.onBaseStyleFallback;
    this.interceptClick = options.interceptClick;
    this.onHover = options.onHover;
    this.fullscreenContainer = options.fullscreenContainer;
    this.labelLanguage = options.labelLanguage;
    this.usingFallbackStyle = options.style.name === plainStyle().name;
    this.styleReady = new Promise((resolve) => {
      this.resolveStyleReady = resolve;
    });

    this.map = createMap({
      container: options.container,
      style: options.style,
      center: INITIAL_CENTER,
      zoom: INITIAL_ZOOM,
      maxZoom: 19,
      attributionControl: false,
      locale: options.locale,
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.addControls();

    this.map.on('style.load', this.handleStyleLoad);
    this.map.on('error', this.handleError);
    this.map.on('mousemove', FILL_LAYER, this.handleHover);
    this.map.on('mouseleave', FILL_LAYER, this.handleLeave);
    this.map.on('click', this.handleClick);
    this.map.on('moveend', this.declutterLabels);
    this.map.on('resize', this.declutterLabels);

    if (!this.usingFallbackStyle) {
      this.watchdog = window.setTimeout(() => this.fallBackToPlainStyle('base style did not load in time'), STYLE_WATCHDOG_MS);
    }

    this.popupContent = document.createElement('div');
    this.popupContent.className = 'area-popup__body';
    this.popup = new Popup({
      closeButton: true,
      closeOnClick: false,
      focusAfterOpen: false,
      maxWidth: '320px',
      className: 'area-popup',
      offset: 8,
    }).setDOMContent(this.popupContent);
    this.popup.on('close', this.handlePopupClose);

    window.__cityopsMap = this.map;
  }

  /**
   * Replaces the displayed areas, rebuilds the labels and fits the view.
   * Resolves true once the areas are drawn and the map is idle, false if superseded or destroyed.
   */
  async showAreas(collection: AreaFeatureCollection, options: ShowAreasOptions = {}): Promise<boolean> {
    const generation = ++this.generation;
    this.popup.remove();
    this.areasById = new Map();
    const features: Feature[] = [];
    collection.features.forEach((feature, index) => {
      // Feature-state needs a numeric id: prefer the area id, fall back to the position.
      const id = Number.isSafeInteger(feature.properties.id) ? feature.properties.id : index + 1;
      this.areasById.set(id, feature.properties);
      features.push({
        type: 'Feature',
        id,
        geometry: feature.geometry,
        properties: {
          id,
          code: feature.properties.code,
          level: feature.properties.level,
          approximate: feature.properties.approximate === true,
          focus: options.focusCodes?.includes(feature.properties.code) ?? false,
        },
      });
    });
    this.sourceData = { type: 'FeatureCollection', features };
    const approximate = collection.features.filter((feature) => feature.properties.approximate);
    this.approximateLines = {
      type: 'FeatureCollection',
      features: uniqueBoundaryLines(approximate.map((feature) => feature.geometry)).map((coordinates) => ({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates },
        properties: {},
      })),
    };

    await this.styleReady;
    if (!this.isCurrent(generation)) return false;

    this.hoveredId = null;
    this.selectedId = null;
    this.updateHighlight();
    (this.map.getSource(SOURCE_ID) as GeoJSONSource | undefined)?.setData(this.sourceData);
    (this.map.getSource(APPROX_LINES_SOURCE_ID) as GeoJSONSource | undefined)?.setData(this.approximateLines);
    this.rebuildLabels(collection, options.focusCodes ?? []);
    this.fitTo(collection, options.focusCodes ?? [], options.topLeftOverlay);

    await this.waitForIdle();
    if (!this.isCurrent(generation)) return false;
    this.declutterLabels();
    return true;
  }

  setLanguage(labelLanguage: LabelLanguage, locale: Record<string, string>): void {
    if (labelLanguage === this.labelLanguage) return;
    this.labelLanguage = labelLanguage;
    for (const label of this.labels) {
      this.renderLabel(label);
    }
    this.declutterLabels();
    // MapLibre reads control tooltips when a control is added: re-add them in the new language.
    this.map._locale = { ...this.map._locale, ...locale };
    this.addControls();
  }

  /** Re-anchors the popup after its content changed size. */
  refreshPopup(): void {
    if (this.popup.isOpen()) this.popup.setLngLat(this.popup.getLngLat());
  }

  clearSelection(): void {
    this.popup.remove();
  }

  destroy(): void {
    this.destroyed = true;
    this.generation++;
    window.clearTimeout(this.watchdog);
    this.popup.off('close', this.handlePopupClose);
    this.popup.remove();
    for (const label of this.labels) label.marker.remove();
    this.labels = [];
    if (window.__cityopsMap === this.map) delete window.__cityopsMap;
    this.map.remove();
  }

  // --- style and layers ---------------------------------------------------------------------

  private readonly handleStyleLoad = () => {
    this.styleLoaded = true;
    window.clearTimeout(this.watchdog);
    this.installLayers();
    this.resolveStyleReady();
  };

  private readonly handleError = (event: { error?: unknown }) => {
    // Before the style is in, an error means the configured base style is unusable.
    if (!this.styleLoaded && !this.usingFallbackStyle) {
      this.fallBackToPlainStyle(event.error);
      return;
    }
    // Base map tiles failing offline would flood the console: report the first one only.
    if (!this.reportedMapError) console.warn('map error (further ones not reported)', event.error);
    this.reportedMapError = true;
  };

  private fallBackToPlainStyle(reason: unknown): void {
    if (this.destroyed || this.usingFallbackStyle || this.styleLoaded) return;
    console.warn('base map style failed, switching to the plain style', reason);
    this.usingFallbackStyle = true;
    window.clearTimeout(this.watchdog);
    this.map.setStyle(plainStyle(), { diff: false });
    this.onBaseStyleFallback?.();
  }

  private installLayers(): void {
    const map = this.map;
    if (!map.getSource(SOURCE_ID)) {
      map.addSource(SOURCE_ID, { type: 'geojson', data: this.sourceData });
    }
    if (!map.getSource(APPROX_LINES_SOURCE_ID)) {
      map.addSource(APPROX_LINES_SOURCE_ID, { type: 'geojson', data: this.approximateLines });
    }
    if (!map.getSource(HIGHLIGHT_SOURCE_ID)) {
      map.addSource(HIGHLIGHT_SOURCE_ID, { type: 'geojson', data: this.highlightData() });
    }
    const approximate: ExpressionSpecification = ['==', ['get', 'approximate'], true];
    if (!map.getLayer(FILL_LAYER)) {
      map.addLayer({
        id: FILL_LAYER,
        type: 'fill',
        source: SOURCE_ID,
        // No antialiasing pass: the outline layers draw the edges, and on software WebGL every
        // extra shader program (here the fill's outline variant) costs ~100 ms at first draw.
        paint: { 'fill-color': this.fillColor(), 'fill-opacity': this.fillOpacity(), 'fill-antialias': false },
      });
    }
    if (!map.getLayer(OUTLINE_LAYER)) {
      map.addLayer({
        id: OUTLINE_LAYER,
        type: 'line',
        source: SOURCE_ID,
        filter: ['!', approximate],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#1e3a8a', 'line-width': 1.3, 'line-opacity': 0.9 },
      });
    }
    // Approximate boundaries: dashed, drawn from the de-duplicated lines so shared borders stay
    // visibly dashed; the hovered/selected one is outlined per polygon on top.
    if (!map.getLayer(OUTLINE_APPROX_LAYER)) {
      map.addLayer({
        id: OUTLINE_APPROX_LAYER,
        type: 'line',
        source: APPROX_LINES_SOURCE_ID,
        layout: { 'line-join': 'round' },
        paint: { 'line-color': '#92400e', 'line-width': 1.4, 'line-dasharray': [3, 2], 'line-opacity': 0.95 },
      });
    }
    const highlightLayers: [string, 'hover' | 'selected', boolean, number][] = [
      [HIGHLIGHT_HOVER_LAYER, 'hover', false, 2.6],
      [HIGHLIGHT_SELECTED_LAYER, 'selected', false, 3.2],
      [OUTLINE_APPROX_HIGHLIGHT_LAYER, 'hover', true, 2.8],
      [`${OUTLINE_APPROX_HIGHLIGHT_LAYER}-selected`, 'selected', true, 3.2],
    ];
    for (const [id, kind, isApproximate, width] of highlightLayers) {
      if (map.getLayer(id)) continue;
      map.addLayer({
        id,
        type: 'line',
        source: HIGHLIGHT_SOURCE_ID,
        filter: ['all', ['==', ['get', 'kind'], kind], isApproximate ? approximate : ['!', approximate]],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: isApproximate
          ? { 'line-color': '#92400e', 'line-width': width, 'line-dasharray': [3, 1.5], 'line-opacity': 1 }
          : { 'line-color': '#1e3a8a', 'line-width': width, 'line-opacity': 0.9 },
      });
    }
  }

  /** The hovered and the selected area as features of the highlight source. */
  private highlightData(): FeatureCollection {
    const features: Feature[] = [];
    for (const [kind, id] of [['hover', this.hoveredId], ['selected', this.selectedId]] as const) {
      if (id === null) continue;
      const feature = this.sourceData.features.find((candidate) => candidate.id === id);
      if (feature) features.push({ ...feature, id: undefined, properties: { kind, code: feature.properties?.code, approximate: feature.properties?.approximate === true } });
    }
    return { type: 'FeatureCollection', features };
  }

  private updateHighlight(): void {
    (this.map.getSource(HIGHLIGHT_SOURCE_ID) as GeoJSONSource | undefined)?.setData(this.highlightData());
  }

  private fillColor(): ExpressionSpecification {
    const approximate: ExpressionSpecification = ['==', ['get', 'approximate'], true];
    const plain: ExpressionSpecification = ['case', approximate, '#d97706', '#2563eb'];
    const base: ExpressionSpecification =
      this.choropleth && Object.keys(this.choropleth).length > 0
        ? (['match', ['get', 'code'], ...Object.entries(this.choropleth).flat(), '#e5e7eb'] as unknown as ExpressionSpecification)
        : plain;
    return this.filterCode ? ['case', ['==', ['get', 'code'], this.filterCode], base, '#64748b'] : base;
  }

  private fillOpacity(): ExpressionSpecification {
    const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
    const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
    const outside: ExpressionSpecification = this.filterCode ? ['!=', ['get', 'code'], this.filterCode] : ['literal', false];
    if (this.choropleth) return ['case', outside, 0.55, selected, 0.9, hovered, 0.85, 0.72];
    return ['case', outside, 0.45, selected, 0.38, hovered, 0.26, ['==', ['get', 'focus'], true], 0.12, 0.07];
  }

  private repaintFill(): void {
    if (!this.map.getLayer(FILL_LAYER)) return;
    this.map.setPaintProperty(FILL_LAYER, 'fill-color', this.fillColor());
    this.map.setPaintProperty(FILL_LAYER, 'fill-opacity', this.fillOpacity());
  }

  /** Colours the areas by code (a choropleth), or back to the plain style with null. */
  setChoropleth(colors: Record<string, string> | null): void {
    this.choropleth = colors;
    this.repaintFill();
  }

  /** Greys out every area but `code` and fits the view to it; null clears the filter. */
  setAreaFilter(code: string | null, overlay?: ShowAreasOptions['topLeftOverlay']): void {
    this.filterCode = code;
    this.repaintFill();
    if (code) this.fitToArea(code, overlay);
  }

  /** Fits the view to one area of the displayed set; false when it is not displayed. */
  fitToArea(code: string, overlay?: ShowAreasOptions['topLeftOverlay']): boolean {
    const feature = this.sourceData.features.find((candidate) => candidate.properties?.code === code);
    if (!feature || (feature.geometry.type !== 'Polygon' && feature.geometry.type !== 'MultiPolygon')) return false;
    const box = geometriesBBox([feature.geometry]);
    if (!box) return false;
    const padding = overlay ? { top: 40, right: 60, bottom: 40, left: overlay.width + 24 } : 40;
    this.map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding, duration: 0, maxZoom: 17 });
    return true;
  }

  private addControls(): void {
    for (const control of this.controls) this.map.removeControl(control);
    this.controls = [
      new NavigationControl({ showCompass: false }),
      new FullscreenControl(this.fullscreenContainer ? { container: this.fullscreenContainer } : {}),
    ];
    for (const control of this.controls) this.map.addControl(control, 'top-right');
    const scale = new ScaleControl({ unit: 'metric', maxWidth: 120 });
    const attribution = new AttributionControl({
      compact: false,
      customAttribution: [BOUNDARY_ATTRIBUTION, '<a href="https://maplibre.org/" target="_blank" rel="noopener">MapLibre</a>'],
    });
    // Scale above the attribution (a long attribution line would cover it at the bottom left);
    // MapLibre stacks later bottom controls above earlier ones.
    this.map.addControl(attribution, 'bottom-right');
    this.map.addControl(scale, 'bottom-right');
    this.controls.push(scale, attribution);
  }

  private fitTo(
    collection: AreaFeatureCollection,
    focusCodes: readonly string[],
    overlay: ShowAreasOptions['topLeftOverlay'],
  ): void {
    const focused = collection.features.filter((feature) => focusCodes.includes(feature.properties.code));
    const box = geometriesBBox((focused.length > 0 ? focused : collection.features).map((feature) => feature.geometry));
    if (!box) return;
    const bounds: [[number, number], [number, number]] = [
      [box[0], box[1]],
      [box[2], box[3]],
    ];
    const container = this.map.getContainer();
    const base = Math.round(Math.max(16, Math.min(64, Math.min(container.clientWidth, container.clientHeight) * 0.08)));
    // Keep clear of the attribution and scale, which can take several lines on narrow screens.
    const bottomControls = container.querySelector('.maplibregl-ctrl-bottom-right')?.clientHeight ?? 0;
    const even = { top: base, right: base, bottom: Math.max(base, bottomControls + 12), left: base };
    // Beside or below the overlay, whichever zooms in more; ignore the overlay only when neither
    // leaves room (cameraForBounds returns nothing then).
    const candidates = overlay
      ? [
          { ...even, top: Math.max(base, overlay.height + 16) },
          { ...even, left: Math.max(base, overlay.width + 16) },
        ]
      : [];
    let best: { padding: typeof even; zoom: number } | null = null;
    for (const padding of candidates) {
      const zoom = this.map.cameraForBounds(bounds, { padding, maxZoom: 16 })?.zoom;
      if (zoom !== undefined && (!best || zoom > best.zoom)) best = { padding, zoom };
    }
    this.map.fitBounds(bounds, { padding: best?.padding ?? even, duration: 0, maxZoom: 16 });
  }

  /**
   * Resolves on the next 'idle' event. MapLibre does not always schedule a frame after the last
   * tile fails (e.g. base map tiles answering 404), so idle may never fire on its own: nudge it
   * with a repaint until it does.
   */
  private waitForIdle(): Promise<void> {
    return new Promise((resolve) => {
      const nudge = window.setInterval(() => {
        if (this.destroyed) window.clearInterval(nudge);
        else this.map.triggerRepaint();
      }, 250);
      this.map.once('idle', () => {
        window.clearInterval(nudge);
        resolve();
      });
      this.map.triggerRepaint();
    });
  }

  private isCurrent(generation: number): boolean {
    return !this.destroyed && generation === this.generation;
  }

  // --- interaction ----------------------------------------------------------------------------

  private readonly handleHover = (event: MapLayerMouseEvent) => {
    const id = event.features?.[0]?.id;
    const next = typeof id === 'number' ? id : null;
    this.onHover?.(next === null ? null : (this.areasById.get(next) ?? null), { x: event.point.x, y: event.point.y });
    if (next === this.hoveredId) return;
    this.setFeatureState(this.hoveredId, { hover: false });
    this.hoveredId = next;
    this.setFeatureState(next, { hover: true });
    this.updateHighlight();
    this.map.getCanvas().style.cursor = next === null ? '' : 'pointer';
  };

  private readonly handleLeave = () => {
    this.onHover?.(null, null);
    this.setFeatureState(this.hoveredId, { hover: false });
    this.hoveredId = null;
    this.updateHighlight();
    this.map.getCanvas().style.cursor = '';
  };

  private readonly handleClick = (event: MapMouseEvent) => {
    if (this.interceptClick?.(event)) {
      this.popup.remove();
      return;
    }
    if (!this.map.getLayer(FILL_LAYER)) return;
    const feature = this.map.queryRenderedFeatures(event.point, { layers: [FILL_LAYER] })[0];
    const id = feature?.id;
    const area = typeof id === 'number' ? this.areasById.get(id) : undefined;
    if (typeof id !== 'number' || !area) {
      this.popup.remove();
      return;
    }
    this.setFeatureState(this.selectedId, { selected: false });
    this.selectedId = id;
    this.setFeatureState(id, { selected: true });
    this.updateHighlight();
    this.onSelect(area);
    this.popup.setLngLat(event.lngLat);
    if (!this.popup.isOpen()) this.popup.addTo(this.map);
  };

  private readonly handlePopupClose = () => {
    this.setFeatureState(this.selectedId, { selected: false });
    this.selectedId = null;
    this.updateHighlight();
    this.onSelect(null);
  };

  private setFeatureState(id: number | null, state: Record<string, boolean>): void {
    if (id === null || !this.map.getSource(SOURCE_ID)) return;
    this.map.setFeatureState({ source: SOURCE_ID, id }, state);
  }

  // --- labels ---------------------------------------------------------------------------------

  private rebuildLabels(collection: AreaFeatureCollection, focusCodes: readonly string[]): void {
    for (const label of this.labels) label.marker.remove();
    this.labels = [];
    for (const feature of collection.features) {
      const point = labelPoint(feature.geometry);
      if (!point) continue;
      const element = document.createElement('div');
      element.className = 'area-label';
      element.dataset.testid = `area-label-${feature.properties.code}`;
      element.setAttribute('aria-hidden', 'true'); // names are announced through the popup
      const label: Label = {
        area: feature.properties,
        element,
        marker: new Marker({ element, anchor: 'center' }).setLngLat(point),
        lngLat: point,
        bbox: geometriesBBox([feature.geometry]),
        focus: focusCodes.includes(feature.properties.code),
        size: null,
      };
      if (label.focus) element.classList.add('area-label--focus');
      if (feature.properties.approximate) element.classList.add('area-label--approximate');
      this.renderLabel(label);
      label.marker.addTo(this.map);
      this.labels.push(label);
    }
    // Focus areas first, then larger areas: they win label collisions.
    this.labels.sort((a, b) => Number(b.focus) - Number(a.focus) || b.area.areaKm2 - a.area.areaKm2);
  }

  private renderLabel(label: Label): void {
    const name = this.labelLanguage === 'en' ? label.area.nameEn || label.area.nameVi : label.area.nameVi;
    label.element.textContent = name;
    label.element.lang = this.labelLanguage === 'en' && label.area.nameEn ? 'en' : 'vi';
    label.size = null;
  }

  /**
   * Elements floating over the map (the info panel, the time slider): labels are kept clear of
   * them. Read on every declutter, so their current size counts.
   */
  setLabelObstacles(elements: readonly HTMLElement[]): void {
    this.labelObstacles = elements;
    this.declutterLabels();
  }

  /** Re-runs label placement (after an overlay changed size). */
  refreshLabels(): void {
    this.declutterLabels();
  }

  /**
   * Hides labels that would overlap a higher-priority one or an overlay panel, that are much
   * wider than their area, or (except the focus areas') that are not fully inside the map.
   */
  private readonly declutterLabels = () => {
    if (this.labels.length === 0) return;
    const container = this.map.getContainer();
    const width = container.clientWidth;
    const height = container.clientHeight;
    const origin = container.getBoundingClientRect();
    const margin = 3;
    // Overlays count as already placed labels: nothing is drawn under them.
    const placed: BBox[] = [];
    for (const element of this.labelObstacles) {
      if (!element.isConnected) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      placed.push([rect.left - origin.left, rect.top - origin.top, rect.right - origin.left, rect.bottom - origin.top]);
    }
    for (const label of this.labels) {
      const point = this.map.project(label.lngLat);
      label.size ??= { width: label.element.offsetWidth, height: label.element.offsetHeight };
      const { width: w, height: h } = label.size;
      const box: BBox = [point.x - w / 2 - margin, point.y - h / 2 - margin, point.x + w / 2 + margin, point.y + h / 2 + margin];
      const onScreen = box[2] > 0 && box[0] < width && box[3] > 0 && box[1] < height;
      if (!onScreen) {
        label.element.classList.remove('area-label--hidden');
        continue;
      }
      // A label cut by the map edge reads badly: only the focus areas keep theirs.
      const fullyInside = point.x - w / 2 >= 0 && point.x + w / 2 <= width && point.y - h / 2 >= 0 && point.y + h / 2 <= height;
      let visible = (label.focus || fullyInside) && !placed.some((other) => box[0] < other[2] && box[2] > other[0] && box[1] < other[3] && box[3] > other[1]);
      if (visible && label.bbox && !label.focus) {
        const sw = this.map.project([label.bbox[0], label.bbox[1]]);
        const ne = this.map.project([label.bbox[2], label.bbox[3]]);
        visible = Math.abs(ne.x - sw.x) * 2 >= w;
      }
      label.element.classList.toggle('area-label--hidden', !visible);
      if (visible) placed.push(box);
    }
  };
}
