// Ingest status for admins and operators: what came in over MQTT and HTTP, what was stored,
// ignored as duplicate or rejected (by reason), the broker, the bounded ingest buffer (depth,
// full, database down) and the latest dead letters.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import type { IngestCounters } from '../../../../shared/contracts/sensors.ts';
import { sensorKeys, sensorsApi } from './sensors-api.ts';
import { timeFormat } from './format.ts';
import './sensors.css';

const REFRESH_MS = 5_000;

export function IngestStatusPage() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(currentLanguage(i18n.language));
  const query = useQuery({ queryKey: sensorKeys.ingest, queryFn: ({ signal }) => sensorsApi.ingestStatus(signal), refetchInterval: REFRESH_MS });
  const status = query.data ?? null;
  const error = query.error ? errorMessage(t, query.error) : null;

  const num = new Intl.NumberFormat(locale);
  const when = timeFormat(locale);
  const rows: [string, IngestCounters][] = status
    ? [
        [t('sensors.ingest.lastMinute'), status.lastMinute],
        [t('sensors.ingest.lastHour'), status.lastHour],
        ['MQTT', status.byChannel.mqtt],
        ['HTTP', status.byChannel.http],
        [t('sensors.ingest.sinceStart'), status.total],
      ]
    : [];
  const reasons = status ? Object.entries(status.deadLetters.byReason).sort((a, b) => b[1] - a[1]) : [];

  return (
    <div className="sensors-page" data-testid="ingest-status">
      <p><Link to="/sensors">← {t('sensors.list.title')}</Link></p>
      <h1>{t('sensors.ingest.title')}</h1>
      <p className="sensors-muted">{t('sensors.ingest.intro')}</p>
      {error && <div className="sensors-error" role="alert">{error}</div>}
      {!status && !error && <p>{t('sensors.loading')}</p>}
      {status && (
        <>
          <div className="sensors-cards">
            <div className="sensors-card" data-testid="card-rate">
              <div className="sensors-card__value">{num.format(Math.round(status.lastMinute.stored / 60 * 10) / 10)}</div>
              <div className="sensors-card__label">{t('sensors.ingest.ratePerSecond')}</div>
            </div>
            <div className="sensors-card">
              <div className="sensors-card__value">{num.format(status.lastHour.stored)}</div>
              <div className="sensors-card__label">{t('sensors.ingest.storedLastHour')}</div>
            </div>
            <div className={`sensors-card ${status.lastHour.rejected ? 'sensors-card--warn' : ''}`} data-testid="card-rejected">
              <div className="sensors-card__value">{num.format(status.lastHour.rejected)}</div>
              <div className="sensors-card__label">{t('sensors.ingest.rejectedLastHour')}</div>
            </div>
            <div className="sensors-card" data-testid="card-mqtt">
              <div className="sensors-card__value">{t(`sensors.ingest.mqttModes.${status.mqtt.mode}`)}</div>
              <div className="sensors-card__label">
                {status.mqtt.port ? `${t('sensors.ingest.port')} ${status.mqtt.port} · ` : ''}
                {status.mqtt.url ? `${status.mqtt.url} · ` : ''}
                {status.mqtt.mode !== 'disabled' ? t('sensors.ingest.clients', { count: status.mqtt.clients }) : ''}
                {status.simulator.running ? ` · ${t('sensors.ingest.simulatorOn', { seconds: status.simulator.tickSeconds })}` : ''}
              </div>
            </div>
            <div className={`sensors-card sensors-card--queue-${status.queue.state}`} data-testid="card-queue" data-state={status.queue.state}>
              <div className="sensors-card__value">{num.format(status.queue.depth)} / {num.format(status.queue.max)}</div>
              <div className="sensors-card__label">
                <span className={`sensors-queue-state sensors-queue-state--${status.queue.state}`}>{t(`sensors.ingest.queue.states.${status.queue.state}`)}</span>
                {' · '}{t('sensors.ingest.queue.label')}
              </div>
            </div>
          </div>
          <h2>{t('sensors.ingest.queue.title')}</h2>
          <p className="sensors-muted">{t(`sensors.ingest.queue.explain.${status.queue.state}`)}</p>
          <dl className="sensors-queue" data-testid="ingest-queue">
            <dt>{t('sensors.ingest.queue.depth')}</dt><dd>{num.format(status.queue.depth)} / {num.format(status.queue.max)}</dd>
            <dt>{t('sensors.ingest.queue.peak')}</dt><dd>{num.format(status.queue.peakDepth)}</dd>
            <dt>{t('sensors.ingest.queue.inFlight')}</dt><dd>{num.format(status.queue.inFlight)}</dd>
            <dt>{t('sensors.ingest.queue.commits')}</dt>
            <dd data-testid="queue-commits">{num.format(status.queue.commits)} / {num.format(status.queue.maxCommits)} ({t('sensors.ingest.queue.peakCommits', { n: status.queue.peakCommits })})</dd>
            <dt>{t('sensors.ingest.queue.waiting')}</dt><dd>{num.format(status.queue.waiting)}</dd>
            <dt>{t('sensors.ingest.queue.refusedFull')}</dt><dd>{num.format(status.queue.refusedFull)}</dd>
            <dt>{t('sensors.ingest.queue.retries')}</dt><dd>{num.format(status.queue.retries)}</dd>
            <dt>{t('sensors.ingest.queue.databaseDownSince')}</dt>
            <dd data-testid="queue-db-down-since">{status.queue.databaseDownSince ? when.format(new Date(status.queue.databaseDownSince)) : '—'}</dd>
            {status.queue.lastDatabaseError && status.queue.state === 'database_down' && (
              <><dt>{t('sensors.ingest.queue.lastError')}</dt><dd><code>{status.queue.lastDatabaseError}</code></dd></>
            )}
          </dl>
          <h2>{t('sensors.ingest.counters')}</h2>
          <table className="sensors-table" data-testid="ingest-counters">
            <thead>
              <tr>
                <th />
                <th className="num">{t('sensors.ingest.received')}</th>
                <th className="num">{t('sensors.ingest.stored')}</th>
                <th className="num">{t('sensors.ingest.duplicates')}</th>
                <th className="num">{t('sensors.ingest.rejected')}</th>
                <th>{t('sensors.ingest.byReason')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, c]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td className="num">{num.format(c.received)}</td>
                  <td className="num">{num.format(c.stored)}</td>
                  <td className="num">{num.format(c.duplicates)}</td>
                  <td className="num">{num.format(c.rejected)}</td>
                  <td>{Object.entries(c.rejectedByReason).map(([r, n]) => `${t(`sensors.reasons.${r}`, { defaultValue: r })}: ${n}`).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="sensors-muted">{t('sensors.ingest.since', { when: when.format(new Date(status.since)) })}</p>
          <h2>{t('sensors.ingest.deadLetters')} <span className="sensors-muted">({num.format(status.deadLetters.total)}; {t('sensors.ingest.lastHour').toLowerCase()}: {num.format(status.deadLetters.lastHour)})</span></h2>
          {reasons.length > 0 && (
            <p className="sensors-reasons" data-testid="dead-letter-reasons">
              {reasons.map(([r, n]) => <span key={r} className="sensors-chip">{t(`sensors.reasons.${r}`, { defaultValue: r })}: {num.format(n)}</span>)}
            </p>
          )}
          <table className="sensors-table sensors-table--compact" data-testid="dead-letters">
            <thead>
              <tr>
                <th>{t('sensors.ingest.receivedAt')}</th>
                <th>{t('sensors.ingest.channel')}</th>
                <th>{t('sensors.sensorId')}</th>
                <th>{t('sensors.ingest.reason')}</th>
                <th>{t('sensors.ingest.payload')}</th>
              </tr>
            </thead>
            <tbody>
              {status.recentDeadLetters.map((d) => (
                <tr key={d.id}>
                  <td>{when.format(new Date(d.receivedAt))}</td>
                  <td>{d.channel.toUpperCase()}</td>
                  <td>{d.sensorId ?? '—'}</td>
                  <td>{t(`sensors.reasons.${d.reason}`, { defaultValue: d.reason })}</td>
                  <td><code>{d.payload}</code></td>
                </tr>
              ))}
              {!status.recentDeadLetters.length && <tr><td colSpan={5} className="sensors-muted">{t('sensors.ingest.noDeadLetters')}</td></tr>}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
