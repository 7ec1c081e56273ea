// One sensor: its description, latest values and state, and its time series over a chosen
// range (raw readings for short ranges, 1-minute / 1-hour aggregates for longer ones).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import { SENSOR_TYPE_INFO, type SensorType, type SeriesInterval } from '../../../../shared/contracts/sensors.ts';
import { sensorKeys, sensorsApi } from './sensors-api.ts';
import { SensorChart } from './SensorChart.tsx';
import { formatValue, STATE_CLASS, timeFormat } from './format.ts';
import './sensors.css';

const RANGES: { key: string; hours: number; interval: SeriesInterval }[] = [
  { key: '6h', hours: 6, interval: 'raw' },
  { key: '24h', hours: 24, interval: 'raw' },
  { key: '3d', hours: 72, interval: '1m' },
  { key: '7d', hours: 168, interval: '1h' },
];
const REFRESH_MS = 10_000;

export function SensorDetailPage() {
  const { sensorId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const locale = localeOf(currentLanguage(i18n.language));
  const [range, setRange] = useState('24h');
  // The sensor and its series over the range, polled; the last answer stays while the next loads.
  const detail = useQuery({
    queryKey: sensorKeys.detail(sensorId, range),
    queryFn: async ({ signal }) => {
      const r = RANGES.find((x) => x.key === range) ?? RANGES[1]!;
      const s = await sensorsApi.get(sensorId, signal);
      const from = new Date(Date.now() - r.hours * 3_600_000).toISOString();
      return { sensor: s, series: await sensorsApi.series(sensorId, { from, interval: r.interval }, signal) };
    },
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  const sensor = detail.data?.sensor ?? null;
  const series = detail.data?.series ?? null;
  const error = detail.error ? errorMessage(t, detail.error) : null;

  const labels = useMemo(
    () => ({ value: t('sensors.detail.value'), min: t('sensors.detail.min'), max: t('sensors.detail.max'), warn: t('sensors.detail.warn'), alarm: t('sensors.detail.alarm') }),
    [t],
  );
  const when = timeFormat(locale);
  const unit = sensor ? (sensor.unit ?? SENSOR_TYPE_INFO[sensor.type as SensorType]?.unit ?? '') : '';

  return (
    <div className="sensors-page" data-testid="sensor-detail">
      <p><Link to="/sensors">← {t('sensors.list.title')}</Link></p>
      {error && <div className="sensors-error" role="alert">{error}</div>}
      {sensor && (
        <>
          <div className="sensors-head">
            <h1>{sensor.name} <span className="sensors-muted">({sensor.sensorId})</span></h1>
            <span className={`sensors-state sensors-state--big ${STATE_CLASS[sensor.state]}`} data-testid="sensor-state">{t(`sensors.states.${sensor.state}`)}</span>
          </div>
          <dl className="sensors-facts">
            <div><dt>{t('sensors.type')}</dt><dd>{t(`sensors.types.${sensor.type}`, { defaultValue: sensor.type })}</dd></div>
            <div><dt>{t('sensors.ward')}</dt><dd>{sensor.wardName ?? '—'} {sensor.wardCode && <span className="sensors-muted">({sensor.areaCodes.join(', ')})</span>}</dd></div>
            <div><dt>{t('sensors.latest')}</dt><dd data-testid="sensor-latest">{sensor.latest.map((l) => `${l.metric}: ${formatValue(l.value, locale)}`).join(' · ') || '—'} {unit}</dd></div>
            <div><dt>{t('sensors.lastSeen')}</dt><dd>{sensor.lastSeen ? when.format(new Date(sensor.lastSeen)) : '—'}</dd></div>
            <div><dt>{t('sensors.detail.thresholds')}</dt><dd>{[sensor.warnThreshold !== null ? `${t('sensors.detail.warn')} ${sensor.warnThreshold}` : null, sensor.alarmThreshold !== null ? `${t('sensors.detail.alarm')} ${sensor.alarmThreshold}` : null].filter(Boolean).join(' · ') || '—'}</dd></div>
            <div><dt>{t('sensors.detail.validRange')}</dt><dd>{sensor.minValid ?? '−∞'} … {sensor.maxValid ?? '∞'} {unit}</dd></div>
            {sensor.coordinates && <div><dt>{t('sensors.detail.location')}</dt><dd>{sensor.coordinates[1].toFixed(5)}, {sensor.coordinates[0].toFixed(5)}</dd></div>}
          </dl>
          <div className="sensors-ranges" role="group" aria-label={t('sensors.detail.range')}>
            {RANGES.map((r) => (
              <button key={r.key} type="button" className={range === r.key ? 'active' : ''} aria-pressed={range === r.key} onClick={() => setRange(r.key)} data-testid={`range-${r.key}`}>
                {t(`sensors.detail.ranges.${r.key}`)}
              </button>
            ))}
          </div>
          {series && (
            <>
              <p className="sensors-muted">{t('sensors.detail.points', { count: series.points.length, interval: t(`sensors.detail.intervals.${series.interval}`) })}</p>
              <SensorChart series={series} unit={unit} warn={sensor.warnThreshold} alarm={sensor.alarmThreshold} labels={labels} step={sensor.type === 'fire_alarm' || sensor.type === 'camera_status'} />
            </>
          )}
        </>
      )}
      {!sensor && !error && <p>{t('sensors.loading')}</p>}
    </div>
  );
}
