// Opening an incident by hand: title, type (its SOP), severity, the place (a click on the map
// or a ward), a description, the unit and the people who work it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ALERT_SEVERITIES, type AlertSeverity } from '../../../../shared/contracts/alerts.ts';
import { pageLink } from '../../../../shared/routes.ts';
import { errorMessage } from '../../app/errors.ts';
import { useServedWards, wardName } from '../../app/wards.ts';
import { createIncidentByHand, listPeople, listSops, listUnits, liveKeys } from './live-api.ts';
import { LiveMap } from './live-map.ts';

export function NewIncidentDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [type, setType] = useState('');
  const [severity, setSeverity] = useState<AlertSeverity>('Moderate');
  const [area, setArea] = useState('');
  const [description, setDescription] = useState('');
  const [unit, setUnit] = useState('');
  const [people, setPeople] = useState<string[]>([]);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const sops = useQuery({ queryKey: liveKeys.sops, queryFn: ({ signal }) => listSops(signal) });
  const units = useQuery({ queryKey: liveKeys.units, queryFn: ({ signal }) => listUnits(signal) });
  const staff = useQuery({ queryKey: liveKeys.people, queryFn: ({ signal }) => listPeople(signal) });
  const wards = useServedWards().wards ?? [];
  const mapEl = useRef<HTMLDivElement>(null);
  const map = useRef<LiveMap | null>(null);

  useEffect(() => {
    if (!mapEl.current) return;
    const m = new LiveMap(mapEl.current, [106.715, 10.74], 13);
    m.onClick((lon, lat) => setPoint([lon, lat]));
    // Nothing to wait for: the operator picks the place.
    m.markDataComplete();
    map.current = m;
    return () => m.remove();
  }, []);
  useEffect(() => {
    map.current?.update([], point ? [{ id: 'new', lon: point[0], lat: point[1], state: 'alarm', label: '' }] : []);
  }, [point]);

  const create = useMutation({
    mutationFn: () => createIncidentByHand({
      type, title: title.trim(), severity, ...(description.trim() ? { description: description.trim() } : {}),
      ...(point ? { point: { type: 'Point', coordinates: point } } : area ? { areaCode: area } : {}),
      ...(unit ? { assignedUnit: unit } : {}), ...(people.length ? { assignees: people } : {}),
    }),
    onSuccess: (inc) => {
      void queryClient.invalidateQueries({ queryKey: liveKeys.incidents });
      navigate(pageLink.incident(inc.id));
    },
  });
  const ready = title.trim() !== '' && type !== '' && !create.isPending && !create.isSuccess;
  const failure = create.error ?? sops.error ?? units.error ?? staff.error;

  return (
    <div className="live-dialog-backdrop" role="presentation">
      <form className="live-dialog live-dialog--wide" role="dialog" aria-modal="true" aria-labelledby="new-incident-title" data-testid="new-incident-dialog"
        onSubmit={(e) => { e.preventDefault(); if (ready) create.mutate(); }}>
        <h3 id="new-incident-title">{t('live.newIncident.title')}</h3>
        <label>{t('live.incident.title')}
          <input type="text" className="ctl" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required data-testid="new-incident-title" />
        </label>
        <div className="row">
          <label>{t('live.dialog.type')}
            <select className="ctl" value={type} onChange={(e) => setType(e.target.value)} required data-testid="new-incident-type">
              <option value="">{t('live.newIncident.chooseType')}</option>
              {sops.data?.templates.map((x) => <option key={x.incidentType} value={x.incidentType}>{en ? x.nameEn : x.nameVi}</option>)}
            </select>
          </label>
          <label>{t('live.incident.severity')}
            <select className="ctl" value={severity} onChange={(e) => setSeverity(e.target.value as AlertSeverity)} data-testid="new-incident-severity">
              {ALERT_SEVERITIES.map((s) => <option key={s} value={s}>{t(`live.severity.${s}`)}</option>)}
            </select>
          </label>
        </div>
        <div className="row">
          <label>{t('live.filters.ward')}
            <select className="ctl" value={area} onChange={(e) => setArea(e.target.value)} disabled={point !== null} data-testid="new-incident-ward">
              <option value="">{t('live.newIncident.noWard')}</option>
              {wards.map((w) => <option key={w.code} value={w.code}>{wardName(w, i18n.language)}</option>)}
            </select>
          </label>
          <label>{t('live.dialog.unit')}
            <select className="ctl" value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="new-incident-unit">
              <option value="">{t('live.dialog.noUnit')}</option>
              {units.data?.map((u) => <option key={u.code} value={u.code}>{en ? u.nameEn : u.nameVi}</option>)}
            </select>
          </label>
        </div>
        <div>
          <small className="muted">{point ? t('live.newIncident.pointSet') : t('live.newIncident.pickHint')}</small>
          {point && <button type="button" className="link-button" onClick={() => setPoint(null)}> {t('live.newIncident.clearPoint')}</button>}
          <div ref={mapEl} className="pick-map" data-testid="new-incident-map" />
        </div>
        <label>{t('live.newIncident.description')}
          <textarea className="ctl" value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={5000} data-testid="new-incident-description" />
        </label>
        <fieldset className="live-dialog-choice">
          <legend>{t('live.incident.assignees')}</legend>
          <div className="people-pick">
            {staff.data?.map((p) => {
              const on = people.includes(p.username);
              return (
                <label key={p.username} className={`toggle${on ? ' is-on' : ''}`}>
                  <input type="checkbox" checked={on} data-testid={`new-incident-person-${p.username}`}
                    onChange={(e) => setPeople((prev) => (e.target.checked ? [...prev, p.username] : prev.filter((x) => x !== p.username)))} />
                  {p.displayName}
                </label>
              );
            })}
          </div>
        </fieldset>
        {failure && <p className="error" role="alert">{errorMessage(t, failure)}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>{t('live.dialog.cancel')}</button>
          <button type="submit" className="button button--primary" disabled={!ready} data-testid="new-incident-submit">{t('live.newIncident.submit')}</button>
        </div>
      </form>
    </div>
  );
}
