import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Marker, Popup, type MapMouseEvent } from 'maplibre-gl';
import type { PlaceHit } from '../../../../shared/contracts/basemap.ts';
import type { Area, ChoroplethResponse, MeasurableDataset } from '../../../../shared/contracts/index.ts';
import { useClientConfig } from '../../app/client-config.tsx';
import { errorMessage } from '../../app/errors.ts';
import { formatDate, formatNumber, todayInHcmc } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { AreaDetails } from './AreaDetails.tsx';
import { AttributeTable } from './AttributeTable.tsx';
import { MapLegend } from './MapLegend.tsx';
import { printMap } from './print-map.ts';
import { AreaMap } from './area-map.ts';
import { mapAreasQuery, type LoadedAreas } from './areas-api.ts';
import { resolveBaseStyle, useBaseMapChoice } from './base-style.ts';
import { prewarmMaps } from './create-map.ts';
import { choroplethColors, choroplethUnit, measureDigits } from './choropleth.ts';
import { DataLayers, DENSE_POINT_THRESHOLD, LAYER_PALETTE, type DataLayerSpec } from './data-layers.ts';
import type { LayerChoice, ThemeChoice } from './layer-state.ts';
import { datasetTitle, DOMAIN_ORDER, LayerPanel } from './LayerPanel.tsx';
import { datasetDetailQuery, fetchChoropleth, fetchDatasets, fetchMeasures, fetchRecords, fetchTileJson, mapKeys, type ChoroplethParams, type DatasetSummary } from './map-api.ts';
import { RecordDetails, type RecordRef } from './RecordDetails.tsx';
import { SearchBox, type RecordHit } from './SearchBox.tsx';
import type { SpatialTools } from './spatial-tools.ts';
import { ThematicPanel } from './ThematicPanel.tsx';
import { TimeSlider, type TimeRange } from './TimeSlider.tsx';
import { ToolsPanel } from './ToolsPanel.tsx';
import { OLD_UNITS_DATE, useUnitsMode, type UnitsMode } from './units.ts';
import { useWorkspace } from './workspace.ts';
import './map.css';


type Tab = 'layers' | 'theme' | 'tools';

/** MapLibre UI strings (control tooltips) in the current language. */
function mapLocale(t: TFunction): Record<string, string> {
  return {
    'NavigationControl.ZoomIn': t('map.controls.zoomIn'),
    'NavigationControl.ZoomOut': t('map.controls.zoomOut'),
    'NavigationControl.ResetBearing': t('map.controls.resetBearing'),
    'FullscreenControl.Enter': t('map.controls.fullscreenEnter'),
    'FullscreenControl.Exit': t('map.controls.fullscreenExit'),
    'AttributionControl.ToggleAttribution': t('map.controls.toggleAttribution'),
    'AttributionControl.MapFeedback': t('map.controls.mapFeedback'),
    'Popup.Close': t('map.controls.popupClose'),
    'Map.Title': t('map.controls.mapTitle'),
  };
}

/** Size of the info panel from the map's top-left corner, so that fitting avoids it. */
function overlaySize(panel: HTMLElement | null, map: HTMLElement | null): { width: number; height: number } | undefined {
  if (!panel || !map) return undefined;
  const p = panel.getBoundingClientRect();
  const m = map.getBoundingClientRect();
  return { width: Math.max(0, p.right - m.left), height: Math.max(0, p.bottom - m.top) };
}

/** Space (px) kept between the record popup and the map's edges or floating panels. */
const POPUP_MARGIN = 8;
const NO_DATASETS: DatasetSummary[] = [];
const NO_MEASURES = new Map<string, MeasurableDataset>();

/** The choropleth request of a thematic choice, in the units set shown. */
function choroplethParams(theme: ThemeChoice, mode: UnitsMode): ChoroplethParams {
  return {
    dataset: theme.dataset,
    measure: theme.measure,
    ...(theme.field ? { field: theme.field } : {}),
    method: theme.method,
    classes: theme.classes,
    scheme: mode === 'old' ? 'vn2008' : 'vn2025',
    ...(mode === 'old' ? { date: OLD_UNITS_DATE } : {}),
  };
}

// Start MapLibre's worker now, while the page's first data is fetched, not when the map is made.
prewarmMaps();

/** Home page: the map workspace over the administrative units (2025 units or the former wards). */
export function MapPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const config = useClientConfig();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [mode] = useUnitsMode();
  const [workspace, updateWorkspace] = useWorkspace();

  const pageRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const sliderRef = useRef<HTMLDivElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<AreaMap | null>(null);
  const [baseMapOffline, setBaseMapOffline] = useState(false);
  const [drawn, setDrawn] = useState<LoadedAreas | null>(null);
  const [selected, setSelected] = useState<Area | null>(null);
  const [tab, setTab] = useState<Tab>('layers');
  const [dataLayers, setDataLayers] = useState<DataLayers | null>(null);
  const [recordTarget, setRecordTarget] = useState<RecordRef | null>(null);
  const [hover, setHover] = useState<{ area: Area; x: number; y: number } | null>(null);
  const [areaFilter, setAreaFilter] = useState<string | null>(null);
  const [timeRange, setTimeRange] = useState<TimeRange | null>(null);
  const [day, setDay] = useState<string | null>(null);
  const toolsRef = useRef<SpatialTools | null>(null);
  const dataClickRef = useRef<(event: MapMouseEvent) => boolean>(() => false);
  const hoverEnabledRef = useRef(false);

  // The record popup's body: RecordDetails is rendered into it through a portal.
  const [recordPopupContent] = useState(() => document.createElement('div'));
  // The popup itself is made in an effect, never during render: setDOMContent *moves* the node,
  // so a popup built by a second call of a render-time factory (StrictMode calls useMemo
  // factories twice and keeps the first result) took the body away from the popup in use,
  // which then opened empty.
  const recordPopupRef = useRef<Popup | null>(null);

  // Latest language for the map constructor, without re-creating the map on language changes.
  const languageRef = useRef({ lang, t });
  useEffect(() => {
    languageRef.current = { lang, t };
  }, [lang, t]);

  const styleUrl = config?.baseMapStyleUrl ?? null;
  const [baseMapChoice, setBaseMapChoice] = useBaseMapChoice();
  // Only the online base map needs the client configuration (its URL): the offline one, the
  // default, is drawn without waiting for it.
  const onlineStyleUrl = baseMapChoice === 'online' ? styleUrl : null;
  const styleKnown = baseMapChoice === 'offline' || config !== null;
  const [tableFor, setTableFor] = useState<string | null>(null);
  const [printImage, setPrintImage] = useState<string | null>(null);
  const placeMarkerRef = useRef<Marker | null>(null);

  // Create the map once the client configuration (base map URL) is known.
  useEffect(() => {
    const container = containerRef.current;
    if (!styleKnown || !container) return;
    const abort = new AbortController();
    let created: AreaMap | null = null;
    resolveBaseStyle({ onlineUrl: onlineStyleUrl, choice: baseMapChoice, lang: languageRef.current.lang }, abort.signal)
      .then(({ style, fromConfig }) => {
        if (abort.signal.aborted) return;
        setBaseMapOffline(onlineStyleUrl !== null && !fromConfig);
        const { lang: language, t: translate } = languageRef.current;
        created = new AreaMap({
          container,
          fullscreenContainer: pageRef.current ?? undefined,
          style,
          locale: mapLocale(translate),
          labelLanguage: language,
          onSelect: setSelected,
          onBaseStyleFallback: () => setBaseMapOffline(true),
          interceptClick: (event) => (toolsRef.current?.interceptClick(event) ?? false) || dataClickRef.current(event),
          onHover: (area, point) => {
            if (!hoverEnabledRef.current) return;
            setHover(area && point ? { area, x: point.x, y: point.y } : null);
          },
        });
        if (panelRef.current) created.setLabelObstacles([panelRef.current]);
        setController(created);
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted) console.error('map initialisation failed', error);
      });
    return () => {
      abort.abort();
      created?.destroy();
      setController(null);
      setDrawn(null);
      setSelected(null);
    };
  }, [styleKnown, onlineStyleUrl, baseMapChoice]);

  // The areas of the selected units set; the previous set stays on the map while the next loads.
  const areasQuery = useQuery({ ...mapAreasQuery(mode), placeholderData: keepPreviousData });
  const areas = areasQuery.data ?? null;

  // Draw them, framing the wards the centre serves (client configuration; none named = all). The
  // configuration is awaited (it arrives with the session, before the map exists): drawing first
  // and framing again when it came set the boundaries twice and re-drew every tile.
  const servedWards = config?.wards ?? null;
  useEffect(() => {
    if (!controller || !areas || servedWards === null) return;
    let active = true;
    setAreaFilter(null);
    controller
      .showAreas(areas.collection, {
        focusCodes: areas.mode === 'current' && servedWards.length ? servedWards : undefined,
        topLeftOverlay: overlaySize(panelRef.current, containerRef.current),
      })
      .then((done) => {
        if (done && active) setDrawn(areas);
      })
      .catch((error: unknown) => console.error('could not draw areas', error));
    return () => {
      active = false;
    };
  }, [controller, areas, servedWards]);

  // Datasets the user may read that have a geometry: the layers.
  const datasetsQuery = useQuery({
    queryKey: ['map', 'datasets'],
    queryFn: async ({ signal }) => {
      const rank = (domain: string) => (DOMAIN_ORDER.includes(domain) ? DOMAIN_ORDER.indexOf(domain) : DOMAIN_ORDER.length);
      return (await fetchDatasets(signal)).filter((dataset) => dataset.geometryType !== 'none').sort((a, b) => rank(a.domain) - rank(b.domain) || a.id.localeCompare(b.id));
    },
  });
  const measuresQuery = useQuery({
    queryKey: ['map', 'measures'],
    queryFn: async ({ signal }) => new Map((await fetchMeasures(signal)).datasets.map((dataset) => [dataset.datasetId, dataset])),
  });
  const datasets = datasetsQuery.data ?? NO_DATASETS;
  const measurable = measuresQuery.data ?? NO_MEASURES;
  const layersError = datasetsQuery.error ?? measuresQuery.error;

  const ready = controller !== null && areas?.mode === mode && drawn === areas;

  // Data layers live once the map has drawn its areas (the style is loaded then).
  useEffect(() => {
    if (!controller || !drawn) return;
    if (dataLayers) return;
    setDataLayers(new DataLayers(controller.map));
  }, [controller, drawn, dataLayers]);
  useEffect(() => {
    if (!controller) setDataLayers(null);
    return () => dataLayers?.destroy();
  }, [controller, dataLayers]);

  const colorOf = useCallback(
    (datasetId: string) => {
      const index = datasets.findIndex((dataset) => dataset.id === datasetId);
      return LAYER_PALETTE[(index < 0 ? 0 : index) % LAYER_PALETTE.length]!;
    },
    [datasets],
  );
  const datasetById = useMemo(() => new Map(datasets.map((dataset) => [dataset.id, dataset])), [datasets]);
  const visibleLayers = useMemo(() => workspace.layers.filter((layer) => datasetById.has(layer.id)), [workspace.layers, datasetById]);

  // Keep the map's layers in step with the choices.
  useEffect(() => {
    if (!dataLayers) return;
    const specs: DataLayerSpec[] = visibleLayers.map((layer) => {
      const dataset = datasetById.get(layer.id)!;
      return {
        id: layer.id,
        geometryType: dataset.geometryType,
        color: colorOf(layer.id),
        opacity: layer.opacity,
        style: layer.style,
        dense: dataset.geometryType === 'point' && dataset.recordCount > DENSE_POINT_THRESHOLD,
        dayFilter: timeRange && day && timeRange.datasetId === layer.id ? { field: timeRange.field, day } : null,
      };
    });
    dataLayers.sync(specs);
  }, [dataLayers, visibleLayers, datasetById, colorOf, timeRange, day]);

  // Clicking a feature of a data layer opens its record.
  dataClickRef.current = (event) => {
    if (!dataLayers || !controller) return false;
    const layers = dataLayers.queryableLayerIds();
    if (layers.length === 0) return false;
    const { x, y } = event.point;
    const feature = controller.map.queryRenderedFeatures(
      [
        [x - 5, y - 5],
        [x + 5, y + 5],
      ],
      { layers },
    )[0];
    const datasetId = feature ? dataLayers.datasetOfLayer(feature.layer.id) : null;
    const dataset = datasetId ? datasetById.get(datasetId) : undefined;
    const id = feature?.properties.id ?? feature?.id;
    if (!feature || !dataset || id === undefined || id === null) {
      recordPopupRef.current?.remove();
      return false;
    }
    setRecordTarget({ dataset, id: String(id), tileProperties: { ...feature.properties } });
    recordPopupRef.current?.setLngLat(event.lngLat).addTo(controller.map);
    return true;
  };
  useEffect(() => {
    if (!controller) return;
    const popup = new Popup({ closeButton: true, closeOnClick: false, focusAfterOpen: false, maxWidth: '320px', className: 'area-popup record-popup', offset: 10 }).setDOMContent(
      recordPopupContent,
    );
    recordPopupRef.current = popup;
    // MapLibre picks the anchor from the popup's size when it is placed, i.e. before the record
    // is rendered into it: re-anchor whenever the body changes size, and keep the popup clear of
    // the side panel and the time slider, which float above the map.
    const place = () => {
      if (!popup.isOpen()) return;
      const map = containerRef.current?.getBoundingClientRect();
      const slider = sliderRef.current?.getBoundingClientRect();
      const panel = overlaySize(panelRef.current, containerRef.current);
      popup.setPadding({
        top: POPUP_MARGIN,
        right: POPUP_MARGIN,
        bottom: (map && slider ? Math.max(0, map.bottom - slider.top) : 0) + POPUP_MARGIN,
        left: (panel?.width ?? 0) + POPUP_MARGIN,
      });
    };
    popup.on('open', place);
    // Placed on the next frame: re-anchoring inside the observer callback can resize the body
    // again in the same frame (a ResizeObserver loop error).
    let frame = 0;
    const resizes = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(place);
    });
    resizes.observe(recordPopupContent);
    return () => {
      cancelAnimationFrame(frame);
      resizes.disconnect();
      popup.off('open', place);
      popup.remove();
      if (recordPopupRef.current === popup) recordPopupRef.current = null;
    };
  }, [controller, recordPopupContent]);

  // Thematic map: fetch the choropleth and colour the areas.
  const params = workspace.theme ? choroplethParams(workspace.theme, mode) : null;
  const choroplethQuery = useQuery({
    queryKey: mapKeys.choropleth(params),
    queryFn: ({ signal }) => fetchChoropleth(params!, signal),
    enabled: params !== null,
  });
  const themed = params !== null;
  useEffect(() => {
    hoverEnabledRef.current = themed;
    if (!themed) setHover(null);
  }, [themed]);
  const currentChoropleth: ChoroplethResponse | null = (themed && choroplethQuery.data) || null;
  const choroplethError = themed && choroplethQuery.error ? errorMessage(t, choroplethQuery.error) : null;
  const choroplethByCode = useMemo(() => new Map((currentChoropleth?.areas ?? []).map((area) => [area.code, area])), [currentChoropleth]);
  useEffect(() => {
    if (!controller || !drawn) return;
    controller.setChoropleth(currentChoropleth ? choroplethColors(currentChoropleth).byCode : null);
  }, [controller, drawn, currentChoropleth]);

  // Filter by area: grey out the rest, count the visible layers' records inside.
  useEffect(() => {
    if (!controller || !drawn) return;
    controller.setAreaFilter(areaFilter, areaFilter ? overlaySize(panelRef.current, containerRef.current) : undefined);
  }, [controller, drawn, areaFilter]);
  const visibleKey = visibleLayers.map((layer) => layer.id).join(',');
  const countQueries = useQueries({
    queries: (areaFilter && areas ? visibleLayers : []).map((layer) => ({
      queryKey: mapKeys.count(layer.id, areaFilter!, areas!.date),
      queryFn: async ({ signal }: { signal: AbortSignal }) => (await fetchRecords(layer.id, { area: areaFilter!, date: areas!.date, limit: 1, geometry: false }, signal)).total,
    })),
  });
  const areaCounts: Record<string, number | undefined> = {};
  countQueries.forEach((query, index) => {
    areaCounts[visibleLayers[index]!.id] = query.data;
  });
  const countsError = countQueries.find((query) => query.error)?.error ?? null;

  // Time slider: the first visible layer with a date field that its tiles carry.
  const timeQuery = useQuery({
    queryKey: mapKeys.timeRange(visibleKey, lang),
    queryFn: async ({ signal }): Promise<TimeRange | null> => {
      for (const id of visibleKey ? visibleKey.split(',') : []) {
        const detail = await queryClient.fetchQuery(datasetDetailQuery(id));
        const dateField = detail.fields.find((field) => field.type === 'date' && !field.personal);
        if (!dateField) continue;
        // A layer whose TileJSON cannot be read cannot be filtered by day either: the next
        // layer is tried (the layer itself shows its tiles' failure on the map).
        const tileJson = await fetchTileJson(id, signal).catch(() => null);
        const inTiles = tileJson?.vector_layers.some((layer) => dateField.name in layer.fields) ?? false;
        if (!inTiles) continue;
        const [first, last] = await Promise.all([
          fetchRecords(id, { sort: dateField.name, limit: 1, geometry: false }, signal),
          fetchRecords(id, { sort: `-${dateField.name}`, limit: 1, geometry: false }, signal),
        ]);
        const from = first.records.map((record) => record.properties[dateField.name]).find((value) => typeof value === 'string');
        const to = last.records.map((record) => record.properties[dateField.name]).find((value) => typeof value === 'string');
        if (typeof from !== 'string' || typeof to !== 'string') continue;
        return {
          datasetId: id,
          title: datasetTitle(detail, lang),
          field: dateField.name,
          fieldTitle: lang === 'en' ? dateField.titleEn : dateField.titleVi,
          from: from.slice(0, 10),
          to: to.slice(0, 10),
        } satisfies TimeRange;
      }
      return null;
    },
  });
  // The slider keeps its range (and day) while the layers change, unless the range does.
  const foundRange = timeQuery.data;
  useEffect(() => {
    if (foundRange === undefined) return;
    setTimeRange((previous) => (previous && foundRange && previous.datasetId === foundRange.datasetId && previous.field === foundRange.field ? previous : foundRange));
    if (!foundRange) setDay(null);
  }, [foundRange]);
  // Deliberately not shown: the time slider is an extra over the layers, which still show
  // without it; the reason is logged for the operator.
  useEffect(() => {
    if (timeQuery.error) console.warn('time slider unavailable', timeQuery.error);
  }, [timeQuery.error]);

  // Labels stay clear of the panels floating over the map.
  useEffect(() => {
    if (!controller) return;
    const obstacles = [panelRef.current, sliderRef.current].filter((element): element is HTMLDivElement => element !== null);
    controller.setLabelObstacles(obstacles);
  }, [controller, timeRange, tab, drawn]);

  // Follow the UI language (labels and control tooltips).
  useEffect(() => {
    controller?.setLanguage(lang, mapLocale(t));
  }, [controller, lang, t]);

  // The popup's size depends on its content.
  useEffect(() => {
    controller?.refreshPopup();
  }, [controller, selected, lang]);

  const setLayers = useCallback((layers: LayerChoice[]) => updateWorkspace((previous) => ({ ...previous, layers })), [updateWorkspace]);
  const setTheme = useCallback((theme: ThemeChoice | null) => updateWorkspace((previous) => ({ ...previous, theme })), [updateWorkspace]);
  const onTools = useCallback((tools: SpatialTools | null) => {
    toolsRef.current = tools;
  }, []);

  const showRecord = (hit: RecordHit) => {
    if (!controller || !hit.record.geometry) return;
    const geometry = hit.record.geometry;
    if (geometry.type === 'Point') controller.map.jumpTo({ center: geometry.coordinates as [number, number], zoom: Math.max(controller.map.getZoom(), 16) });
    if (!workspace.layers.some((layer) => layer.id === hit.dataset.id)) setLayers([{ id: hit.dataset.id, opacity: 85, style: 'points' }, ...workspace.layers]);
    setRecordTarget({ dataset: hit.dataset, id: String(hit.record.id), tileProperties: hit.record.properties });
    const at = geometry.type === 'Point' ? (geometry.coordinates as [number, number]) : controller.map.getCenter().toArray();
    recordPopupRef.current?.setLngLat(at).addTo(controller.map);
  };

  const showPlace = (hit: PlaceHit) => {
    if (!controller) return;
    const map = controller.map;
    if (hit.bbox && (hit.bbox[2] - hit.bbox[0] > 0.0005 || hit.bbox[3] - hit.bbox[1] > 0.0005)) {
      map.fitBounds([[hit.bbox[0], hit.bbox[1]], [hit.bbox[2], hit.bbox[3]]], { padding: 60, maxZoom: 17, duration: 0 });
    } else {
      map.jumpTo({ center: hit.at, zoom: Math.max(map.getZoom(), 17) });
    }
    placeMarkerRef.current?.remove();
    const el = document.createElement('div');
    el.className = 'place-marker';
    el.dataset.testid = 'place-marker';
    el.title = hit.name;
    placeMarkerRef.current = new Marker({ element: el }).setLngLat(hit.at).addTo(map);
  };

  const zoomToRecord = (record: { geometry: GeoJSON.Geometry | null }) => {
    if (!controller || !record.geometry) return;
    const points: number[][] = [];
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') points.push(c as number[]);
      else if (Array.isArray(c)) c.forEach(walk);
    };
    walk('coordinates' in record.geometry ? record.geometry.coordinates : []);
    if (!points.length) return;
    const xs = points.map((p) => p[0]!);
    const ys = points.map((p) => p[1]!);
    controller.map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 80, maxZoom: 17, duration: 0 });
  };

  const print = async () => {
    if (!controller) return;
    setPrintImage(await printMap(controller.map));
  };
  useEffect(() => {
    if (!printImage) return;
    // The image is in the print layout once React has rendered it; it stays until printing is
    // over (afterprint), so "Save as PDF" and page.pdf() see it too.
    const done = () => setPrintImage(null);
    window.addEventListener('afterprint', done);
    const timer = window.setTimeout(() => window.print(), 50);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('afterprint', done);
    };
  }, [printImage]);

  const current = areas?.mode === mode ? areas : null;
  const failed = areasQuery.isError && !areasQuery.isFetching;
  const sortedAreas = useMemo(() => [...(current?.collection.features ?? [])].map((feature) => feature.properties).sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi')), [current]);
  const hoverValue = hover ? choroplethByCode.get(hover.area.code) : undefined;

  return (
    <div className="map-page" ref={pageRef}>
      <div
        ref={containerRef}
        className="map-page__map"
        data-testid="map"
        data-map-ready={ready ? 'true' : 'false'}
        data-units={mode}
        data-layers={visibleKey}
        data-choropleth={currentChoropleth ? currentChoropleth.dataset : ''}
        role="region"
        aria-label={t('map.label')}
        aria-busy={!ready}
      />

      <section className="map-panel" ref={panelRef}>
        <div aria-live="polite">
          <h1 className="map-panel__title">{mode === 'old' ? t('units.old') : t('units.current')}</h1>
          {current && (
            <p className="map-panel__meta">
              {t('map.asOf', { date: formatDate(current.date, lang) })}
              {' · '}
              <span data-testid="area-count">{t('map.areaCount', { count: current.collection.features.length })}</span>
            </p>
          )}
          {current && current.collection.features.length === 0 && <p className="map-panel__meta">{t('map.noAreas')}</p>}
        </div>
        <ul className="map-legend">
          {mode === 'old' ? (
            <li>
              <span className="map-legend__swatch map-legend__swatch--approximate" aria-hidden="true" />
              {t('map.legendApproximate')}
            </li>
          ) : (
            <li>
              <span className="map-legend__swatch" aria-hidden="true" />
              {t('map.legendOfficial')}
            </li>
          )}
        </ul>
        {mode === 'old' && (
          <div className="approximate-note" role="note" data-testid="approximate-note">
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" className="approximate-note__icon">
              <path d="M8 1.5 15 14H1z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
              <path d="M8 6v3.6M8 11.2v.9" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
            </svg>
            <div>
              <strong>{t('map.approximateTitle')}</strong>
              <span>{t('map.approximateText')}</span>
            </div>
          </div>
        )}

        <SearchBox
          areas={sortedAreas}
          datasets={datasets}
          searchIn={visibleLayers.map((layer) => layer.id)}
          onArea={(area) => setAreaFilter(area.code)}
          onRecord={showRecord}
          onPlace={showPlace}
        />

        <div className="map-basemap-row">
          <label className="ws-field">
            <span>{t('map.basemap.label')}</span>
            <select value={styleUrl ? baseMapChoice : 'offline'} data-testid="basemap-choice" onChange={(event) => setBaseMapChoice(event.target.value === 'online' ? 'online' : 'offline')}>
              <option value="offline">{t('map.basemap.offline')}</option>
              {styleUrl && <option value="online">{t('map.basemap.online')}</option>}
            </select>
          </label>
          <button type="button" className="button button--small" data-testid="map-print" disabled={!ready} onClick={() => void print()}>
            {t('map.print.button')}
          </button>
        </div>

        <div className="ws-tabs" role="tablist" aria-label={t('map.ws.label')}>
          {(['layers', 'theme', 'tools'] as const).map((id) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} className={`ws-tab${tab === id ? ' is-active' : ''}`} data-testid={`ws-tab-${id}`} onClick={() => setTab(id)}>
              {t(`map.ws.tabs.${id}`)}
            </button>
          ))}
        </div>

        <div className="ws-body">
          <div hidden={tab !== 'layers'} role="tabpanel">
            <label className="ws-field">
              <span>{t('map.ws.areaFilter')}</span>
              <select value={areaFilter ?? ''} data-testid="area-filter" onChange={(event) => setAreaFilter(event.target.value || null)}>
                <option value="">{t('map.ws.allAreas')}</option>
                {sortedAreas.map((area) => (
                  <option key={area.code} value={area.code}>
                    {lang === 'en' && area.nameEn ? area.nameEn : area.nameVi}
                  </option>
                ))}
              </select>
            </label>
            {areaFilter && visibleLayers.length > 0 && (
              <ul className="count-list" data-testid="area-filter-counts">
                {visibleLayers.map((layer) => (
                  <li key={layer.id}>
                    <span>{datasetTitle(datasetById.get(layer.id)!, lang)}</span>
                    <span className="count-list__value">{areaCounts[layer.id] === undefined ? '…' : formatNumber(areaCounts[layer.id]!, lang, 0)}</span>
                  </li>
                ))}
              </ul>
            )}
            {areaFilter && countsError && (
              <p className="ws-error" role="alert" data-testid="area-filter-counts-error">
                {errorMessage(t, countsError)}
              </p>
            )}
            <LayerPanel datasets={datasets} layers={visibleLayers} colorOf={colorOf} onChange={setLayers} onTable={setTableFor} />
          </div>
          <div hidden={tab !== 'theme'} role="tabpanel">
            <ThematicPanel
              datasets={datasets}
              measurable={measurable}
              theme={workspace.theme}
              onChange={setTheme}
              result={currentChoropleth}
              loading={!!workspace.theme && !currentChoropleth && !choroplethError}
              error={choroplethError}
            />
          </div>
          <div hidden={tab !== 'tools'} role="tabpanel">
            <ToolsPanel map={drawn ? (controller?.map ?? null) : null} datasets={datasets} onTools={onTools} canSaveZones={user?.role === 'admin' || user?.role === 'operator'} />
          </div>
        </div>
      </section>

      <MapLegend layers={visibleLayers} datasetById={datasetById} colorOf={colorOf} choropleth={currentChoropleth} baseMap={styleUrl ? baseMapChoice : 'offline'} approximate={mode === 'old'} />

      {tableFor && datasetById.get(tableFor) && (
        <AttributeTable key={tableFor} dataset={datasetById.get(tableFor)!} onClose={() => setTableFor(null)} onZoom={zoomToRecord} />
      )}

      <div className="map-print" aria-hidden={!printImage}>
        <h1 className="map-print__title">{t('map.print.title', { units: mode === 'old' ? t('units.old') : t('units.current') })}</h1>
        <p className="map-print__date">{t('map.print.date', { date: formatDate(todayInHcmc(), lang) })}</p>
        {printImage && <img className="map-print__image" src={printImage} alt={t('map.label')} data-testid="map-print-image" />}
        <p className="map-print__attribution">{t('map.print.attribution')}</p>
      </div>

      {timeRange && (
        <div ref={sliderRef} className="map-time">
          <TimeSlider range={timeRange} day={day} onDay={setDay} />
        </div>
      )}

      {hover && currentChoropleth && (
        <div className="map-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="choropleth-tooltip" role="tooltip">
          <strong>{lang === 'en' && hover.area.nameEn ? hover.area.nameEn : hover.area.nameVi}</strong>
          <span>
            {hoverValue?.value === null || hoverValue === undefined ? t('map.theme.noData') : `${formatNumber(hoverValue.value, lang, measureDigits(currentChoropleth.measure))} ${choroplethUnit(t, currentChoropleth, lang)}`}
          </span>
          {hoverValue && currentChoropleth.measure !== 'count' && <span>{t('map.theme.recordCount', { count: hoverValue.count })}</span>}
        </div>
      )}

      {!ready && !failed && (
        <div className="map-status" role="status">
          <span className="spinner spinner--small" aria-hidden="true" />
          {t('map.loadingAreas')}
        </div>
      )}
      {failed && (
        <div className="map-status map-status--error" role="alert">
          {t('map.loadError')}
          <button type="button" className="button button--small" onClick={() => void areasQuery.refetch()}>
            {t('map.retry')}
          </button>
        </div>
      )}
      {ready && layersError && (
        <div className="map-status map-status--error" role="alert" data-testid="map-layers-error">{errorMessage(t, layersError)}</div>
      )}
      {baseMapOffline && ready && <div className="map-basemap-note">{t('map.baseMapOffline')}</div>}

      {controller && selected && createPortal(<AreaDetails area={selected} />, controller.popupContent)}
      {recordTarget && createPortal(<RecordDetails target={recordTarget} />, recordPopupContent)}
    </div>
  );
}
