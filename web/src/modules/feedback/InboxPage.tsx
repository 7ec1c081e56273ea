// Staff inbox (/feedback): the reports the caller may see, with filters, server-side sorting by
// column, deadline colours (due soon / overdue), a map, and bulk assignment (with confirmation).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_STATUSES, type FeedbackListItem, type FeedbackSort, type SortOrder } from '../../../../shared/contracts/feedback.ts';
import { errorMessage } from '../../app/errors.ts';
import { useServedWards } from '../../app/wards.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { FeedbackMap } from './FeedbackMap.tsx';
import { bulkAssign, feedbackKeys, fetchCategories, fetchUnits, listReports } from './feedback-api.ts';
import { STATUS_COLORS, categoryName, formatDateTime, localName } from './format.ts';
import './feedback.css';

/** The statuses of a report someone still has to act on. */
const OPEN_FILTER = 'received,verified,assigned,in_progress';

export function InboxPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  // "Open only" by default: what still needs someone (a tracking code searched finds any report).
  const [status, setStatus] = useState(OPEN_FILTER);
  const [category, setCategory] = useState('');
  const [ward, setWard] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [pickedUnit, setUnit] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [sort, setSort] = useState<{ by: FeedbackSort; order: SortOrder }>({ by: 'createdAt', order: 'desc' });
  const [confirming, setConfirming] = useState(false);
  const canHandle = user?.role !== 'leader';

  const queryClient = useQueryClient();

  const byCode = /^PA-/i.test(q.trim());
  const filters = { status: (byCode && status === OPEN_FILTER ? '' : status) || undefined, category: category || undefined, ward: ward || undefined, overdue: overdue || undefined, q: q || undefined, limit: 100, sort: sort.by, order: sort.order };
  const reports = useQuery({ queryKey: feedbackKeys.reports(filters), queryFn: ({ signal }) => listReports(filters, signal), placeholderData: keepPreviousData });
  const categories = useQuery({ queryKey: feedbackKeys.categories, queryFn: ({ signal }) => fetchCategories(signal) });
  const data = reports.data ?? { total: 0, reports: [] };
  // Units to assign to and wards to filter by, as the API declares them (named, never raw codes).
  const units = useQuery({ queryKey: feedbackKeys.units, queryFn: ({ signal }) => fetchUnits(signal), enabled: canHandle });
  const served = useServedWards();
  const unit = pickedUnit || (units.data?.[0]?.code ?? '');
  const cats = categories.data ?? [];
  const loadError = reports.error ?? categories.error ?? units.error ?? served.error;

  const toggle = (id: number) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const assign = useMutation({
    mutationFn: () => bulkAssign([...selected], unit),
    onSuccess: (r) => {
      const ok = r.results.filter((x) => x.ok).length;
      setMessage(t('feedback.staff.bulkDone', { ok, failed: r.results.length - ok }));
      setSelected(new Set());
      setConfirming(false);
    },
    onError: (e) => { setMessage(errorMessage(t, e)); setConfirming(false); },
    onSettled: () => queryClient.invalidateQueries({ queryKey: feedbackKeys.all }),
  });

  return (
    <div className="fb-staff" data-testid="feedback-inbox">
      <div className="fb-staff-head">
        <h1>{t('feedback.staff.inbox')}</h1>
        <div className="fb-staff-links">
          {(user?.role === 'admin' || user?.role === 'operator') && <Link to="/feedback/call" className="button button--small button--primary" data-testid="feedback-call-link">{t('feedback.staff.callLink')}</Link>}
          <Link to="/feedback/stats" className="button button--small" data-testid="feedback-stats-link">{t('feedback.staff.statsLink')}</Link>
          <Link to="/feedback/rules" className="button button--small" data-testid="feedback-rules-link">{t('feedback.staff.rulesLink')}</Link>
          <Link to="/feedback/canned-replies" className="button button--small" data-testid="feedback-canned-link">{t('feedback.staff.cannedLink')}</Link>
          {user?.role === 'admin' && <Link to="/feedback/open311-keys" className="button button--small" data-testid="feedback-keys-link">{t('feedback.staff.keysLink')}</Link>}
        </div>
      </div>
      <div className="fb-filters">
        <input placeholder={t('feedback.staff.search')} value={q} onChange={(e) => setQ(e.target.value)} data-testid="inbox-search" />
        <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="inbox-status">
          <option value={OPEN_FILTER}>{t('feedback.staff.openOnly')}</option>
          <option value="">{t('feedback.staff.allStatuses')}</option>
          {FEEDBACK_STATUSES.map((s) => <option key={s} value={s}>{t(`feedback.status.${s}`)}</option>)}
        </select>
        <select value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t('feedback.staff.allCategories')}</option>
          {cats.map((c) => <option key={c.code} value={c.code}>{i18n.language === 'en' ? c.nameEn : c.nameVi}</option>)}
        </select>
        <select value={ward} onChange={(e) => setWard(e.target.value)} data-testid="inbox-ward">
          <option value="">{t('feedback.staff.allWards')}</option>
          {served.wards?.map((w) => <option key={w.code} value={w.code}>{localName(w, i18n.language)}</option>)}
        </select>
        <label className="fb-check"><input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />{t('feedback.staff.overdueOnly')}</label>
        <span className="fb-muted" data-testid="inbox-total">{t('feedback.staff.total', { count: data.total })}</span>
      </div>
      {canHandle && selected.size > 0 && (
        <div className="fb-bulk" data-testid="bulk-bar">
          {t('feedback.staff.selected', { count: selected.size })}
          <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="bulk-unit">{units.data?.map((u) => <option key={u.code} value={u.code}>{localName(u, i18n.language)}</option>)}</select>
          {!confirming && <button type="button" className="button button--small button--primary" onClick={() => setConfirming(true)} disabled={!unit} data-testid="bulk-assign">{t('feedback.staff.assign')}</button>}
          {confirming && (
            <span className="fb-confirm" role="alertdialog" data-testid="bulk-confirm">
              {t('feedback.staff.bulkConfirm', { count: selected.size, unit: localName(units.data?.find((u) => u.code === unit) ?? { nameVi: unit, nameEn: unit }, i18n.language) })}
              <button type="button" className="button button--small button--primary" onClick={() => assign.mutate()} disabled={assign.isPending} data-testid="bulk-confirm-yes">{t('feedback.staff.confirm')}</button>
              <button type="button" className="button button--small" onClick={() => setConfirming(false)} data-testid="bulk-confirm-no">{t('feedback.staff.cancel')}</button>
            </span>
          )}
        </div>
      )}
      {message && <p className="fb-muted" role="status">{message}</p>}
      {loadError && <div className="fb-error" role="alert" data-testid="inbox-error">{errorMessage(t, loadError)}</div>}
      <div className="fb-staff-body">
        <div className="fb-table-wrap">
          {/* Busy while a new sort or filter loads (the previous rows stay on screen meanwhile). */}
          <table className="fb-table" data-testid="inbox-table" aria-busy={reports.isPlaceholderData ? 'true' : 'false'}>
            <thead><tr>
              {canHandle && <th />}
              <SortHeader by="createdAt" label={t('feedback.staff.code')} sort={sort} onSort={setSort} />
              <SortHeader by="status" label={t('feedback.staff.status')} sort={sort} onSort={setSort} />
              <SortHeader by="category" label={t('feedback.staff.category')} sort={sort} onSort={setSort} />
              <th>{t('feedback.staff.description')}</th>
              <SortHeader by="ward" label={t('feedback.staff.ward')} sort={sort} onSort={setSort} />
              <SortHeader by="unit" label={t('feedback.staff.assignedUnit')} sort={sort} onSort={setSort} />
              <SortHeader by="deadlineAt" label={t('feedback.staff.deadline')} sort={sort} onSort={setSort} />
            </tr></thead>
            <tbody>
              {data.reports.map((r) => (
                <tr key={r.id} className={deadlineClass(r)} data-testid={`inbox-row-${r.trackingCode}`} data-deadline={r.overdue ? 'overdue' : r.dueSoon ? 'due-soon' : 'ok'}>
                  {canHandle && <td><input type="checkbox" checked={selected.has(r.id)} onChange={() => toggle(r.id)} aria-label={r.trackingCode} /></td>}
                  <td><Link to={`/feedback/${r.id}`}>{r.trackingCode}</Link></td>
                  <td><span className="fb-status" style={{ background: STATUS_COLORS[r.status] }}>{t(`feedback.status.${r.status}`)}</span>{r.escalated && <span className="fb-badge">{t('feedback.staff.escalated')}</span>}</td>
                  <td>{categoryName(cats, r.categoryCode, i18n.language)}</td>
                  <td className="fb-desc">{r.description}</td>
                  <td>{r.wardName ?? '—'}</td>
                  <td>{r.assignedUnit ? localName(r.assignedUnit, i18n.language) : '—'}</td>
                  <td>
                    {formatDateTime(r.deadlineAt, i18n.language)}
                    {r.overdue && <span className="fb-deadline fb-deadline--overdue">{t('feedback.staff.overdue')}</span>}
                    {r.dueSoon && <span className="fb-deadline fb-deadline--soon">{t('feedback.staff.dueSoon')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <FeedbackMap className="fb-map fb-map--inbox" testId="inbox-map" points={data.reports.map((r) => ({ id: r.id, lat: r.lat, lon: r.lon, color: STATUS_COLORS[r.status] ?? '#333' }))} onSelect={(id) => void navigate(`/feedback/${id}`)} />
      </div>
    </div>
  );
}

/** The row colour by deadline: overdue (red), due soon (amber), else none. */
function deadlineClass(r: FeedbackListItem): string {
  return r.overdue ? 'fb-overdue' : r.dueSoon ? 'fb-due-soon' : '';
}

/** A column header that sorts on the server: a click sorts by it, a second click reverses. */
function SortHeader({ by, label, sort, onSort }: { by: FeedbackSort; label: string; sort: { by: FeedbackSort; order: SortOrder }; onSort: (s: { by: FeedbackSort; order: SortOrder }) => void }) {
  const active = sort.by === by;
  const next: SortOrder = active ? (sort.order === 'asc' ? 'desc' : 'asc') : by === 'createdAt' ? 'desc' : 'asc';
  return (
    <th aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="fb-sort" onClick={() => onSort({ by, order: next })} data-testid={`sort-${by}`}>
        {label}<span aria-hidden="true">{active ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}
