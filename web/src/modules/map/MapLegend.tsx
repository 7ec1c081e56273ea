// The legend of what the map shows (as QGIS's legend or an IOC's map key): the active layers in
// drawing order with their symbols, the thematic classes, the boundaries and the base map. It
// stays on the map and is part of the printed map.
import { useTranslation } from 'react-i18next';
import type { ChoroplethResponse } from '../../../../shared/contracts/index.ts';
import { formatNumber } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { choroplethColors, choroplethUnit, measureDigits } from './choropleth.ts';
import { datasetTitle } from './LayerPanel.tsx';
import type { LayerChoice } from './layer-state.ts';
import type { DatasetSummary } from './map-api.ts';
import type { BaseMapChoice } from './base-style.ts';

interface MapLegendProps {
  layers: readonly LayerChoice[];
  datasetById: Map<string, DatasetSummary>;
  colorOf: (datasetId: string) => string;
  choropleth: ChoroplethResponse | null;
  baseMap: BaseMapChoice;
  approximate: boolean;
}

export function MapLegend({ layers, datasetById, colorOf, choropleth, baseMap, approximate }: MapLegendProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const colors = choropleth ? choroplethColors(choropleth) : null;
  const digits = choropleth ? measureDigits(choropleth.measure) : 0;
  return (
    <aside className="map-key" data-testid="map-legend" aria-label={t('map.legend.title')}>
      <h2 className="map-key__title">{t('map.legend.title')}</h2>
      <ul className="map-key__list">
        {layers.map((layer) => {
          const dataset = datasetById.get(layer.id);
          if (!dataset) return null;
          return (
            <li key={layer.id} data-testid={`legend-layer-${layer.id}`}>
              <span
                className={`layer-swatch layer-swatch--${layer.style === 'heatmap' ? 'heatmap' : dataset.geometryType}`}
                style={{ background: colorOf(layer.id), opacity: layer.opacity / 100 }}
                aria-hidden="true"
              />
              <span>
                {datasetTitle(dataset, lang)}
                {layer.style === 'heatmap' ? ` (${t('map.ws.styleHeatmap').toLowerCase()})` : ''}
              </span>
            </li>
          );
        })}
        {choropleth && colors && (
          <li className="map-key__theme" data-testid="legend-theme">
            <span className="map-key__sub">{choroplethUnit(t, choropleth, lang)}</span>
            <ul>
              {colors.legend.map((entry, index) => (
                <li key={index}>
                  <span className="choropleth-legend__swatch" style={{ background: entry.color }} aria-hidden="true" />
                  {formatNumber(entry.from, lang, digits)} – {formatNumber(entry.to, lang, digits)}
                </li>
              ))}
            </ul>
          </li>
        )}
        <li>
          <span className={`map-key__boundary${approximate ? ' map-key__boundary--approximate' : ''}`} aria-hidden="true" />
          {approximate ? t('map.legendApproximate') : t('map.legendOfficial')}
        </li>
        <li className="map-key__base">{t('map.legend.base', { name: baseMap === 'online' ? t('map.basemap.online') : `${t('map.basemap.offline')}, © OpenStreetMap contributors (ODbL)` })}</li>
      </ul>
      {layers.length === 0 && !choropleth && <p className="map-key__hint">{t('map.legend.empty')}</p>}
    </aside>
  );
}
