// One task (/tasks/:id): what, who, deadlines (original and current), sub-tasks, history; the
// lead unit reports progress (with files), reports it done, refuses it or asks for more time;
// the assigning leader confirms the result or asks for rework, and decides extensions.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { currentLanguage } from '../../i18n/index.ts';
import type { TaskDetail } from '../../../../shared/contracts/tasks.ts';
import {
  confirmTask, decideExtension, fetchTask, fetchUnits, reportProgress, requestExtension, tasksKeys, updateTask,
} from './tasks-api.ts';
import { dateText, dateTimeText, taskError, todayLocal, unitName } from './common.tsx';
import './tasks.css';
import { DateField } from '../../app/DateField.tsx';

export function TaskPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: tasksKeys.detail(id), queryFn: ({ signal }) => fetchTask(id, signal), enabled: Number.isInteger(id) && id > 0 });
  const units = useQuery({ queryKey: tasksKeys.units, queryFn: ({ signal }) => fetchUnits(signal) });
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [ext, setExt] = useState({ date: '', reason: '' });
  const [reassign, setReassign] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: (fn: () => Promise<TaskDetail>) => fn(),
    onSuccess: (d) => {
      queryClient.setQueryData(tasksKeys.detail(id), d);
      void queryClient.invalidateQueries({ queryKey: ['tasks', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['tasks', 'stats'] });
      setNote('');
      setProgress('');
      setFiles([]);
      setFormError(null);
    },
  });
  const d = q.data;
  if (q.error) return <div className="tasks-page"><p className="tasks-error" role="alert">{taskError(t, q.error)}</p></div>;
  if (!d) return <div className="tasks-page" aria-busy="true" />;
  const task = d.task;
  const send = (action: 'report' | 'done' | 'refuse') => {
    if (!note.trim()) return setFormError(t('tasks.detail.noteRequired'));
    act.mutate(() => reportProgress(id, { note: note.trim(), action, files, ...(action === 'report' && progress !== '' ? { progress: Number(progress) } : {}) }));
  };
  const submitExtension = (e: FormEvent) => {
    e.preventDefault();
    act.mutate(() => requestExtension(id, ext.date, ext.reason));
  };

  return (
    <div className="tasks-page" data-testid="task-page">
      <p><Link to="/tasks">← {t('tasks.detail.back')}</Link></p>
      <h1 data-testid="task-heading">{task.title}</h1>
      <div className="tasks-badges">
        <span className="tasks-status" data-testid="task-status">{t(`tasks.status.${task.status}`)}</span>
        {task.bucket && <span className={`tasks-bucket tasks-bucket--${task.bucket}`} data-testid="task-bucket">{t(`tasks.bucket.${task.bucket}`)}</span>}
        {task.daysLate > 0 && <span className="tasks-late">{t('tasks.daysLate', { count: task.daysLate })}</span>}
        <span>{t(`tasks.priority.${task.priority}`)}</span>
      </div>
      {task.content && <p className="tasks-content">{task.content}</p>}
      <dl className="tasks-facts tasks-card">
        <dt>{t('tasks.col.lead')}</dt><dd data-testid="task-lead-unit">{unitName(task.leadUnit, lang)}</dd>
        <dt>{t('tasks.detail.coordinating')}</dt><dd>{task.coordinatingUnits.length ? task.coordinatingUnits.map((u) => unitName(u, lang)).join(', ') : t('tasks.detail.none')}</dd>
        <dt>{t('tasks.detail.assigner')}</dt><dd>{task.assigner.displayName}</dd>
        {task.assignee && <><dt>{t('tasks.detail.assignee')}</dt><dd>{task.assignee.displayName}</dd></>}
        <dt>{t('tasks.detail.source')}</dt><dd>{t(`tasks.source.${task.sourceKind}`)}{task.sourceDocumentLabel && <> — <Link to={`/documents?id=${task.sourceDocumentId}`}>{task.sourceDocumentLabel}</Link></>}{task.sourceNote && <> — {task.sourceNote}</>}</dd>
        <dt>{t('tasks.detail.created')}</dt><dd>{dateText(task.createdAt, lang)}</dd>
        <dt>{t('tasks.detail.originalDue')}</dt><dd>{task.originalDueAt ? dateText(task.originalDueAt, lang) : t('tasks.noDeadline')}</dd>
        {task.dueAt !== task.originalDueAt && <><dt>{t('tasks.detail.due')}</dt><dd>{dateText(task.dueAt, lang)}</dd></>}
        {task.lateIncurred && <><dt /><dd className="tasks-late">{t('tasks.detail.lateIncurred')}</dd></>}
        {task.reportedDoneAt && <><dt>{t('tasks.detail.reportedDone')}</dt><dd>{dateText(task.reportedDoneAt, lang)}</dd></>}
        {task.completedAt && <><dt>{t('tasks.detail.completed')}</dt><dd>{dateText(task.completedAt, lang)}</dd></>}
        <dt>{t('tasks.col.progress')}</dt><dd><progress max={100} value={task.progress} /> {task.progress} %</dd>
      </dl>
      {act.error && <p className="tasks-error" role="alert" data-testid="task-error">{taskError(t, act.error)}</p>}

      {d.can.confirm && (
        <section className="tasks-card" data-testid="task-confirm">
          <h2>{t('tasks.detail.confirmTitle')}</h2>
          <div className="tasks-actions">
            <button type="button" className="button button--primary" data-testid="task-confirm-accept" disabled={act.isPending} onClick={() => act.mutate(() => confirmTask(id, true))}>{t('tasks.detail.confirm')}</button>
            <button type="button" className="button" disabled={act.isPending} onClick={() => act.mutate(() => confirmTask(id, false))}>{t('tasks.detail.rework')}</button>
          </div>
        </section>
      )}

      {d.can.progress && (
        <section className="tasks-card tasks-form" data-testid="task-progress">
          <h2 className="wide">{t('tasks.detail.report')}</h2>
          <label className="wide">{t('tasks.detail.note')}<textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} data-testid="task-note" /></label>
          <label>{t('tasks.detail.progress')}<input type="number" min={0} max={100} value={progress} onChange={(e) => setProgress(e.target.value)} data-testid="task-percent" /></label>
          <label className="button tasks-file">{t('tasks.detail.files')}{files.length > 0 && ` (${files.length})`}<input type="file" className="tasks-file-input" multiple accept=".pdf,.docx,.png,.jpg,.jpeg,.tif,.tiff" onChange={(e) => setFiles([...(e.target.files ?? [])])} /></label>
          {formError && <p className="tasks-error wide" role="alert">{formError}</p>}
          <div className="tasks-actions wide">
            <button type="button" className="button" disabled={act.isPending} onClick={() => send('report')} data-testid="task-send">{t('tasks.detail.send')}</button>
            {d.can.reportDone && <button type="button" className="button button--primary" disabled={act.isPending} onClick={() => send('done')} data-testid="task-done">{t('tasks.detail.markDone')}</button>}
            {d.can.refuse && <button type="button" className="button" disabled={act.isPending} onClick={() => send('refuse')}>{t('tasks.detail.refuse')}</button>}
          </div>
        </section>
      )}

      {d.can.requestExtension && (
        <form className="tasks-card tasks-form" onSubmit={submitExtension}>
          <h2 className="wide">{t('tasks.detail.askExtension')}</h2>
          <label>{t('tasks.detail.newDue')}<DateField required min={todayLocal()} value={ext.date} onChange={(date) => setExt({ ...ext, date })} /></label>
          <label className="wide">{t('tasks.detail.reason')}<input required maxLength={2000} value={ext.reason} onChange={(e) => setExt({ ...ext, reason: e.target.value })} /></label>
          <div className="tasks-actions wide"><button type="submit" className="button" disabled={act.isPending}>{t('tasks.detail.askExtension')}</button></div>
        </form>
      )}

      {d.extensions.length > 0 && (
        <section className="tasks-card">
          <h2>{t('tasks.detail.extensions')}</h2>
          <ul className="tasks-list">
            {d.extensions.map((x) => (
              <li key={x.id}>
                {t('tasks.detail.requested', { who: x.requestedBy.displayName, date: dateText(x.newDueAt, lang), reason: x.reason })} — <strong>{t(`tasks.detail.decision.${x.decision}`)}</strong>
                {x.decision === 'pending' && d.can.decideExtension && (
                  <span className="tasks-actions">
                    <button type="button" className="button button--small" onClick={() => act.mutate(() => decideExtension(id, x.id, 'approved'))}>{t('tasks.detail.approve')}</button>
                    <button type="button" className="button button--small" onClick={() => act.mutate(() => decideExtension(id, x.id, 'rejected'))}>{t('tasks.detail.reject')}</button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {d.can.edit && (
        <section className="tasks-card tasks-actions">
          <select aria-label={t('tasks.detail.reassign')} value={reassign} onChange={(e) => setReassign(e.target.value)}>
            <option value="">{t('tasks.detail.reassign')}…</option>
            {(units.data ?? []).filter((u) => u.code !== task.leadUnit.code).map((u) => <option key={u.code} value={u.code}>{unitName(u, lang)}</option>)}
          </select>
          <button type="button" className="button" disabled={!reassign || act.isPending} onClick={() => act.mutate(() => updateTask(id, { leadUnitCode: reassign }))}>{t('tasks.detail.reassign')}</button>
          <button type="button" className="button" disabled={act.isPending} onClick={() => act.mutate(() => updateTask(id, { status: 'cancelled' }))}>{t('tasks.detail.cancelTask')}</button>
        </section>
      )}

      {d.subtasks.length > 0 && (
        <section className="tasks-card">
          <h2>{t('tasks.detail.subtasks')}</h2>
          <ul className="tasks-list">{d.subtasks.map((s) => <li key={s.id}><Link to={`/tasks/${s.id}`}>{s.title}</Link> · {s.assignee?.displayName ?? unitName(s.leadUnit, lang)} · {t(`tasks.status.${s.status}`)}</li>)}</ul>
        </section>
      )}

      <section className="tasks-card" data-testid="task-history">
        <h2>{t('tasks.detail.history')}</h2>
        <ol className="tasks-timeline">
          {d.events.map((e) => (
            <li key={e.id}>
              <time>{dateTimeText(e.at, lang)}</time> <strong>{t(`tasks.event.${e.kind}`, { defaultValue: t('tasks.event.updated') })}</strong>
              {e.by && <> · {e.by.displayName}</>}{e.progress !== null && <> · {e.progress} %</>}
              {e.note && <div className="tasks-note">{e.note}</div>}
              {e.files.map((f) => <div key={f.id}><a href={`/api/tasks/${id}/files/${f.id}`}>{f.filename}</a></div>)}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
