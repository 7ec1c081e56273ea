// Tasks (/tasks): the tasks the user may see, filtered by bucket, unit and name; leaders
// assign a new one here (also straight from an incoming document: /tasks?document=ID).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { currentLanguage } from '../../i18n/index.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { TASK_BUCKETS, type TaskCreate } from '../../../../shared/contracts/tasks.ts';
import { createTask, fetchTasks, fetchUnits, tasksKeys, type UnitItem } from './tasks-api.ts';
import { dateText, taskError, todayLocal, unitName } from './common.tsx';
import './tasks.css';
import { DateField } from '../../app/DateField.tsx';

export function TasksPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const documentId = params.get('document');
  const [assigning, setAssigning] = useState(!!documentId);
  const filter = { bucket: params.get('bucket') ?? undefined, unit: params.get('unit') ?? undefined, q: params.get('q') ?? undefined, topLevel: 'true' };
  const list = useQuery({ queryKey: tasksKeys.list(filter), queryFn: ({ signal }) => fetchTasks(filter, signal) });
  const units = useQuery({ queryKey: tasksKeys.units, queryFn: ({ signal }) => fetchUnits(signal) });
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };
  const canAssign = user?.role === 'leader' || user?.role === 'admin';

  return (
    <div className="tasks-page" data-testid="tasks-page">
      <div className="tasks-head">
        <h1>{t('tasks.title')}</h1>
        {canAssign && !assigning && <button type="button" className="button button--primary" data-testid="task-assign-open" onClick={() => setAssigning(true)}>{t('tasks.assign')}</button>}
      </div>
      {assigning && canAssign && <AssignForm units={units.data ?? []} documentId={documentId ? Number(documentId) : null} onClose={() => { setAssigning(false); set('document', ''); }} />}
      <div className="tasks-filters">
        <select aria-label={t('tasks.col.bucket')} value={filter.bucket ?? ''} onChange={(e) => set('bucket', e.target.value)} data-testid="task-filter-bucket">
          <option value="">{t('tasks.all')}</option>
          {TASK_BUCKETS.map((b) => <option key={b} value={b}>{t(`tasks.bucket.${b}`)}</option>)}
        </select>
        <select aria-label={t('tasks.col.lead')} value={filter.unit ?? ''} onChange={(e) => set('unit', e.target.value)}>
          <option value="">{t('tasks.allUnits')}</option>
          {(units.data ?? []).map((u) => <option key={u.code} value={u.code}>{unitName(u, lang)}</option>)}
        </select>
        <input type="search" placeholder={t('tasks.search')} defaultValue={filter.q ?? ''} onKeyDown={(e) => { if (e.key === 'Enter') set('q', (e.target as HTMLInputElement).value); }} />
        {list.data && <span className="tasks-muted">{t('tasks.total', { count: list.data.total })}</span>}
      </div>
      {list.error && <p className="tasks-error" role="alert">{taskError(t, list.error)}</p>}
      <table className="tasks-table" data-testid="task-list">
        <thead><tr><th>{t('tasks.col.title')}</th><th>{t('tasks.col.lead')}</th><th>{t('tasks.col.due')}</th><th>{t('tasks.col.status')}</th><th>{t('tasks.col.bucket')}</th><th className="num">{t('tasks.col.progress')}</th></tr></thead>
        <tbody>
          {(list.data?.tasks ?? []).map((task) => (
            <tr key={task.id} data-testid={`task-row-${task.id}`}>
              <td><Link to={`/tasks/${task.id}`}>{task.title}</Link></td>
              <td>{unitName(task.leadUnit, lang)}</td>
              <td>{task.dueAt ? dateText(task.dueAt, lang) : t('tasks.noDeadline')}{task.daysLate > 0 && <span className="tasks-late"> · {t('tasks.daysLate', { count: task.daysLate })}</span>}</td>
              <td>{t(`tasks.status.${task.status}`)}</td>
              <td>{task.bucket && <span className={`tasks-bucket tasks-bucket--${task.bucket}`}>{t(`tasks.bucket.${task.bucket}`)}</span>}</td>
              <td className="num">{task.progress} %</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && !list.data.tasks.length && <p className="tasks-muted">{t('tasks.empty')}</p>}
    </div>
  );
}

function AssignForm({ units, documentId, onClose }: { units: UnitItem[]; documentId: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [f, setF] = useState({ title: '', content: '', lead: '', coordinating: [] as string[], dueKind: 'date', dueDate: '', dueDays: '10', priority: '1', sourceNote: '' });
  const sourceKind: TaskCreate['sourceKind'] = documentId ? 'document' : f.sourceNote.trim() ? 'meeting' : 'manual';
  const create = useMutation({
    mutationFn: (body: TaskCreate) => createTask(body),
    onSuccess: (d) => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      navigate(`/tasks/${d.task.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: TaskCreate = {
      title: f.title, content: f.content, leadUnitCode: f.lead, coordinatingUnitCodes: f.coordinating.filter((c) => c !== f.lead), priority: Number(f.priority), sourceKind,
      ...(documentId ? { sourceDocumentId: documentId } : {}), ...(f.sourceNote.trim() ? { sourceNote: f.sourceNote.trim() } : {}),
      ...(f.dueKind === 'date' && f.dueDate ? { dueDate: f.dueDate } : {}), ...(f.dueKind === 'days' ? { dueWorkingDays: Number(f.dueDays) } : {}),
    };
    create.mutate(body);
  };
  return (
    <form className="tasks-card tasks-form" onSubmit={submit} data-testid="task-assign-form">
      <h2>{t('tasks.assign')}</h2>
      {documentId && <p className="tasks-muted">{t('tasks.form.sourceDocument')}: <Link to={`/documents?id=${documentId}`}>#{documentId}</Link></p>}
      <label className="wide">{t('tasks.form.title')}<input required maxLength={500} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} data-testid="task-title" /></label>
      <label className="wide">{t('tasks.form.content')}<textarea rows={3} value={f.content} onChange={(e) => setF({ ...f, content: e.target.value })} /></label>
      <label>{t('tasks.form.lead')}
        <select required value={f.lead} onChange={(e) => setF({ ...f, lead: e.target.value })} data-testid="task-lead">
          <option value="">{t('tasks.form.choose')}</option>
          {units.map((u) => <option key={u.code} value={u.code}>{unitName(u, lang)}</option>)}
        </select>
      </label>
      <label>{t('tasks.form.priority')}
        <select value={f.priority} onChange={(e) => setF({ ...f, priority: e.target.value })}>
          {['1', '2', '3'].map((p) => <option key={p} value={p}>{t(`tasks.priority.${p}`)}</option>)}
        </select>
      </label>
      <fieldset className="wide tasks-units"><legend>{t('tasks.form.coordinating')}</legend>
        {units.filter((u) => u.code !== f.lead).map((u) => (
          <label key={u.code} className="tasks-check"><input type="checkbox" checked={f.coordinating.includes(u.code)}
            onChange={(e) => setF({ ...f, coordinating: e.target.checked ? [...f.coordinating, u.code] : f.coordinating.filter((c) => c !== u.code) })} />{unitName(u, lang)}</label>
        ))}
      </fieldset>
      <label>{t('tasks.form.dueKind')}
        <select value={f.dueKind} onChange={(e) => setF({ ...f, dueKind: e.target.value })} data-testid="task-due-kind">
          <option value="date">{t('tasks.form.dueDate')}</option><option value="days">{t('tasks.form.dueDays')}</option><option value="none">{t('tasks.form.none')}</option>
        </select>
      </label>
      {f.dueKind === 'date' && <label>{t('tasks.form.dueDate')}<DateField required min={todayLocal()} value={f.dueDate} onChange={(dueDate) => setF({ ...f, dueDate })} testId="task-due-date" /></label>}
      {f.dueKind === 'days' && <label>{t('tasks.form.dueDays')}<input type="number" min={1} max={365} value={f.dueDays} onChange={(e) => setF({ ...f, dueDays: e.target.value })} /></label>}
      {!documentId && <label className="wide">{t('tasks.form.sourceNote')}<input maxLength={1000} value={f.sourceNote} onChange={(e) => setF({ ...f, sourceNote: e.target.value })} /></label>}
      {create.error && <p className="tasks-error wide" role="alert">{taskError(t, create.error)}</p>}
      <div className="tasks-actions wide">
        <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="task-submit">{t('tasks.form.submit')}</button>
        <button type="button" className="button" onClick={onClose}>{t('tasks.form.cancel')}</button>
      </div>
    </form>
  );
}
