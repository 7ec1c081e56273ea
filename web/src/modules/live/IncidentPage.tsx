// One incident: its SOP checklist (ticked with who and when), status, timeline and a small map.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail } from '../../../../shared/contracts/alerts.ts';
import { errorMessage } from '../../app/errors.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { getIncident, listUnits, liveKeys, setIncidentStatus, tickStep } from './live-api.ts';
import { LiveMap } from './live-map.ts';
import './live.css';

export function IncidentPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const en = i18n.language === 'en';
  const queryClient = useQueryClient();
  const incidentId = Number(id);
  const mapEl = useRef<HTMLDivElement>(null);
  const canWork = user?.role !== 'leader';

  const incident = useQuery({ queryKey: liveKeys.incident(incidentId), queryFn: ({ signal }) => getIncident(incidentId, signal) });
  const action = useMutation({
    mutationFn: (run: () => Promise<IncidentDetail>) => run(),
    onSuccess: (next) => {
      queryClient.setQueryData(liveKeys.incident(incidentId), next);
      void queryClient.invalidateQueries({ queryKey: liveKeys.incidents });
    },
  });
  const inc = incident.data ?? null;
  // The assigned unit is shown by its name (GET /api/units), not its code.
  const units = useQuery({ queryKey: liveKeys.units, queryFn: ({ signal }) => listUnits(signal), enabled: !!inc?.assignedUnit });
  const assigned = inc?.assignedUnit ? units.data?.find((u) => u.code === inc.assignedUnit) : undefined;
  const failure = incident.error ?? action.error;
  const error = failure ? errorMessage(t, failure) : null;

  const point = inc?.point?.coordinates;
  // The map is made again only when the place changes, not on every refresh of the incident.
  const lon = point?.[0];
  const lat = point?.[1];
  useEffect(() => {
    if (!mapEl.current || lon === undefined || lat === undefined) return;
    const m = new LiveMap(mapEl.current, [lon, lat], 15);
    m.update([], [{ id: 'incident', lon, lat, state: 'alarm', label: '' }]);
    return () => m.remove();
  }, [lon, lat]);

  if (error) return <div className="incident-page"><p className="error">{error}</p></div>;
  if (!inc) return <div className="incident-page"><p>…</p></div>;

  const act = (run: () => Promise<IncidentDetail>) => action.mutate(run);

  return (
    <div className="incident-page" data-testid="incident-page">
      <p><Link to="/incidents">← {t('live.incidents')}</Link></p>
      <h1>#{inc.id} {inc.title}</h1>
      <p className="incident-meta">
        <span>{t(`live.types.${inc.type}`, { defaultValue: inc.type })}</span> · <span>{t(`live.severity.${inc.severity}`)}</span> ·{' '}
        <span data-testid="incident-status">{t(`live.incidentStatus.${inc.status}`)}</span>
        {inc.areaName && <> · {inc.areaName}</>}{assigned && <> · <span data-testid="incident-unit-name">{en ? assigned.nameEn : assigned.nameVi}</span></>}
        {inc.alertId && <> · {t('live.incident.fromAlert', { id: inc.alertId })}</>}
      </p>
      <div className="incident-grid">
        <section>
          <h2>{t('live.incident.checklist')} ({inc.stepsDone}/{inc.stepsTotal})</h2>
          <ol className="checklist" data-testid="checklist">
            {inc.steps.map((s) => (
              <li key={s.id} className={s.done ? 'done' : ''}>
                <label>
                  <input type="checkbox" checked={s.done} disabled={!canWork || inc.status === 'closed'} data-testid={`step-${s.position}`}
                    onChange={(e) => { const done = e.target.checked; act(() => tickStep(inc.id, s.id, done)); }} />
                  {en ? s.textEn : s.textVi}
                </label>
                {s.done && <small data-testid={`step-${s.position}-by`}>{s.doneBy} · {new Date(s.doneAt!).toLocaleString(i18n.language)}</small>}
              </li>
            ))}
          </ol>
          {canWork && inc.status !== 'closed' && (
            <button type="button" data-testid="incident-close" onClick={() => act(() => setIncidentStatus(inc.id, 'closed'))}>{t('live.incident.close')}</button>
          )}
        </section>
        <section>
          {point && <div ref={mapEl} className="incident-map" />}
          <h2>{t('live.incident.timeline')}</h2>
          <ul className="timeline" data-testid="incident-timeline">
            {inc.timeline.map((e) => (
              <li key={e.id}>
                <time>{new Date(e.at).toLocaleString(i18n.language)}</time> <b>{e.actor}</b> {t(`live.actions.${e.action.replace(':', '_')}`, { defaultValue: e.action })}
                {e.comment && <q>{e.comment}</q>}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
