// One record: its fields (personal ones masked unless the role needs them), a small map, an
// edit form showing the API's validation errors next to each field, and its history (who,
// when, what changed) with a Restore button per entry.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { FieldProblem } from '../../../../shared/contracts/datasets.ts';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { currentLanguage, localeOf, type Language } from '../../i18n/index.ts';
import { datasetKeys, datasetsApi, mayWrite, type FieldDecl, type HistoryEntry } from './datasets-api.ts';
import { fieldTitle, showField, showValue } from './format.ts';
import { RecordsMap } from './RecordsMap.tsx';
import './datasets.css';

type Problems = Record<string, string>;

/** The fields the API refused (a 400's `details.problems`), each worded from its code in the user's language. */
function fieldProblems(error: unknown, t: TFunction, lang: Language): Problems {
  const problems: Problems = {};
  if (!(error instanceof ApiError)) return problems;
  const list = (error.details as { problems?: FieldProblem[] } | undefined)?.problems ?? [];
  const numbers = new Intl.NumberFormat(localeOf(lang));
  const dates = new Intl.DateTimeFormat(localeOf(lang), { timeZone: 'UTC' });
  for (const p of list) {
    const q = p.params ?? {};
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(q)) {
      params[k] = typeof v === 'number' ? numbers.format(v) : /Date$/.test(k) ? dates.format(new Date(`${v}T00:00:00Z`)) : v;
    }
    if (params.unit) params.unit = ` ${params.unit}`;
    else params.unit = '';
    problems[p.field] = t(`datasets.fieldProblems.${p.code}`, params);
  }
  return problems;
}

function toInput(f: FieldDecl, v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

function fromInput(f: FieldDecl, s: string): unknown {
  if (s.trim() === '') return null;
  if (f.type === 'integer' || f.type === 'number') return Number.isFinite(Number(s)) ? Number(s) : s;
  if (f.type === 'boolean') return s === 'true';
  return s;
}

/** A record flag in the reader's language, with distances as "120 m" / "1,2 km". */
function flagText(t: (k: string, o?: Record<string, unknown>) => string, lang: 'vi' | 'en', f: { code: string; params?: Record<string, string | number> }): string {
  const p = f.params ?? {};
  const m = Number(p.distanceM ?? 0);
  const nf = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  const distance = m >= 1000 ? `${nf.format(m / 1000)} km` : `${nf.format(m)} m`;
  return t(`datasets.flags.${f.code}`, { ...p, distance });
}

export function RecordPage() {
  const { datasetId = '', recordId = '' } = useParams();
  const rid = Number(recordId);
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Problems>({});
  const [message, setMessage] = useState<string | null>(null);

  const datasetQuery = useQuery({ queryKey: datasetKeys.detail(datasetId), queryFn: ({ signal }) => datasetsApi.get(datasetId, signal) });
  const recordQuery = useQuery({ queryKey: datasetKeys.record(datasetId, rid), queryFn: ({ signal }) => datasetsApi.record(datasetId, rid, signal) });
  const historyQuery = useQuery({ queryKey: datasetKeys.history(datasetId, rid), queryFn: ({ signal }) => datasetsApi.history(datasetId, rid, signal) });
  const dataset = datasetQuery.data ?? null;
  const record = recordQuery.data ?? null;
  const history = historyQuery.data?.entries ?? [];
  // A 404 is a deleted record (restorable from its history), not an error.
  const deleted = recordQuery.error instanceof ApiError && recordQuery.error.status === 404;
  const failure = datasetQuery.error ?? (deleted ? null : recordQuery.error) ?? historyQuery.error;
  const error = failure ? errorMessage(t, failure) : null;
  // The record, its history, the dataset's table and quality all change with an edit.
  const refresh = () => queryClient.invalidateQueries({ queryKey: datasetKeys.dataset(datasetId) });

  const saveMutation = useMutation({
    mutationFn: (properties: Record<string, unknown>) => datasetsApi.update(datasetId, rid, { properties }),
    onSuccess: async () => {
      setEditing(false);
      setMessage(t('datasets.record.saved'));
      await refresh();
    },
    onError: (e) => {
      setProblems(fieldProblems(e, t, lang));
      setMessage(errorMessage(t, e));
    },
  });
  const restoreMutation = useMutation({
    mutationFn: (h: HistoryEntry) => datasetsApi.restore(datasetId, rid, h.id),
    onSuccess: async (_record, h) => {
      setMessage(t('datasets.history.restored', { id: h.id }));
      await refresh();
    },
    onError: (e) => setMessage(errorMessage(t, e)),
  });

  if (!dataset) return <div className="datasets-page">{error ?? t('datasets.loading')}</div>;
  const title = lang === 'vi' ? dataset.titleVi : dataset.titleEn;
  // Masked personal values must never be written back: only admins (who see them) edit them.
  const editable = dataset.fields.filter((f) => !f.personal || user?.role === 'admin');
  const when = (s: string) => new Date(s).toLocaleString(localeOf(lang), { timeZone: 'Asia/Ho_Chi_Minh' });

  const startEdit = () => {
    setForm(Object.fromEntries(editable.map((f) => [f.name, toInput(f, record?.properties[f.name])])));
    setProblems({});
    setMessage(null);
    setEditing(true);
  };

  const save = () => {
    const changed: Record<string, unknown> = {};
    for (const f of editable) {
      if (form[f.name] !== toInput(f, record?.properties[f.name])) changed[f.name] = fromInput(f, form[f.name] ?? '');
    }
    if (!Object.keys(changed).length) {
      setEditing(false);
      return;
    }
    saveMutation.mutate(changed);
  };

  const restore = (h: HistoryEntry) => {
    setMessage(null);
    restoreMutation.mutate(h);
  };

  return (
    <div className="datasets-page" data-testid="record-view">
      <nav className="datasets-crumbs">
        <Link to="/data">{t('datasets.nav')}</Link> › <Link to={`/data/${datasetId}`}>{title}</Link> › #{rid}
      </nav>
      <header className="datasets-head">
        <h1>{showValue(record?.properties.name ?? record?.naturalKey ?? `#${rid}`)}</h1>
        {record && mayWrite(user?.role) && !editing && (
          <button type="button" className="datasets-button primary" onClick={startEdit} data-testid="record-edit">{t('datasets.record.edit')}</button>
        )}
      </header>
      {deleted && <div className="datasets-error" data-testid="record-deleted">{t('datasets.record.deleted')}</div>}
      {error && <div className="datasets-error" role="alert">{error}</div>}
      {message && <div className={Object.keys(problems).length ? 'datasets-error' : 'datasets-ok'} role="status" data-testid="record-message">{message}</div>}
      <div className="datasets-split">
        <div className="datasets-main">
          {record && !editing && (
            <dl className="datasets-fields" data-testid="record-fields">
              {dataset.fields.map((f) => (
                <div key={f.name}>
                  <dt>{fieldTitle(f, lang)}{f.personal && <span className="datasets-badge">{t('datasets.record.personal')}</span>}</dt>
                  <dd data-testid={`field-${f.name}`}>{showField(f, record.properties[f.name], lang)}</dd>
                </div>
              ))}
              <div><dt>{t('datasets.record.updated')}</dt><dd>{when(record.updatedAt)} · {record.updatedBy}</dd></div>
              {record.synthetic && <div><dt>{t('datasets.record.synthetic')}</dt><dd>✓</dd></div>}
              {!!record.flags?.length && (
                <div data-testid="record-flags">
                  <dt>{t('datasets.flagsTitle')}</dt>
                  <dd>
                    {record.flags.map((f) => (
                      <div key={f.code} className="datasets-flag" data-testid={`flag-${f.code}`}>{flagText(t, lang, f)}</div>
                    ))}
                  </dd>
                </div>
              )}
            </dl>
          )}
          {editing && (
            <form className="datasets-form" onSubmit={(e) => { e.preventDefault(); save(); }} data-testid="record-form">
              {editable.map((f) => (
                <label key={f.name} className={problems[f.name] ? 'invalid' : ''}>
                  <span>{fieldTitle(f, lang)}{f.required ? ' *' : ''}</span>
                  {f.type === 'enum' || f.type === 'boolean' ? (
                    <select value={form[f.name] ?? ''} onChange={(e) => setForm({ ...form, [f.name]: e.target.value })} name={f.name}>
                      <option value="">—</option>
                      {(f.type === 'boolean' ? ['true', 'false'] : f.values ?? []).map((v) => <option key={v} value={v}>{v}</option>)}
                    </select>
                  ) : (
                    <input
                      name={f.name}
                      type={f.type === 'date' ? 'date' : 'text'}
                      inputMode={f.type === 'integer' || f.type === 'number' ? 'decimal' : undefined}
                      value={form[f.name] ?? ''}
                      onChange={(e) => setForm({ ...form, [f.name]: e.target.value })}
                    />
                  )}
                  {problems[f.name] && <small className="datasets-problem" data-testid={`problem-${f.name}`}>{problems[f.name]}</small>}
                </label>
              ))}
              <div className="datasets-actions">
                <button type="submit" className="datasets-button primary" data-testid="record-save">{t('datasets.record.save')}</button>
                <button type="button" className="datasets-button" onClick={() => setEditing(false)}>{t('datasets.record.cancel')}</button>
              </div>
            </form>
          )}
        </div>
        <aside className="datasets-side">
          {record?.geometry && <RecordsMap records={[record]} selectedId={record.id} testId="record-map" />}
        </aside>
      </div>

      <section className="datasets-history" data-testid="record-history">
        <h2>{t('datasets.history.title')}</h2>
        {historyQuery.isSuccess && history.length === 0 && <p className="datasets-muted" data-testid="history-empty">{t('datasets.history.empty')}</p>}
        <ol>
          {[...history].reverse().map((h) => (
            <li key={h.id} data-testid="history-entry" data-action={h.action}>
              <div className="datasets-history-head">
                <strong>{t(`datasets.history.actions.${h.action}`)}</strong> · {when(h.at)} · {h.actor}
                {h.restoredFrom !== null && <span className="datasets-muted"> ({t('datasets.history.from', { id: h.restoredFrom })})</span>}
                {mayWrite(user?.role) && (h.after || h.before) && (
                  <button type="button" className="datasets-button small" onClick={() => restore(h)} data-testid={`restore-${h.id}`}>
                    {t('datasets.history.restore')}
                  </button>
                )}
              </div>
              <Diff fields={dataset.fields} lang={lang} entry={h} />
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Diff({ fields, lang, entry }: { fields: FieldDecl[]; lang: 'vi' | 'en'; entry: HistoryEntry }) {
  const before = entry.before?.properties ?? {};
  const after = entry.after?.properties ?? {};
  const names = fields.map((f) => f.name).filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]));
  const geometryChanged = JSON.stringify(entry.before?.geometry ?? null) !== JSON.stringify(entry.after?.geometry ?? null);
  if (!names.length && !geometryChanged) return null;
  return (
    <table className="datasets-diff">
      <tbody>
        {names.map((n) => {
          const f = fields.find((x) => x.name === n)!;
          return (
            <tr key={n}>
              <th>{fieldTitle(f, lang)}</th>
              <td className="before">{showValue(before[n])}</td>
              <td>→</td>
              <td className="after">{showValue(after[n])}</td>
            </tr>
          );
        })}
        {geometryChanged && entry.before && entry.after && (
          <tr><th>geometry</th><td className="before">…</td><td>→</td><td className="after">…</td></tr>
        )}
      </tbody>
    </table>
  );
}
