import { useTranslation } from 'react-i18next';
import type { ChoroplethMeasure, ChoroplethResponse, ClassificationMethod, MeasurableDataset } from '../../../../shared/contracts/index.ts';
import { formatNumber } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { choroplethColors, choroplethUnit, EMPTY_COLOR, measureDigits, NO_DATA_COLOR } from './choropleth.ts';
import type { ThemeChoice } from './layer-state.ts';
import { datasetTitle } from './LayerPanel.tsx';
import type { DatasetSummary } from './map-api.ts';

const MEASURES: ChoroplethMeasure[] = ['count', 'density', 'per10k', 'sum', 'avg'];
const METHODS: ClassificationMethod[] = ['quantile', 'jenks', 'equal'];

interface ThematicPanelProps {
  datasets: DatasetSummary[];
  /** Numeric fields per dataset (GET /api/spatial/measures), when known. */
  measurable: Map<string, MeasurableDataset>;
  theme: ThemeChoice | null;
  onChange: (theme: ThemeChoice | null) => void;
  result: ChoroplethResponse | null;
  loading: boolean;
  error: string | null;
}

/** Choropleth settings (dataset, measure, field, classification) and its legend. */
export function ThematicPanel({ datasets, measurable, theme, onChange, result, loading, error }: ThematicPanelProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const numericFields = theme ? (measurable.get(theme.dataset)?.numericFields ?? []) : [];
  const needsField = theme?.measure === 'sum' || theme?.measure === 'avg';
  const colors = result ? choroplethColors(result) : null;
  const digits = measureDigits(theme?.measure);

  const update = (change: Partial<ThemeChoice>) => {
    if (!theme) return;
    const next: ThemeChoice = { ...theme, ...change };
    if (next.measure !== 'sum' && next.measure !== 'avg') delete next.field;
    else if (!next.field) {
      const first = measurable.get(next.dataset)?.numericFields[0]?.name;
      if (first) next.field = first;
    }
    onChange(next);
  };

  return (
    <div className="thematic-panel" data-testid="thematic-panel">
      <label className="ws-field">
        <span>{t('map.theme.dataset')}</span>
        <select
          value={theme?.dataset ?? ''}
          data-testid="theme-dataset"
          onChange={(event) =>
            event.target.value
              ? onChange({ dataset: event.target.value, measure: theme?.measure === 'sum' || theme?.measure === 'avg' ? 'count' : (theme?.measure ?? 'count'), method: theme?.method ?? 'quantile', classes: theme?.classes ?? 5 })
              : onChange(null)
          }
        >
          <option value="">{t('map.theme.none')}</option>
          {datasets.map((dataset) => (
            <option key={dataset.id} value={dataset.id}>
              {datasetTitle(dataset, lang)}
            </option>
          ))}
        </select>
      </label>
      {theme && (
        <>
          <div className="ws-row">
            <label className="ws-field">
              <span>{t('map.theme.measure')}</span>
              <select value={theme.measure} data-testid="theme-measure" onChange={(event) => update({ measure: event.target.value as ChoroplethMeasure })}>
                {MEASURES.map((measure) => (
                  <option key={measure} value={measure} disabled={(measure === 'sum' || measure === 'avg') && numericFields.length === 0}>
                    {t(`map.theme.measures.${measure}`)}
                  </option>
                ))}
              </select>
            </label>
            {needsField && (
              <label className="ws-field">
                <span>{t('map.theme.field')}</span>
                <select value={theme.field ?? ''} data-testid="theme-field" onChange={(event) => update({ field: event.target.value })}>
                  {numericFields.map((field) => (
                    <option key={field.name} value={field.name}>
                      {field.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <div className="ws-row">
            <label className="ws-field">
              <span>{t('map.theme.method')}</span>
              <select value={theme.method} data-testid="theme-method" onChange={(event) => update({ method: event.target.value as ClassificationMethod })}>
                {METHODS.map((method) => (
                  <option key={method} value={method}>
                    {t(`map.theme.methods.${method}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="ws-field ws-field--narrow">
              <span>{t('map.theme.classes')}</span>
              <select value={theme.classes} data-testid="theme-classes" onChange={(event) => update({ classes: Number(event.target.value) })}>
                {[3, 4, 5, 6, 7].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {loading && <p className="ws-note">{t('map.theme.loading')}</p>}
          {error && (
            <p className="ws-error" role="alert">
              {error}
            </p>
          )}
          {result && colors && !loading && (
            <div className="choropleth-legend" data-testid="choropleth-legend">
              <p className="choropleth-legend__unit" data-testid="choropleth-unit">{choroplethUnit(t, result, lang)}</p>
              <p className="ws-note" data-testid="choropleth-basis">{t('map.theme.basis', { withData: result.areasWithData, total: result.areas.length })}</p>
              <ul>
                {colors.legend.map((entry, index) => (
                  <li key={index} data-testid="choropleth-class">
                    <span className="choropleth-legend__swatch" style={{ background: entry.color }} aria-hidden="true" />
                    <span>
                      {formatNumber(entry.from, lang, digits)} – {formatNumber(entry.to, lang, digits)}
                    </span>
                    <span className="choropleth-legend__areas">{t('map.theme.areaCount', { count: entry.areas })}</span>
                  </li>
                ))}
                {colors.empty > 0 && (
                  <li data-testid="choropleth-empty">
                    <span className="choropleth-legend__swatch" style={{ background: EMPTY_COLOR }} aria-hidden="true" />
                    <span>{t('map.theme.empty')}</span>
                    <span className="choropleth-legend__areas">{t('map.theme.areaCount', { count: colors.empty })}</span>
                  </li>
                )}
                {colors.noData > 0 && (
                  <li>
                    <span className="choropleth-legend__swatch" style={{ background: NO_DATA_COLOR }} aria-hidden="true" />
                    <span>{t('map.theme.noData')}</span>
                    <span className="choropleth-legend__areas">{t('map.theme.areaCount', { count: colors.noData })}</span>
                  </li>
                )}
              </ul>
              {result.measure === 'per10k' && colors.noData > 0 && <p className="ws-note">{t('map.theme.noPopulation')}</p>}
            </div>
          )}
        </>
      )}
    </div>
  );
}
