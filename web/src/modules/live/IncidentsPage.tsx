// The incident list: open and in-progress first, with checklist progress.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { listIncidents, liveKeys } from './live-api.ts';
import './live.css';

export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  const list = useQuery({ queryKey: liveKeys.incidents, queryFn: ({ signal }) => listIncidents(signal) });
  const items = list.data?.incidents ?? null;
  return (
    <div className="incidents-page">
      <h1>{t('live.incidents')}</h1>
      {list.error && <p className="error" role="alert">{errorMessage(t, list.error)}</p>}
      {items === null ? (list.error ? null : <p>…</p>) : items.length === 0 ? <p>{t('live.noIncidents')}</p> : (
        <table data-testid="incident-list">
          <thead><tr><th>#</th><th>{t('live.incident.title')}</th><th>{t('live.incident.type')}</th><th>{t('live.incident.severity')}</th><th>{t('live.incident.status')}</th><th>{t('live.incident.area')}</th><th>{t('live.incident.steps')}</th><th>{t('live.incident.created')}</th></tr></thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>{i.id}</td>
                <td><Link to={`/incidents/${i.id}`}>{i.title}</Link></td>
                <td>{t(`live.types.${i.type}`, { defaultValue: i.type })}</td>
                <td>{t(`live.severity.${i.severity}`)}</td>
                <td>{t(`live.incidentStatus.${i.status}`)}</td>
                <td>{i.areaName ?? i.areaCode ?? ''}</td>
                <td>{i.stepsDone}/{i.stepsTotal}</td>
                <td>{new Date(i.createdAt).toLocaleString(i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
