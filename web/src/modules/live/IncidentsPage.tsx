// The incident list: open and in-progress first, with checklist progress.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Incident } from '../../../../shared/contracts/alerts.ts';
import { listIncidents } from './live-api.ts';
import './live.css';

export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Incident[] | null>(null);
  useEffect(() => {
    void listIncidents().then((r) => setItems(r.incidents));
  }, []);
  return (
    <div className="incidents-page">
      <h1>{t('live.incidents')}</h1>
      {items === null ? <p>…</p> : items.length === 0 ? <p>{t('live.noIncidents')}</p> : (
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
