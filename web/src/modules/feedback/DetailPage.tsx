// One report for staff (/feedback/:id): details, photos, timeline, duplicates, the workflow
// forms (verify, reject, assign, start, resolve with answer photos, close), merge, and the
// audited contact reveal; a small map of the place, internal notes (staff only) and canned
// replies inserted into the answer.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeedbackDetail } from '../../../../shared/contracts/feedback.ts';
import { errorMessage } from '../../app/errors.ts';
import { actOnReport, addNote, changeCategory, feedbackKeys, fetchCannedReplies, fetchCategories, fetchUnits, getReport, mergeReport, resolveWithPhotos, revealContact } from './feedback-api.ts';
import { FeedbackMap } from './FeedbackMap.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { STATUS_COLORS, categoryName, formatDateTime, localName } from './format.ts';
import './feedback.css';

export function DetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const reportId = Number(id);
  const report = useQuery({ queryKey: feedbackKeys.report(reportId), queryFn: ({ signal }) => getReport(reportId, signal) });
  const d = report.data ?? null;
  const categories = useQuery({ queryKey: feedbackKeys.categories, queryFn: ({ signal }) => fetchCategories(signal) });
  const [reason, setReason] = useState('');
  const [answer, setAnswer] = useState('');
  // The units a report can be assigned to, as the API declares them (shown by name).
  // Also names the units of the timeline's assignments (never their raw codes).
  const units = useQuery({ queryKey: feedbackKeys.units, queryFn: ({ signal }) => fetchUnits(signal) });
  // The unit picked for assignment; until one is picked, the ward's own unit.
  const [pickedUnit, setUnit] = useState('');
  const unit = pickedUnit || (d?.wardUnit?.code ?? units.data?.[0]?.code ?? '');
  const [answerPhotos, setAnswerPhotos] = useState<File[]>([]);
  const [note, setNote] = useState('');
  const canned = useQuery({ queryKey: feedbackKeys.cannedReplies, queryFn: ({ signal }) => fetchCannedReplies(signal), enabled: !!d?.allowedActions.includes('resolve') });
  /** Inserts a canned reply at the end of the answer (the officer then adapts it). */
  const insertCanned = (id: string) => {
    const c = canned.data?.find((x) => String(x.id) === id);
    if (c) setAnswer((a) => (a.trim() ? `${a.trimEnd()}\n${c.bodyVi}` : c.bodyVi));
  };
  const action = useMutation({
    mutationFn: (f: () => Promise<FeedbackDetail>) => f(),
    onSuccess: (next) => {
      queryClient.setQueryData(feedbackKeys.report(reportId), next);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: feedbackKeys.all, predicate: (q) => q.queryKey[1] !== 'report' || q.queryKey[2] !== reportId });
    },
  });
  const reveal = useMutation({ mutationFn: () => revealContact(reportId) });
  const contact = reveal.data ?? null;
  const busy = action.isPending;
  const run = (f: () => Promise<FeedbackDetail>) => action.mutate(f);
  const failure = action.error ?? reveal.error ?? units.error ?? categories.error ?? canned.error;
  const error = failure ? errorMessage(t, failure) : null;

  const [newCategory, setNewCategory] = useState('');
  if (!d) return <div className="fb-staff">{report.error && <div className="fb-error">{errorMessage(t, report.error)}</div>}</div>;
  const can = (a: string) => d.allowedActions.includes(a as never);
  // Handlers may correct the category while the report is open (PUT /api/feedback/reports/:id/category).
  // Handlers (not leaders) add internal notes, whatever the status.
  const mayNote = ['admin', 'operator', 'officer'].includes(user?.role ?? '');
  const mayRecategorise = d.allowedActions.length > 0 && !['closed', 'rejected'].includes(d.status) && !d.mergedIntoId;
  const eventNote = (kind: string, note: string | null) => {
    // System notes (channel, reminder and escalation times, auto-close) are English for the logs: the event's name says it.
    if (!note || ['received', 'reminder', 'escalated', 'closed', 'supported'].includes(kind)) return '';
    if (kind === 'assigned' || kind === 'reassigned') {
      const [unitCode, ...rest] = note.split(' — ');
      const u = units.data?.find((x) => x.code === unitCode);
      // The server's default reason of a bulk assignment is worded here.
      const why = rest.join(' — ') === 'bulk assignment' ? t('feedback.staff.bulkReason') : rest.join(' — ');
      return ` — ${u ? localName(u, i18n.language) : t('feedback.staff.otherUnit')}${why ? ` (${why})` : ''}`;
    }
    const m = kind === 'recategorised' ? /^(\S+) → (\S+)(?: — (.*))?$/.exec(note) : null;
    if (!m) return ` — ${note}`;
    const names = categories.data ?? [];
    return ` — ${categoryName(names, m[1]!, i18n.language)} → ${categoryName(names, m[2]!, i18n.language)}${m[3] ? ` (${m[3]})` : ''}`;
  };

  return (
    <div className="fb-staff fb-detail" data-testid="feedback-detail">
      <p><Link to="/feedback">← {t('feedback.staff.inbox')}</Link></p>
      <h1>{d.trackingCode} <span className="fb-status" style={{ background: STATUS_COLORS[d.status] }} data-testid="detail-status" data-status={d.status}>{t(`feedback.status.${d.status}`)}</span>{d.escalated && <span className="fb-badge">{t('feedback.staff.escalated')}</span>}</h1>
      <div className="fb-detail-grid">
        <section>
          <p className="fb-text" data-testid="detail-description">{d.description}</p>
          <dl className="fb-dl">
            <dt>{t('feedback.staff.category')}</dt>
            <dd>
              <span data-testid="detail-category">{categoryName(categories.data ?? [], d.categoryCode, i18n.language)}</span>
              {mayRecategorise && (
                <form className="fb-inline-form" data-testid="category-change" onSubmit={(e) => { e.preventDefault(); if (newCategory && newCategory !== d.categoryCode) run(() => changeCategory(d.id, newCategory, reason)); }}>
                  <select value={newCategory || d.categoryCode} onChange={(e) => setNewCategory(e.target.value)} aria-label={t('feedback.staff.changeCategory')} data-testid="category-select">
                    {(categories.data ?? []).map((c) => <option key={c.code} value={c.code}>{i18n.language === 'en' ? c.nameEn : c.nameVi}</option>)}
                  </select>
                  <button type="submit" className="button button--small" disabled={busy || !newCategory || newCategory === d.categoryCode} data-testid="category-submit">{t('feedback.staff.changeCategory')}</button>
                </form>
              )}
            </dd>
            <dt>{t('feedback.staff.ward')}</dt><dd>{d.wardName ?? '—'}</dd>
            <dt>{t('feedback.staff.channel')}</dt><dd data-testid="detail-channel">{t(`feedback.channelName.${d.channel}`)}</dd>
            <dt>{t('feedback.staff.assignedUnit')}</dt><dd>{d.assignedUnit ? localName(d.assignedUnit, i18n.language) : '—'}</dd>
            <dt>{t('feedback.staff.department')}</dt><dd>{d.departmentUnit ? localName(d.departmentUnit, i18n.language) : '—'}</dd>
            <dt>{t('feedback.staff.deadline')}</dt>
            <dd>
              {formatDateTime(d.deadlineAt, i18n.language)}
              {d.overdue && <span className="fb-deadline fb-deadline--overdue">{t('feedback.staff.overdue')}</span>}
              {d.dueSoon && <span className="fb-deadline fb-deadline--soon">{t('feedback.staff.dueSoon')}</span>}
            </dd>
            {d.supporters > 0 && <><dt>{t('feedback.staff.supporters')}</dt><dd data-testid="detail-supporters">{t('feedback.staff.supportersCount', { count: d.supporters })}</dd></>}
            {d.reopenCount > 0 && <><dt>{t('feedback.staff.reopened')}</dt><dd data-testid="detail-reopened">{t('feedback.staff.reopenedCount', { count: d.reopenCount })}</dd></>}
            <dt>{t('feedback.staff.contact')}</dt>
            <dd data-testid="detail-contact">
              {contact ? `${contact.name ?? '—'} · ${contact.phone ?? '—'}` : `${d.reporterName ?? '—'} · ${d.reporterPhone ?? '—'}`}
              {!contact && (d.reporterName || d.reporterPhone) && <button type="button" className="button button--small" onClick={() => reveal.mutate()} data-testid="reveal-contact">{t('feedback.staff.reveal')}</button>}
            </dd>
          </dl>
          <FeedbackMap className="fb-map fb-map--detail" testId="detail-map" points={[{ id: d.id, lat: d.lat, lon: d.lon, color: STATUS_COLORS[d.status] ?? '#333' }]} focus={{ lat: d.lat, lon: d.lon }} pin={{ lat: d.lat, lon: d.lon }} />
          {d.photoUrls.length > 0 && <div className="fb-photos" data-testid="detail-photos">{d.photoUrls.map((u) => <a key={u} href={u} target="_blank" rel="noreferrer"><img src={u} alt={t('feedback.staff.photo')} /></a>)}</div>}
          {d.answer && (
            <div className="fb-answer" data-testid="detail-answer">
              <h2>{t('feedback.track.answer')}</h2>
              <p className="fb-text">{d.answer}</p>
              {d.answerPhotoUrls.length > 0 && <div className="fb-photos" data-testid="detail-answer-photos">{d.answerPhotoUrls.map((u) => <a key={u} href={u} target="_blank" rel="noreferrer"><img src={u} alt={t('feedback.staff.answerPhoto')} /></a>)}</div>}
            </div>
          )}
          {d.duplicates.length > 0 && (
            <div className="fb-dups" data-testid="detail-duplicates">
              <h2>{t('feedback.staff.duplicates')}</h2>
              <ul>{d.duplicates.map((x) => <li key={x.id}><Link to={`/feedback/${x.id}`}>{x.trackingCode}</Link> · {x.distanceM} m · {t(`feedback.status.${x.status}`)} <button type="button" className="button button--small" onClick={() => run(() => mergeReport(d.id, x.id))}>{t('feedback.staff.mergeInto')}</button></li>)}</ul>
            </div>
          )}
        </section>
        <section>
          {error && <div className="fb-error" role="alert" data-testid="detail-error">{error}</div>}
          {d.allowedActions.length > 0 && (
            <div className="fb-actions" data-testid="detail-actions">
              {can('verify') && <button type="button" className="button" onClick={() => run(() => actOnReport(d.id, 'verify', {}))} data-testid="action-verify">{t('feedback.action.verify')}</button>}
              {can('assign') && (
                <div className="fb-row">
                  <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="assign-unit">{units.data?.map((u) => <option key={u.code} value={u.code}>{localName(u, i18n.language)}</option>)}</select>
                  <button type="button" className="button" disabled={!unit} onClick={() => run(() => actOnReport(d.id, 'assign', { unitCode: unit, ...(reason ? { reason } : {}) }))} data-testid="action-assign">{d.assignedUnit ? t('feedback.action.reassign') : t('feedback.action.assign')}</button>
                </div>
              )}
              {(can('reject') || (can('assign') && d.assignedUnit)) && <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('feedback.staff.reason')} data-testid="action-reason" />}
              {can('reject') && <button type="button" className="button" onClick={() => run(() => actOnReport(d.id, 'reject', { reason }))} data-testid="action-reject">{t('feedback.action.reject')}</button>}
              {can('start') && <button type="button" className="button" onClick={() => run(() => actOnReport(d.id, 'start', {}))} data-testid="action-start">{t('feedback.action.start')}</button>}
              {can('resolve') && (
                <div className="fb-resolve" data-testid="answer-form">
                  <h3>{t('feedback.staff.answerTitle')}</h3>
                  {(canned.data?.length ?? 0) > 0 && (
                    <label className="fb-canned">
                      {t('feedback.staff.cannedReply')}
                      <select value="" onChange={(e) => insertCanned(e.target.value)} data-testid="canned-select">
                        <option value="">{t('feedback.staff.cannedChoose')}</option>
                        {canned.data?.map((c) => <option key={c.id} value={c.id}>{i18n.language === 'en' ? c.titleEn : c.titleVi}</option>)}
                      </select>
                    </label>
                  )}
                  <textarea rows={3} value={answer} onChange={(e) => setAnswer(e.target.value)} placeholder={t('feedback.staff.answer')} data-testid="answer-text" />
                  <label className="fb-file">
                    {t('feedback.staff.answerPhotos')}
                    <input type="file" accept="image/*" multiple onChange={(e) => setAnswerPhotos([...(e.target.files ?? [])].slice(0, 5))} data-testid="answer-photos" />
                  </label>
                  {answerPhotos.length > 0 && <span className="fb-muted" data-testid="answer-photo-count">{t('feedback.staff.photosChosen', { count: answerPhotos.length })}</span>}
                  <button type="button" className="button button--primary" disabled={busy} onClick={() => run(async () => { const r = await resolveWithPhotos(d.id, answer, answerPhotos); setAnswerPhotos([]); return r; })} data-testid="action-resolve">{t('feedback.action.resolve')}</button>
                </div>
              )}
              {can('close') && <button type="button" className="button" onClick={() => run(() => actOnReport(d.id, 'close', {}))} data-testid="action-close">{t('feedback.action.close')}</button>}
            </div>
          )}
          <h2>{t('feedback.track.timeline')}</h2>
          <ol className="fb-timeline" data-testid="detail-timeline">
            {d.events.map((e, i) => (
              <li key={i} className={e.internal ? 'fb-internal' : ''} data-kind={e.kind} data-internal={e.internal}>
                <span className="fb-muted">{formatDateTime(e.at, i18n.language)} · {e.actor === 'citizen' || e.actor === 'system' ? t(`feedback.staff.actor.${e.actor}`) : e.actor}</span> {e.internal && <span className="fb-tag">{t('feedback.staff.internal')}</span>}{t(`feedback.event.${e.kind}`, { defaultValue: e.kind })}{eventNote(e.kind, e.note)}
              </li>
            ))}
          </ol>
          {mayNote && (
            <form className="fb-resolve" onSubmit={(e) => { e.preventDefault(); if (note.trim()) run(async () => { const r = await addNote(d.id, note.trim()); setNote(''); return r; }); }} data-testid="note-form">
              <h3>{t('feedback.staff.noteTitle')}</h3>
              <textarea rows={2} maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('feedback.staff.notePlaceholder')} data-testid="note-text" />
              <button type="submit" className="button button--small" disabled={busy || !note.trim()} data-testid="note-submit">{t('feedback.staff.addNote')}</button>
            </form>
          )}
        </section>
      </div>
    </div>
  );
}
