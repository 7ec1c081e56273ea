// The records behind a figure, with the KPI's definition beside them: the list's total is the
// tile's count, and each row links to the record (or report, alert) it came from.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { dashboardKeys, drilldown, type KpiFilters } from './dashboards-api.ts';
import { formatValue, title } from './format.ts';
import { unitLabel } from '../../i18n/units.ts';
import { useServedWards, wardName } from '../../app/wards.ts';

export function DrillPanel({ kpiId, filters, onClose }: { kpiId: string; filters: KpiFilters; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [more, setMore] = useState(0);
  const limit = 50 * (more + 1);
  const drill = useQuery({
    queryKey: dashboardKeys.drill(kpiId, filters, limit),
    queryFn: ({ signal }) => drilldown(kpiId, filters, 0, limit, signal),
    placeholderData: keepPreviousData,
  });
  const data = drill.data ?? null;
  const error = drill.error ? errorMessage(t, drill.error) : null;

  // Wards by name, not by code (a former ward's code stays when it has no name here).
  const served = useServedWards().wards;
  const areaName = (code: string) => {
    const w = served?.find((x) => x.code === code);
    return w ? wardName(w, lang) : code;
  };
  // The owner unit by name (GET /api/units), not its code.
  const units = useQuery({ queryKey: ['units'], queryFn: ({ signal }) => api<{ units: { code: string; nameVi: string; nameEn: string }[] }>('/units', { signal }).then((r) => r.units), staleTime: 10 * 60_000 });
  const ownerName = (code: string) => {
    const u = units.data?.find((x) => x.code === code);
    return u ? (lang === 'en' ? u.nameEn : u.nameVi) : '';
  };
  const def = data?.definition;
  const c = def?.computation;
  return (
    <aside className="drill-panel" role="dialog" aria-label={t('dashboards.drill.title')} data-testid="drill-panel">
      <header className="drill-panel__head">
        <h2>{def ? title(def, lang) : t('dashboards.drill.title')}{filters.area ? ` · ${areaName(filters.area)}` : ''}</h2>
        <button type="button" onClick={onClose} data-testid="drill-close">{t('dashboards.drill.close')}</button>
      </header>
      {error && <p role="alert">{error}</p>}
      {data && def && (
        <div className="drill-panel__cols">
          <section className="drill-panel__list">
            <p className="drill-panel__total" data-testid="drill-total" data-total={data.total}>
              {t('dashboards.drill.total', { count: data.total, n: formatValue(data.total, lang) })} {unitLabel(def.unit, lang)}
              {data.value !== data.total && data.value !== null && <> · {formatValue(data.value, lang)} {unitLabel(def.unit, lang)}</>}
            </p>
            {data.listLink && <Link to={data.listLink} data-testid="drill-open-list">{t('dashboards.drill.openList')}</Link>}
            <ol start={1}>
              {data.items.map((it) => (
                <li key={it.id}><Link to={it.link} data-testid="drill-item">{it.label}</Link> <span className="drill-panel__codes">{it.areaCodes.map(areaName).join(', ')}</span></li>
              ))}
            </ol>
            {data.items.length < data.total && (
              <button type="button" onClick={() => setMore((m) => m + 1)}>{t('dashboards.drill.more')}</button>
            )}
          </section>
          <section className="drill-panel__def" data-testid="drill-definition">
            <h3>{t('dashboards.drill.definition')}</h3>
            <dl>
              <dt>ID</dt><dd>{def.id}</dd>
              <dt>{t('dashboards.drill.computation')}</dt>
              <dd><code>{c?.source === 'records' ? `${c.agg}(${c.dataset}${c.filter?.length ? ` | ${c.filter.map((f) => `${f.field} ${f.op} ${JSON.stringify(f.value)}`).join(', ')}` : ''}${c.numerator?.length ? ` ÷ ${c.numerator.map((f) => `${f.field} ${f.op} ${JSON.stringify(f.value)}`).join(', ')}` : ''}${c.dateField ? ` @ ${c.dateField}` : ''})` : `${c?.source}.${c && 'query' in c ? c.query : ''}`}</code></dd>
              <dt>{t('dashboards.target')}</dt><dd>{def.target ?? '—'} {def.thresholds ? `(${t('dashboards.status.green')} ${def.thresholds.green} · ${t('dashboards.status.amber')} ${def.thresholds.amber})` : ''}</dd>
              <dt>{t('dashboards.drill.owner')}</dt><dd>{ownerName(def.ownerUnit)}</dd>
              <dt>{t('dashboards.drill.frequency')}</dt><dd>{t(`dashboards.frequencyValue.${def.updateFrequency}`)}</dd>
              <dt>{t('dashboards.scheme')}</dt><dd>{filters.scheme === 'vn2008' ? t('dashboards.vn2008') : t('dashboards.vn2025')}</dd>
            </dl>
            {(lang === 'en' ? def.descriptionEn : def.descriptionVi) && <p>{lang === 'en' ? def.descriptionEn : def.descriptionVi}</p>}
          </section>
        </div>
      )}
    </aside>
  );
}
