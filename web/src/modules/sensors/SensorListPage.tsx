// Sensor list: every sensor with its type, ward, latest value and state; filters by type and state.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import { SENSOR_STATES, SENSOR_TYPES, SENSOR_TYPE_INFO, type SensorType } from '../../../../shared/contracts/sensors.ts';
import { sensorKeys, sensorsApi } from './sensors-api.ts';
import { formatValue, mainValue, STATE_CLASS, timeFormat } from './format.ts';
import './sensors.css';

const REFRESH_MS = 10_000;

export function SensorListPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const locale = localeOf(lang);
  const [params, setParams] = useSearchParams();
  const type = params.get('type') ?? '';
  const state = params.get('state') ?? '';
  // Polled; a failed poll shows the error above the last list.
  const list = useQuery({
    queryKey: sensorKeys.list(type, state),
    queryFn: ({ signal }) => sensorsApi.list({ type, state }, signal),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? null;
  const error = list.error ? errorMessage(t, list.error) : null;

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const when = timeFormat(locale);
  const counts = Object.fromEntries(SENSOR_STATES.map((s) => [s, (items ?? []).filter((x) => x.state === s).length]));

  return (
    <div className="sensors-page" data-testid="sensors-list">
      <div className="sensors-head">
        <h1>{t('sensors.list.title')}</h1>
        <Link className="button button--small" to="/sensors/ingest" data-testid="link-ingest-status">{t('sensors.ingest.title')}</Link>
      </div>
      <p className="sensors-muted">{t('sensors.list.intro')}</p>
      <div className="sensors-filters">
        <label>
          {t('sensors.type')}{' '}
          <select value={type} onChange={(e) => set('type', e.target.value)} data-testid="filter-type">
            <option value="">{t('sensors.all')}</option>
            {SENSOR_TYPES.map((x) => <option key={x} value={x}>{t(`sensors.types.${x}`)}</option>)}
          </select>
        </label>
        <label>
          {t('sensors.state')}{' '}
          <select value={state} onChange={(e) => set('state', e.target.value)} data-testid="filter-state">
            <option value="">{t('sensors.all')}</option>
            {SENSOR_STATES.map((x) => <option key={x} value={x}>{t(`sensors.states.${x}`)}</option>)}
          </select>
        </label>
        {items && (
          <span className="sensors-summary">
            {SENSOR_STATES.filter((s) => counts[s]).map((s) => (
              <span key={s} className={`sensors-state ${STATE_CLASS[s]}`}>{t(`sensors.states.${s}`)}: {counts[s]}</span>
            ))}
          </span>
        )}
      </div>
      {error && <div className="sensors-error" role="alert">{error}</div>}
      {!items && !error && <p>{t('sensors.loading')}</p>}
      {items && (
        <table className="sensors-table">
          <thead>
            <tr>
              <th>{t('sensors.sensorId')}</th>
              <th>{t('sensors.name')}</th>
              <th>{t('sensors.type')}</th>
              <th>{t('sensors.ward')}</th>
              <th className="num">{t('sensors.latest')}</th>
              <th>{t('sensors.lastSeen')}</th>
              <th>{t('sensors.state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => {
              const v = mainValue(s);
              const unit = s.unit ?? SENSOR_TYPE_INFO[s.type as SensorType]?.unit ?? '';
              return (
                <tr key={s.sensorId} data-testid={`sensor-${s.sensorId}`}>
                  <td><Link to={`/sensors/${encodeURIComponent(s.sensorId)}`}>{s.sensorId}</Link></td>
                  <td>{s.name}</td>
                  <td>{t(`sensors.types.${s.type}`, { defaultValue: s.type })}</td>
                  <td>{s.wardName ?? '—'}</td>
                  <td className="num">{v ? `${formatValue(v.value, locale)} ${unit}` : '—'}</td>
                  <td>{s.lastSeen ? when.format(new Date(s.lastSeen)) : '—'}</td>
                  <td><span className={`sensors-state ${STATE_CLASS[s.state]}`}>{t(`sensors.states.${s.state}`)}</span></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
