import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { DEFAULT_OPACITY, moveLayer, type LayerChoice, type LayerStyle } from './layer-state.ts';
import type { DatasetSummary } from './map-api.ts';

export const DOMAIN_ORDER = ['urban', 'economy', 'health', 'education', 'environment', 'security', 'public-services'];

export function datasetTitle(dataset: Pick<DatasetSummary, 'titleVi' | 'titleEn'>, lang: 'vi' | 'en'): string {
  return lang === 'en' ? dataset.titleEn || dataset.titleVi : dataset.titleVi;
}

interface LayerPanelProps {
  datasets: DatasetSummary[];
  layers: LayerChoice[];
  colorOf: (datasetId: string) => string;
  onChange: (layers: LayerChoice[]) => void;
  /** Opens the attribute table of a layer. */
  onTable?: (datasetId: string) => void;
}

/** Every spatial dataset the user may read, grouped by domain: toggle, colour, count, opacity, style. */
export function LayerPanel({ datasets, layers, colorOf, onChange, onTable }: LayerPanelProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const byId = new Map(layers.map((layer) => [layer.id, layer]));
  const rank = (domain: string) => (DOMAIN_ORDER.includes(domain) ? DOMAIN_ORDER.indexOf(domain) : DOMAIN_ORDER.length);
  const domains = [...new Set(datasets.map((dataset) => dataset.domain))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

  const toggle = (id: string, on: boolean) => {
    if (on) onChange([{ id, opacity: DEFAULT_OPACITY, style: 'points' }, ...layers.filter((layer) => layer.id !== id)]);
    else onChange(layers.filter((layer) => layer.id !== id));
  };
  const patch = (id: string, change: Partial<LayerChoice>) => onChange(layers.map((layer) => (layer.id === id ? { ...layer, ...change } : layer)));

  if (datasets.length === 0) return <p className="ws-empty">{t('map.ws.noLayers')}</p>;
  return (
    <div className="layer-panel" data-testid="layer-panel">
      {domains.map((domain) => {
        const inDomain = datasets.filter((dataset) => dataset.domain === domain);
        const total = inDomain.reduce((sum, dataset) => sum + dataset.recordCount, 0);
        return (
          <details key={domain} className="layer-group" open={inDomain.some((dataset) => byId.has(dataset.id)) || domain === 'urban'}>
            <summary className="layer-group__title" data-testid={`layer-group-${domain}`}>
              <span>{t(`map.domains.${domain}`, { defaultValue: domain })}</span>
              <span className="layer-group__count">{formatNumber(total, lang, 0)}</span>
            </summary>
            <ul className="layer-list">
              {inDomain.map((dataset) => {
                const choice = byId.get(dataset.id);
                const title = datasetTitle(dataset, lang);
                return (
                  <li key={dataset.id} className={`layer-item${choice ? ' is-on' : ''}`}>
                    <label className="layer-item__toggle">
                      <input type="checkbox" checked={!!choice} data-testid={`layer-toggle-${dataset.id}`} onChange={(event) => toggle(dataset.id, event.target.checked)} />
                      <span className={`layer-swatch layer-swatch--${dataset.geometryType}`} style={{ background: colorOf(dataset.id) }} aria-hidden="true" />
                      <span className="layer-item__title">{title}</span>
                      <span className="layer-item__count" data-testid={`layer-count-${dataset.id}`}>
                        {formatNumber(dataset.recordCount, lang, 0)}
                      </span>
                    </label>
                    {choice && (
                      <div className="layer-item__options">
                        <label className="layer-item__opacity">
                          <span>{t('map.ws.opacity')}</span>
                          <input
                            type="range"
                            min={10}
                            max={100}
                            step={5}
                            value={choice.opacity}
                            aria-label={`${t('map.ws.opacity')} — ${title}`}
                            data-testid={`layer-opacity-${dataset.id}`}
                            onChange={(event) => patch(dataset.id, { opacity: Number(event.target.value) })}
                          />
                        </label>
                        {dataset.geometryType === 'point' && (
                          <select
                            value={choice.style}
                            aria-label={`${t('map.ws.style')} — ${title}`}
                            data-testid={`layer-style-${dataset.id}`}
                            onChange={(event) => patch(dataset.id, { style: event.target.value as LayerStyle })}
                          >
                            <option value="points">{t('map.ws.stylePoints')}</option>
                            <option value="heatmap">{t('map.ws.styleHeatmap')}</option>
                          </select>
                        )}
                        <div className="layer-item__actions">
                          <button type="button" className="button button--small" title={t('map.ws.moveUp')} aria-label={`${t('map.ws.moveUp')} — ${title}`} data-testid={`layer-up-${dataset.id}`} disabled={layers[0]?.id === dataset.id} onClick={() => onChange(moveLayer(layers, dataset.id, -1))}>
                            ↑
                          </button>
                          <button type="button" className="button button--small" title={t('map.ws.moveDown')} aria-label={`${t('map.ws.moveDown')} — ${title}`} data-testid={`layer-down-${dataset.id}`} disabled={layers[layers.length - 1]?.id === dataset.id} onClick={() => onChange(moveLayer(layers, dataset.id, 1))}>
                            ↓
                          </button>
                          {onTable && (
                            <button type="button" className="button button--small" data-testid={`layer-table-${dataset.id}`} onClick={() => onTable(dataset.id)}>
                              {t('map.table.open')}
                            </button>
                          )}
                        </div>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          </details>
        );
      })}
    </div>
  );
}
