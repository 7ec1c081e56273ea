// One incident: its SOP checklist (ticked with who and when), status, timeline and a small map.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { pageLink } from '../../../../shared/routes.ts';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail } from '../../../../shared/contracts/alerts.ts';
import { errorMessage } from '../../app/errors.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import {
  addNote, assignIncident, attachmentUrl, closeIncident, deleteAttachment, getIncident, linkAlert, listAlerts, listPeople, listUnits, liveKeys,
  reopenIncident, tickStep, unlinkAlert, uploadAttachment,
} from './live-api.ts';
import { LiveMap } from './live-map.ts';
import { SlaTimer } from './sla.tsx';
import { useServedWards, wardName } from '../../app/wards.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
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
  const [dialog, setDialog] = useState<'close' | 'reopen' | 'assign' | null>(null);
  const [note, setNote] = useState('');
  const [linkId, setLinkId] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const served = useServedWards().wards;
  const people = useQuery({ queryKey: liveKeys.people, queryFn: ({ signal }) => listPeople(signal) });
  const openAlertsQuery = useQuery({ queryKey: liveKeys.alerts('open,acknowledged'), queryFn: ({ signal }) => listAlerts('open,acknowledged', signal), enabled: canWork });

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
  const units = useQuery({ queryKey: liveKeys.units, queryFn: ({ signal }) => listUnits(signal), enabled: !!inc?.assignedUnit || dialog === 'assign' });
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
    m.markDataComplete();
    return () => m.remove();
  }, [lon, lat]);

  if (error) return <div className="incident-page"><p className="error">{error}</p></div>;
  if (!inc) return <div className="incident-page"><p>…</p></div>;

  const act = (run: () => Promise<IncidentDetail>) => action.mutate(run);
  const openAlerts = inc.alerts.filter((a) => a.status !== 'resolved');
  const personName = (u: string) => people.data?.find((p) => p.username === u)?.displayName ?? u;
  const linkable = (openAlertsQuery.data?.alerts ?? []).filter((a) => a.incidentId === null);
  const closed = inc.status === 'closed';
  const size = (bytes: number) => (bytes < 1024 ? `${formatNumber(bytes, currentLanguage(), 0)} B` : bytes < 1024 * 1024
    ? `${formatNumber(bytes / 1024, currentLanguage(), 1)} KB` : `${formatNumber(bytes / 1024 / 1024, currentLanguage(), 1)} MB`);

  return (
    <div className="incident-page" data-testid="incident-page">
      <p><Link to={pageLink.incidents()}>← {t('live.incidents')}</Link></p>
      <h1>#{inc.id} {inc.title}</h1>
      <p className="incident-meta">
        <span>{t(`live.types.${inc.type}`, { defaultValue: inc.type })}</span> · <span>{t(`live.severity.${inc.severity}`)}</span> ·{' '}
        <span data-testid="incident-status">{t(`live.incidentStatus.${inc.status}`)}</span>
        {(inc.areaName || inc.areaCode) && <> · {(() => { const w = served?.find((x) => x.code === inc.areaCode); return w ? wardName(w, i18n.language) : inc.areaName; })()}</>}{assigned && <> · <span data-testid="incident-unit-name">{en ? assigned.nameEn : assigned.nameVi}</span></>}
        {inc.alertId && <> · {t('live.incident.fromAlert', { id: inc.alertId })}</>}
        {' · '}<SlaTimer incident={inc} />
      </p>
      {inc.description && <p className="incident-description">{inc.description}</p>}
      <p className="incident-people" data-testid="incident-assignees">
        <b>{t('live.incident.assignees')}:</b>{' '}
        {inc.assignees.length ? inc.assignees.map((u) => <span key={u} className="chip">{personName(u)}</span>) : <span className="muted">{t('live.incident.nobody')}</span>}
        {canWork && !closed && <button type="button" className="button button--small" data-testid="incident-assign" onClick={() => setDialog('assign')}>{t('live.incident.assign')}</button>}
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
                {s.done && <small data-testid={`step-${s.position}-by`}>{s.doneBy} · {formatDateTime(s.doneAt!, i18n.language)}</small>}
              </li>
            ))}
          </ol>
          {inc.status === 'closed' && (
            <div className="incident-resolution" data-testid="incident-resolution">
              <h3>{t('live.incident.resolution')}</h3>
              <p>{inc.resolution}</p>
              {inc.closedAt && <small>{inc.closedBy} · {formatDateTime(inc.closedAt, i18n.language)}</small>}
            </div>
          )}
          {canWork && (
            <div className="incident-actions">
              {inc.status !== 'closed'
                ? <button type="button" className="button button--primary" data-testid="incident-close" onClick={() => setDialog('close')}>{t('live.incident.close')}</button>
                : <button type="button" className="button" data-testid="incident-reopen" onClick={() => setDialog('reopen')}>{t('live.incident.reopen')}</button>}
            </div>
          )}
          <div className="incident-section">
            <h2>{t('live.incident.alerts')}</h2>
            {inc.alerts.length === 0 && <p className="muted">{t('live.incident.noAlerts')}</p>}
            <ul className="incident-alerts" data-testid="incident-alerts">
              {inc.alerts.map((a) => (
                <li key={a.id}>
                  <Link to={pageLink.alert(a.id)}>{en ? a.titleEn : a.titleVi}</Link> · {t(`live.severity.${a.severity}`)} · <span data-testid={`incident-alert-${a.id}-status`}>{t(`live.status.${a.status}`)}</span>
                  {canWork && !closed && <> · <button type="button" className="link-button" data-testid={`incident-alert-${a.id}-unlink`} onClick={() => act(() => unlinkAlert(inc.id, a.id))}>{t('live.incident.unlink')}</button></>}
                </li>
              ))}
            </ul>
            {canWork && !closed && linkable.length > 0 && (
              <form className="link-form" onSubmit={(e) => { e.preventDefault(); if (linkId) act(() => linkAlert(inc.id, Number(linkId)).finally(() => setLinkId(''))); }}>
                <select className="ctl" value={linkId} onChange={(e) => setLinkId(e.target.value)} data-testid="incident-link-select" aria-label={t('live.incident.linkAlert')}>
                  <option value="">{t('live.incident.chooseAlert')}</option>
                  {linkable.map((a) => <option key={a.id} value={a.id}>#{a.id} {en ? a.titleEn : a.titleVi}</option>)}
                </select>
                <button type="submit" className="button button--small" disabled={!linkId} data-testid="incident-link-submit">{t('live.incident.linkAlert')}</button>
              </form>
            )}
          </div>
          <div className="incident-section">
            <h2>{t('live.incident.attachments')}</h2>
            {inc.attachments.length === 0 && <p className="muted">{t('live.incident.noAttachments')}</p>}
            <ul className="attachments" data-testid="incident-attachments">
              {inc.attachments.map((f) => (
                <li key={f.id}>
                  <a href={attachmentUrl(inc.id, f.id)} download={f.filename}>{f.filename}</a>
                  <small>{size(f.sizeBytes)} · {personName(f.createdBy)} · {formatDateTime(f.createdAt, i18n.language)}</small>
                  {canWork && <button type="button" className="link-button" onClick={() => act(() => deleteAttachment(inc.id, f.id))}>{t('live.incident.removeFile')}</button>}
                </li>
              ))}
            </ul>
            {canWork && (
              <div className="attach-form file-pick">
                <input ref={fileInput} type="file" data-testid="incident-file" accept=".jpg,.jpeg,.png,.webp,.pdf,.txt,.csv,.docx,.xlsx"
                  onChange={(e) => { const f = e.target.files?.[0]; if (f) act(() => uploadAttachment(inc.id, f).finally(() => { if (fileInput.current) fileInput.current.value = ''; })); }} />
                <button type="button" className="button button--small" onClick={() => fileInput.current?.click()} data-testid="incident-attach">{t('live.incident.attach')}</button>
                <small className="muted">{t('live.incident.attachHint')}</small>
              </div>
            )}
          </div>
        </section>
        <section>
          {point && <div ref={mapEl} className="incident-map" />}
          <h2>{t('live.incident.timeline')}</h2>
          {canWork && (
            <form className="note-form" onSubmit={(e) => { e.preventDefault(); const text = note.trim(); if (text) action.mutate(() => addNote(inc.id, text), { onSuccess: () => setNote('') }); }}>
              <textarea className="ctl" rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('live.incident.notePlaceholder')} maxLength={4000} data-testid="incident-note" aria-label={t('live.incident.addNote')} />
              <button type="submit" className="button button--small" disabled={!note.trim() || action.isPending} data-testid="incident-note-submit">{t('live.incident.addNote')}</button>
            </form>
          )}
          <ul className="timeline" data-testid="incident-timeline">
            {inc.timeline.map((e) => (
              <li key={e.id}>
                <time>{formatDateTime(e.at, i18n.language)}</time> <b>{personName(e.actor)}</b> {t(`live.actions.${e.action.replace(':', '_')}`, { defaultValue: '' })}
                {typeof e.details.filename === 'string' && <> <i>{e.details.filename}</i></>}
                {typeof e.details.alertId === 'number' && <> #{e.details.alertId}</>}
                {e.comment && <q>{e.comment}</q>}
              </li>
            ))}
          </ul>
        </section>
      </div>
      {dialog === 'assign' && (
        <AssignDialog
          unit={inc.assignedUnit ?? ''} assignees={inc.assignees} units={units.data ?? []} people={people.data ?? []}
          onClose={() => setDialog(null)}
          onSubmit={(f) => action.mutateAsync(() => assignIncident(inc.id, f)).then(() => setDialog(null))}
        />
      )}
      {(dialog === 'close' || dialog === 'reopen') && (
        <StatusDialog
          kind={dialog}
          openSteps={inc.steps.filter((x) => !x.done).length}
          totalSteps={inc.steps.length}
          openAlerts={openAlerts.length}
          onClose={() => setDialog(null)}
          onSubmit={(f) => action.mutateAsync(() => (dialog === 'close' ? closeIncident(inc.id, f) : reopenIncident(inc.id, f.comment))).then(() => setDialog(null))}
        />
      )}
    </div>
  );
}

/** Who works the incident: its unit and named people. */
function AssignDialog({ unit, assignees, units, people, onClose, onSubmit }: {
  unit: string; assignees: string[]; units: { code: string; nameVi: string; nameEn: string }[];
  people: { username: string; displayName: string }[];
  onClose: () => void; onSubmit: (f: { assignedUnit: string | null; assignees: string[] }) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [u, setU] = useState(unit);
  const [chosen, setChosen] = useState<string[]>(assignees);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <div className="live-dialog-backdrop" role="presentation">
      <form className="live-dialog live-dialog--wide" role="dialog" aria-modal="true" data-testid="assign-dialog" onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        onSubmit({ assignedUnit: u || null, assignees: chosen }).catch((err: unknown) => { setFailure(err); setBusy(false); });
      }}>
        <h3>{t('live.incident.assign')}</h3>
        <label>{t('live.dialog.unit')}
          <select className="ctl" value={u} onChange={(e) => setU(e.target.value)} data-testid="assign-unit">
            <option value="">{t('live.dialog.noUnit')}</option>
            {units.map((x) => <option key={x.code} value={x.code}>{i18n.language === 'en' ? x.nameEn : x.nameVi}</option>)}
          </select>
        </label>
        <fieldset className="live-dialog-choice">
          <legend>{t('live.incident.assignees')}</legend>
          <div className="people-pick">
            {people.map((p) => {
              const on = chosen.includes(p.username);
              return (
                <label key={p.username} className={`toggle${on ? ' is-on' : ''}`}>
                  <input type="checkbox" checked={on} data-testid={`assign-person-${p.username}`}
                    onChange={(e) => setChosen((prev) => (e.target.checked ? [...prev, p.username] : prev.filter((x) => x !== p.username)))} />
                  {p.displayName}
                </label>
              );
            })}
          </div>
        </fieldset>
        {failure !== null && <p className="error" role="alert">{errorMessage(t, failure)}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>{t('live.dialog.cancel')}</button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="assign-submit">{t('live.dialog.confirm')}</button>
        </div>
      </form>
    </div>
  );
}

type CloseForm = { resolution: string; comment: string; alerts?: 'resolve' | 'keep' };

/** Closing asks how it was resolved, why steps were left and what becomes of its alerts; reopening asks why. */
function StatusDialog({ kind, openSteps, totalSteps, openAlerts, onClose, onSubmit }: {
  kind: 'close' | 'reopen'; openSteps: number; totalSteps: number; openAlerts: number;
  onClose: () => void; onSubmit: (f: CloseForm) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [resolution, setResolution] = useState('');
  const [comment, setComment] = useState('');
  const [alerts, setAlerts] = useState<'resolve' | 'keep'>('resolve');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const needReason = kind === 'reopen' || openSteps > 0;
  const ready = (kind === 'reopen' || resolution.trim() !== '') && (!needReason || comment.trim() !== '');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    onSubmit({ resolution, comment, ...(kind === 'close' && openAlerts ? { alerts } : {}) }).catch((err: unknown) => { setFailure(err); setBusy(false); });
  };
  return (
    <div className="live-dialog-backdrop" role="presentation">
      <form className="live-dialog" role="dialog" aria-modal="true" data-testid="incident-dialog" onSubmit={submit}>
        <h3>{t(kind === 'close' ? 'live.closeDialog.title' : 'live.closeDialog.reopenTitle')}</h3>
        {kind === 'close' && (
          <>
            {openSteps > 0 && <p className="live-dialog-warning" data-testid="incident-dialog-warning">{t('live.closeDialog.stepsLeft', { open: openSteps, total: totalSteps })}</p>}
            <label>{t('live.closeDialog.resolution')}
              <textarea className="ctl" value={resolution} onChange={(e) => setResolution(e.target.value)} rows={3} required data-testid="incident-resolution-input" />
            </label>
          </>
        )}
        {needReason && (
          <label>{t(kind === 'close' ? 'live.closeDialog.reason' : 'live.closeDialog.reopenReason')}
            <textarea className="ctl" value={comment} onChange={(e) => setComment(e.target.value)} rows={2} required data-testid="incident-reason-input" />
          </label>
        )}
        {kind === 'close' && openAlerts > 0 && (
          <fieldset className="live-dialog-choice">
            <legend>{t('live.closeDialog.alerts', { count: openAlerts })}</legend>
            <label className="inline"><input type="radio" name="alerts" checked={alerts === 'resolve'} onChange={() => setAlerts('resolve')} data-testid="incident-alerts-resolve" /> {t('live.closeDialog.resolveAlerts')}</label>
            <label className="inline"><input type="radio" name="alerts" checked={alerts === 'keep'} onChange={() => setAlerts('keep')} data-testid="incident-alerts-keep" /> {t('live.closeDialog.keepAlerts')}</label>
          </fieldset>
        )}
        {failure !== null && <p className="error" role="alert">{errorMessage(t, failure)}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>{t('live.dialog.cancel')}</button>
          <button type="submit" className="button button--primary" disabled={busy || !ready} data-testid="incident-dialog-submit">
            {t(kind === 'close' ? 'live.incident.close' : 'live.incident.reopen')}
          </button>
        </div>
      </form>
    </div>
  );
}
