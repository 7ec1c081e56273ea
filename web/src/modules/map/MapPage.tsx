import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Area, AreaFeatureCollection } from '../../../../shared/contracts/index.ts';
import { isAbortError } from '../../app/api.ts';
import { useClientConfig } from '../../app/client-config.tsx';
import { formatDate, todayInHcmc } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { AreaDetails } from './AreaDetails.tsx';
import { AreaMap } from './area-map.ts';
import { fetchAreas } from './areas-api.ts';
import { resolveBaseStyle } from './base-style.ts';
import { FORMER_DISTRICT7_WARD_CODES, OLD_UNITS_DATE, useUnitsMode, type UnitsMode } from './units.ts';
import './map.css';

interface LoadedAreas {
  mode: UnitsMode;
  date: string;
  collection: AreaFeatureCollection;
}

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

/** Home page: full-screen map of the administrative units (2025 units or the former wards). */
export function MapPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const config = useClientConfig();
  const [mode] = useUnitsMode();

  const pageRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<AreaMap | null>(null);
  const [baseMapOffline, setBaseMapOffline] = useState(false);
  const [areas, setAreas] = useState<LoadedAreas | null>(null);
  const [drawn, setDrawn] = useState<LoadedAreas | null>(null);
  const [loadError, setLoadError] = useState<UnitsMode | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [selected, setSelected] = useState<Area | null>(null);

  // Latest language for the map constructor, without re-creating the map on language changes.
  const languageRef = useRef({ lang, t });
  useEffect(() => {
    languageRef.current = { lang, t };
  }, [lang, t]);

  const configLoaded = config !== null;
  const styleUrl = config?.baseMapStyleUrl ?? null;

  // Create the map once the client configuration (base map URL) is known.
  useEffect(() => {
    const container = containerRef.current;
    if (!configLoaded || !container) return;
    const abort = new AbortController();
    let created: AreaMap | null = null;
    resolveBaseStyle(styleUrl, abort.signal)
      .then(({ style, fromConfig }) => {
        if (abort.signal.aborted) return;
        setBaseMapOffline(styleUrl !== null && !fromConfig);
        const { lang: language, t: translate } = languageRef.current;
        created = new AreaMap({
          container,
          fullscreenContainer: pageRef.current ?? undefined,
          style,
          locale: mapLocale(translate),
          labelLanguage: language,
          onSelect: setSelected,
          onBaseStyleFallback: () => setBaseMapOffline(true),
        });
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
  }, [configLoaded, styleUrl]);

  // Fetch the areas of the selected units set.
  useEffect(() => {
    const abort = new AbortController();
    const date = mode === 'old' ? OLD_UNITS_DATE : todayInHcmc();
    fetchAreas(date, 'ward', abort.signal)
      .then((collection) => {
        setLoadError(null);
        setAreas({ mode, date, collection });
      })
      .catch((error: unknown) => {
        if (isAbortError(error) || abort.signal.aborted) return;
        console.error('could not load areas', error);
        setLoadError(mode);
      });
    return () => abort.abort();
  }, [mode, reloadKey]);

  // Draw them.
  useEffect(() => {
    if (!controller || !areas) return;
    let active = true;
    controller
      .showAreas(areas.collection, {
        focusCodes: areas.mode === 'current' ? FORMER_DISTRICT7_WARD_CODES : undefined,
        topLeftOverlay: overlaySize(panelRef.current, containerRef.current),
      })
      .then((done) => {
        if (done && active) setDrawn(areas);
      })
      .catch((error: unknown) => console.error('could not draw areas', error));
    return () => {
      active = false;
    };
  }, [controller, areas]);

  // Follow the UI language (labels and control tooltips).
  useEffect(() => {
    controller?.setLanguage(lang, mapLocale(t));
  }, [controller, lang, t]);

  // The popup's size depends on its content.
  useEffect(() => {
    controller?.refreshPopup();
  }, [controller, selected, lang]);

  const current = areas?.mode === mode ? areas : null;
  const ready = controller !== null && current !== null && drawn === current;
  const failed = loadError === mode;

  return (
    <div className="map-page" ref={pageRef}>
      <div
        ref={containerRef}
        className="map-page__map"
        data-testid="map"
        data-map-ready={ready ? 'true' : 'false'}
        data-units={mode}
        role="region"
        aria-label={t('map.label')}
        aria-busy={!ready}
      />

      <section className="map-panel" ref={panelRef} aria-live="polite">
        <h1 className="map-panel__title">{mode === 'old' ? t('units.old') : t('units.current')}</h1>
        {current && (
          <p className="map-panel__meta">
            {t('map.asOf', { date: formatDate(current.date, lang) })}
            {' · '}
            <span data-testid="area-count">{t('map.areaCount', { count: current.collection.features.length })}</span>
          </p>
        )}
        {current && current.collection.features.length === 0 && <p className="map-panel__meta">{t('map.noAreas')}</p>}
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
      </section>

      {!ready && !failed && (
        <div className="map-status" role="status">
          <span className="spinner spinner--small" aria-hidden="true" />
          {t('map.loadingAreas')}
        </div>
      )}
      {failed && (
        <div className="map-status map-status--error" role="alert">
          {t('map.loadError')}
          <button type="button" className="button button--small" onClick={() => setReloadKey((key) => key + 1)}>
            {t('map.retry')}
          </button>
        </div>
      )}
      {baseMapOffline && ready && <div className="map-basemap-note">{t('map.baseMapOffline')}</div>}

      {controller && selected && createPortal(<AreaDetails area={selected} />, controller.popupContent)}
    </div>
  );
}
