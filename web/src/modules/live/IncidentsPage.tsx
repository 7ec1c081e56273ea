// The incident list: filters (status, severity, ward, assignee, overdue) kept in the address,
// sortable columns, the SLA timer of each incident, and opening one by hand.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ALERT_SEVERITIES, type IncidentSort } from '../../../../shared/contracts/alerts.ts';
import { pageLink } from '../../../../shared/routes.ts';
import { errorMessage } from '../../app/errors.ts';
import { useServedWards, wardName } from '../../app/wards.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { listIncidents, listPeople, liveKeys, type IncidentFilter } from './live-api.ts';
import { NewIncidentDialog } from './NewIncidentDialog.tsx';
import { SlaTimer } from './sla.tsx';
import './live.css';
import { formatDateTime } from '../../i18n/format.ts';

const STATUS_CHOICES = { active: 'open,in_progress', all: '', open: 'open', in_progress: 'in_progress', closed: 'closed' } as const;
type StatusChoice = keyof typeof STATUS_CHOICES;

export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const statusChoice = (params.get('status') ?? 'active') as StatusChoice;
  const sort = (params.get('sort') ?? 'updated') as IncidentSort;
  const order = (params.get('order') ?? (sort === 'due' || sort === 'severity' ? 'asc' : 'desc')) as 'asc' | 'desc';
  const filter: IncidentFilter = {
    status: STATUS_CHOICES[statusChoice] || undefined,
    severity: params.get('severity') || undefined,
    area: params.get('area') || undefined,
    assignee: params.get('assignee') || undefined,
    overdue: params.get('overdue') === '1' ? true : undefined,
    sort,
    order,
  };
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const sortBy = (key: IncidentSort) => {
    const next = new URLSearchParams(params);
    next.set('sort', key);
    next.set('order', sort === key ? (order === 'asc' ? 'desc' : 'asc') : key === 'due' || key === 'severity' ? 'asc' : 'desc');
    setParams(next, { replace: true });
  };
  const list = useQuery({ queryKey: liveKeys.incidentList(filter), queryFn: ({ signal }) => listIncidents(filter, signal) });
  const people = useQuery({ queryKey: liveKeys.people, queryFn: ({ signal }) => listPeople(signal) });
  const wards = useServedWards().wards ?? [];
  const items = list.data?.incidents ?? null;
  const canCreate = user?.role === 'admin' || user?.role === 'operator';
  const personName = (u: string) => people.data?.find((p) => p.username === u)?.displayName ?? u;
  const areaLabel = (code: string | null, name: string | null) => {
    const w = code ? wards.find((x) => x.code === code) : undefined;
    return w ? wardName(w, i18n.language) : (name ?? '');
  };
  const sortHeader = (key: IncidentSort, label: string) => (
    <button type="button" className="sort" onClick={() => sortBy(key)} data-testid={`sort-${key}`}
      aria-sort={sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>{label}</button>
  );

  return (
    <div className="incidents-page">
      <div className="incidents-head">
        <h1>{t('live.incidents')}</h1>
        {canCreate && <button type="button" className="button button--primary" data-testid="incident-new" onClick={() => setCreating(true)}>{t('live.newIncident.open')}</button>}
      </div>
      <div className="incident-filters" data-testid="incident-filters">
        <label>{t('live.filters.status')}
          <select className="ctl" value={statusChoice} onChange={(e) => set('status', e.target.value === 'active' ? '' : e.target.value)} data-testid="filter-status">
            {(Object.keys(STATUS_CHOICES) as StatusChoice[]).map((k) => <option key={k} value={k}>{t(`live.filters.statusChoice.${k}`)}</option>)}
          </select>
        </label>
        <label>{t('live.filters.severity')}
          <select className="ctl" value={params.get('severity') ?? ''} onChange={(e) => set('severity', e.target.value)} data-testid="filter-severity">
            <option value="">{t('live.filters.any')}</option>
            {ALERT_SEVERITIES.map((s) => <option key={s} value={s}>{t(`live.severity.${s}`)}</option>)}
          </select>
        </label>
        <label>{t('live.filters.ward')}
          <select className="ctl" value={params.get('area') ?? ''} onChange={(e) => set('area', e.target.value)} data-testid="filter-ward">
            <option value="">{t('live.filters.any')}</option>
            {wards.map((w) => <option key={w.code} value={w.code}>{wardName(w, i18n.language)}</option>)}
          </select>
        </label>
        <label>{t('live.filters.assignee')}
          <select className="ctl" value={params.get('assignee') ?? ''} onChange={(e) => set('assignee', e.target.value)} data-testid="filter-assignee">
            <option value="">{t('live.filters.any')}</option>
            <option value="me">{t('live.filters.me')}</option>
            {people.data?.map((p) => <option key={p.username} value={p.username}>{p.displayName}</option>)}
          </select>
        </label>
        <label className={`toggle${filter.overdue ? ' is-on' : ''}`}>
          <input type="checkbox" checked={!!filter.overdue} onChange={(e) => set('overdue', e.target.checked ? '1' : '')} data-testid="filter-overdue" />
          {t('live.filters.overdue')}
        </label>
      </div>
      {list.error && <p className="error" role="alert">{errorMessage(t, list.error)}</p>}
      {items === null ? (list.error ? null : <p>…</p>) : items.length === 0 ? <p data-testid="incident-list-empty">{t('live.noIncidentsFiltered')}</p> : (
        <table data-testid="incident-list">
          <thead>
            <tr>
              <th>#</th><th>{t('live.incident.title')}</th><th>{t('live.incident.type')}</th>
              <th>{sortHeader('severity', t('live.incident.severity'))}</th><th>{t('live.incident.status')}</th>
              <th>{t('live.incident.area')}</th><th>{t('live.incident.assignees')}</th><th>{t('live.incident.steps')}</th>
              <th>{sortHeader('due', t('live.incident.sla'))}</th>
              <th>{sortHeader('created', t('live.incident.created'))}</th>
              <th>{sortHeader('updated', t('live.incident.updated'))}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} className={i.overdue ? 'is-overdue' : ''} data-testid={`incident-row-${i.id}`}>
                <td>{i.id}</td>
                <td><Link to={pageLink.incident(i.id)}>{i.title}</Link></td>
                <td>{t(`live.types.${i.type}`, { defaultValue: i.type })}</td>
                <td>{t(`live.severity.${i.severity}`)}</td>
                <td>{t(`live.incidentStatus.${i.status}`)}</td>
                <td>{areaLabel(i.areaCode, i.areaName)}</td>
                <td>{i.assignees.map((u) => <span key={u} className="chip">{personName(u)}</span>)}</td>
                <td>{i.stepsDone}/{i.stepsTotal}</td>
                <td><SlaTimer incident={i} /></td>
                <td>{formatDateTime(i.createdAt, i18n.language)}</td>
                <td>{formatDateTime(i.updatedAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <NewIncidentDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
