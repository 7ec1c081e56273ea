// One record: its fields (personal ones masked unless the role needs them), a small map, an
// edit form showing the API's validation errors next to each field, and its history (who,
// when, what changed) with a Restore button per entry; delete with an undo toast, and moving a
// point on the map (drag the marker, save: a history entry).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import { datasetKeys, datasetsApi, mayWrite, type FieldDecl, type HistoryEntry } from './datasets-api.ts';
import { FieldInputs, fieldProblems, fromInput, mayEdit, toInput, useDeleteWithUndo, type Problems } from './record-editing.tsx';
import { fieldTitle, showField, showValue } from './format.ts';
import { RecordsMap } from './RecordsMap.tsx';
import './datasets.css';

/** A record flag in the reader's language, with distances as "120 m" / "1,2 km". */
function flagText(t: (k: string, o?: Record<string, unknown>) => string, lang: 'vi' | 'en', f: { code: string; params?: Record<string, string | number> }): string {
  const p = f.params ?? {};
  const m = Number(p.distanceM ?? 0);
  const nf = new Intl.NumberFormat(localeOf(currentLanguage(lang)), { maximumFractionDigits: 1 });
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
  // Moving the point: the new [lon, lat] while the marker is dragged, until saved or cancelled.
  const [moving, setMoving] = useState<[number, number] | null>(null);

  const datasetQuery = useQuery({ queryKey: datasetKeys.detail(datasetId), queryFn: ({ signal }) => datasetsApi.get(datasetId, signal) });
  // Deleted here (until undone): not asked for again (it would only answer 404).
  const [gone, setGone] = useState(false);
  const recordQuery = useQuery({ queryKey: datasetKeys.record(datasetId, rid), queryFn: ({ signal }) => datasetsApi.record(datasetId, rid, signal), enabled: !gone });
  const historyQuery = useQuery({ queryKey: datasetKeys.history(datasetId, rid), queryFn: ({ signal }) => datasetsApi.history(datasetId, rid, signal) });
  const dataset = datasetQuery.data ?? null;
  const record = gone ? null : (recordQuery.data ?? null);
  const history = historyQuery.data?.entries ?? [];
  // A 404 is a deleted record (restorable from its history), not an error.
  const deleted = gone || (recordQuery.error instanceof ApiError && recordQuery.error.status === 404);
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
  const moveMutation = useMutation({
    mutationFn: (to: [number, number]) => datasetsApi.update(datasetId, rid, { geometry: { type: 'Point', coordinates: to } }),
    onSuccess: async () => {
      setMoving(null);
      setMessage(t('datasets.edit.moved'));
      await refresh();
    },
    onError: (e) => setMessage(errorMessage(t, e)),
  });
  const { remove, pending: removing, toast } = useDeleteWithUndo(datasetId, (state) => setGone(state === 'deleted'));
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
  const coords = (p: [number, number]) => placeOf({ type: 'Point', coordinates: p }, lang);
  const editable = dataset.fields.filter((f) => !f.personal || user?.role === 'admin');
  const canEdit = mayEdit(user, dataset);
  // A deleted record is still named by its history.
  const lastKnownName = [...history].reverse().map((h) => h.after?.properties.name ?? h.before?.properties.name).find((n) => n !== undefined && n !== null);
  const label = showValue(record?.properties.name ?? record?.naturalKey ?? `#${rid}`);
  const point = record?.geometry?.type === 'Point' ? (record.geometry.coordinates as [number, number]) : null;
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
        <h1>{showValue(record?.properties.name ?? record?.naturalKey ?? lastKnownName ?? `#${rid}`)}</h1>
        <div className="datasets-actions">
          {record && mayWrite(user?.role) && !editing && (
            <button type="button" className="datasets-button primary" onClick={startEdit} data-testid="record-edit">{t('datasets.record.edit')}</button>
          )}
          {record && canEdit && (
            <button type="button" className="datasets-button" disabled={removing} onClick={() => { setMessage(null); remove(rid, label); }} data-testid="record-delete">{t('datasets.edit.delete')}</button>
          )}
        </div>
      </header>
      {deleted && <div className="datasets-error" data-testid="record-deleted">{t('datasets.record.deleted')}</div>}
      {toast}
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
              <FieldInputs fields={editable} form={form} setForm={setForm} problems={problems} lang={lang} />
              <div className="datasets-actions">
                <button type="submit" className="datasets-button primary" data-testid="record-save">{t('datasets.record.save')}</button>
                <button type="button" className="datasets-button" onClick={() => setEditing(false)}>{t('datasets.record.cancel')}</button>
              </div>
            </form>
          )}
        </div>
        <aside className="datasets-side">
          {record?.geometry && (
            <RecordsMap records={[record]} selectedId={record.id} testId="record-map" {...(moving ? { pin: moving, onPin: setMoving } : {})} />
          )}
          {record && point && canEdit && !moving && (
            <div className="datasets-move">
              <button type="button" className="datasets-button" onClick={() => { setMessage(null); setMoving(point); }} data-testid="record-move">{t('datasets.edit.move')}</button>
            </div>
          )}
          {moving && (
            <div className="datasets-move" data-testid="move-panel">
              <span className="datasets-muted">{t('datasets.edit.moveHint')}</span>
              <span data-testid="move-coords">{coords(moving)}</span>
              <button type="button" className="datasets-button primary" disabled={moveMutation.isPending || (point !== null && moving[0] === point[0] && moving[1] === point[1])} onClick={() => moveMutation.mutate(moving)} data-testid="move-save">{t('datasets.edit.saveMove')}</button>
              <button type="button" className="datasets-button" onClick={() => setMoving(null)}>{t('datasets.record.cancel')}</button>
            </div>
          )}
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

/** A point's position as "10,73912, 106,71720" in the reader's language (other shapes: "…"). */
function placeOf(g: GeoJSON.Geometry | null | undefined, lang: 'vi' | 'en'): string {
  if (!g || g.type !== 'Point') return '…';
  const nf = new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: 5, maximumFractionDigits: 5 });
  return `${nf.format(g.coordinates[1]!)}; ${nf.format(g.coordinates[0]!)}`;
}

function Diff({ fields, lang, entry }: { fields: FieldDecl[]; lang: 'vi' | 'en'; entry: HistoryEntry }) {
  const { t } = useTranslation();
  const place = (g: GeoJSON.Geometry | null | undefined) => placeOf(g, lang);
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
              <td className="before">{showField(f, before[n], lang)}</td>
              <td>→</td>
              <td className="after">{showField(f, after[n], lang)}</td>
            </tr>
          );
        })}
        {geometryChanged && entry.before && entry.after && (
          <tr><th>{t('datasets.edit.position')}</th><td className="before">{place(entry.before.geometry)}</td><td>→</td><td className="after">{place(entry.after.geometry)}</td></tr>
        )}
      </tbody>
    </table>
  );
}
