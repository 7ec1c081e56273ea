// Table view of one dataset: paging, sorting, field filters, search (diacritics optional),
// area filter, a map of the current page, export and import buttons, the quality panel and,
// for admins, the declaration editor. Filters live in the URL so every view can be shared.
// Writers add a record (its point placed on the map) and delete rows, with an undo toast.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { useClientConfig } from '../../app/client-config.tsx';
import type { Area } from '../../../../shared/contracts/index.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import { datasetKeys, datasetsApi, mayImport, type ListQuery } from './datasets-api.ts';
import { enumLabel, fieldTitle, scoreClass, showField, showValue } from './format.ts';
import { FieldInputs, fieldProblems, fromInput, mayEdit, useDeleteWithUndo, type Problems } from './record-editing.tsx';
import { RecordsMap } from './RecordsMap.tsx';
import { DeclarationEditor } from './DeclarationEditor.tsx';
import './datasets.css';

const PAGE = 25;
/** Query parameters passed through to the API as they are. */
const PASS = ['q', 'area', 'sort', 'quality', 'offset'];

export function DatasetPage() {
  const { datasetId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<number | null>(null);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [showEditor, setShowEditor] = useState(false);
  // The new-record form: its values, where its point goes, the API's problems.
  const [adding, setAdding] = useState(false);
  const [newForm, setNewForm] = useState<Record<string, string>>({});
  const [newPin, setNewPin] = useState<[number, number] | null>(null);
  const [newProblems, setNewProblems] = useState<Problems>({});
  const { remove, pending: removing, toast } = useDeleteWithUndo(datasetId);

  // Today's wards, those the centre serves (client configuration) first, in the order it names them.
  const wardsQuery = useQuery({
    queryKey: datasetKeys.wards,
    queryFn: async ({ signal }) => (await api<{ areas: Area[] }>('/areas', { query: { level: 'ward' }, signal })).areas,
  });
  const served = useClientConfig()?.wards;
  const wards = useMemo(() => {
    const rank = (code: string) => (served?.includes(code) ? served.indexOf(code) : Number.MAX_SAFE_INTEGER);
    return [...(wardsQuery.data ?? [])].sort((a, b) => rank(a.code) - rank(b.code) || a.nameVi.localeCompare(b.nameVi, 'vi'));
  }, [wardsQuery.data, served]);

  const query: ListQuery = useMemo(() => {
    const q: ListQuery = { limit: PAGE };
    for (const [k, v] of params.entries()) if ((PASS.includes(k) || k.startsWith('f.')) && v) q[k] = v;
    return q;
  }, [params]);

  const datasetQuery = useQuery({ queryKey: datasetKeys.detail(datasetId), queryFn: ({ signal }) => datasetsApi.get(datasetId, signal) });
  const recordsQuery = useQuery({
    queryKey: datasetKeys.records(datasetId, query),
    queryFn: ({ signal }) => datasetsApi.records(datasetId, query, signal),
    // While the next page or filter loads, the current one stays (within the same dataset).
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === datasetId ? keepPreviousData(previous) : undefined),
  });
  // The quality report asks only once the table is in: on the embedded engine (one database
  // session) a report still being computed must not hold the records back (issue 20). The
  // server keeps the report until the dataset changes; here it is kept for five minutes.
  const qualityQuery = useQuery({
    queryKey: datasetKeys.quality(datasetId),
    queryFn: ({ signal }) => datasetsApi.quality(datasetId, signal),
    enabled: recordsQuery.isSuccess && datasetQuery.isSuccess,
    staleTime: 5 * 60_000,
  });
  const dataset = datasetQuery.data ?? null;
  const quality = qualityQuery.data ?? null;
  const page = recordsQuery.data ?? null;
  const failure = datasetQuery.error ?? recordsQuery.error ?? wardsQuery.error;
  const error = failure ? errorMessage(t, failure) : null;

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('offset' in changes)) next.delete('offset');
    setParams(next);
  };

  const create = useMutation({
    mutationFn: (body: { properties: Record<string, unknown>; geometry?: GeoJSON.Geometry | null }) => datasetsApi.create(datasetId, body),
    onSuccess: async (r) => {
      setAdding(false);
      await queryClient.invalidateQueries({ queryKey: datasetKeys.dataset(datasetId) });
      void navigate(`/data/${datasetId}/records/${r.id}`);
    },
    onError: (e) => setNewProblems(fieldProblems(e, t, lang)),
  });

  if (!dataset) return <div className="datasets-page">{error ? <div className="datasets-error" role="alert">{error}</div> : t('datasets.loading')}</div>;

  const columns = dataset.fields.filter((f) => f.type !== 'url').slice(0, 6);
  const enumFields = dataset.fields.filter((f) => f.type === 'enum' && !f.personal).slice(0, 3);
  const offset = Number(params.get('offset') ?? 0);
  const sort = params.get('sort') ?? 'id';
  const num = new Intl.NumberFormat(localeOf(lang));
  const toggleSort = (key: string) => set({ sort: sort === key ? `-${key}` : key });
  const sortMark = (key: string) => (sort === key ? ' ▲' : sort === `-${key}` ? ' ▼' : '');
  const exportQuery = { ...query, limit: undefined, offset: undefined };
  const canEdit = mayEdit(user, dataset);
  // Personal fields are written by admins only (the server's rule): others leave them empty.
  const newFields = dataset.fields.filter((f) => !f.personal || user?.role === 'admin');
  const saveNew = () => {
    const properties: Record<string, unknown> = {};
    for (const f of newFields) {
      const v = fromInput(f, newForm[f.name] ?? '');
      if (v !== null) properties[f.name] = v;
    }
    create.mutate({ properties, ...(newPin ? { geometry: { type: 'Point', coordinates: newPin } } : {}) });
  };
  const nf5 = new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: 5, maximumFractionDigits: 5 });

  return (
    <div className="datasets-page" data-testid="dataset-view">
      <nav className="datasets-crumbs"><Link to="/data">{t('datasets.nav')}</Link> › {lang === 'vi' ? dataset.titleVi : dataset.titleEn}</nav>
      <header className="datasets-head">
        <h1>{lang === 'vi' ? dataset.titleVi : dataset.titleEn}</h1>
        <div className="datasets-actions">
          {(['csv', 'xlsx', 'geojson'] as const).map((f) => (
            <a key={f} className="datasets-button" href={datasetsApi.exportUrl(datasetId, f, exportQuery)} download data-testid={`export-${f}`}>
              {t(`datasets.export.${f}`)}
            </a>
          ))}
          {mayImport(user, dataset) && (
            <Link className="datasets-button primary" to={`/data/${datasetId}/import`} data-testid="import-button">{t('datasets.import')}</Link>
          )}
          {canEdit && !adding && (
            <button type="button" className="datasets-button primary" onClick={() => { setAdding(true); setNewForm({}); setNewPin(null); setNewProblems({}); }} data-testid="record-add">{t('datasets.edit.add')}</button>
          )}
          {user?.role === 'admin' && (
            <button type="button" className="datasets-button" onClick={() => setShowEditor((v) => !v)} data-testid="declaration-toggle">
              {t('datasets.declaration.edit')}
            </button>
          )}
        </div>
      </header>
      {toast}
      {adding && (
        <form className="datasets-new datasets-form" onSubmit={(e) => { e.preventDefault(); saveNew(); }} data-testid="new-record-form">
          <h2>{t('datasets.edit.newTitle')}</h2>
          <FieldInputs fields={newFields} form={newForm} setForm={setNewForm} problems={newProblems} lang={lang} />
          {dataset.geometryType === 'point' && (
            <div>
              <p className="datasets-muted">{t('datasets.edit.placeHint')} <span data-testid="new-coords">{newPin ? `${nf5.format(newPin[1])}; ${nf5.format(newPin[0])}` : ''}</span></p>
              <RecordsMap records={page?.records ?? []} pin={newPin} onPin={setNewPin} testId="new-record-map" />
            </div>
          )}
          {create.error && !Object.keys(newProblems).length && <div className="datasets-error" role="alert">{errorMessage(t, create.error)}</div>}
          <div className="datasets-actions">
            <button type="submit" className="datasets-button primary" disabled={create.isPending} data-testid="new-record-save">{t('datasets.record.save')}</button>
            <button type="button" className="datasets-button" onClick={() => setAdding(false)}>{t('datasets.record.cancel')}</button>
          </div>
        </form>
      )}
      {showEditor && <DeclarationEditor datasetId={datasetId} onSaved={(d) => queryClient.setQueryData(datasetKeys.detail(datasetId), d)} />}

      <form
        className="datasets-filters"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: search.trim() || null });
        }}
      >
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('datasets.table.searchPlaceholder')} aria-label={t('datasets.table.search')} data-testid="records-search" />
        <button type="submit" className="datasets-button">{t('datasets.table.search')}</button>
        <label>
          {t('datasets.table.area')}
          <select value={params.get('area') ?? ''} onChange={(e) => set({ area: e.target.value || null })} data-testid="records-area">
            <option value="">{t('datasets.table.allAreas')}</option>
            {wards.map((w) => <option key={w.code} value={w.code}>{lang === 'vi' ? w.nameVi : w.nameEn}</option>)}
          </select>
        </label>
        {enumFields.map((f) => (
          <label key={f.name}>
            {fieldTitle(f, lang)}
            <select value={params.get(`f.${f.name}`) ?? ''} onChange={(e) => set({ [`f.${f.name}`]: e.target.value || null })} data-testid={`filter-${f.name}`}>
              <option value="">{t('datasets.table.any')}</option>
              {f.values?.map((v) => <option key={v} value={v}>{enumLabel(f, v, lang)}</option>)}
            </select>
          </label>
        ))}
        {params.get('quality') && (
          <span className="datasets-chip" data-testid="quality-filter">
            {t(`datasets.quality.checks.${params.get('quality')}`)}
            <button type="button" onClick={() => set({ quality: null })} aria-label={t('datasets.table.clear')}>×</button>
          </span>
        )}
      </form>

      {error && <div className="datasets-error" role="alert">{error}</div>}
      <div className="datasets-split">
        <div className="datasets-main">
          <p className="datasets-muted" data-testid="records-total">
            {page ? t('datasets.table.total', { count: page.total, formatted: num.format(page.total) }) : t('datasets.loading')}
            {page && page.personalData === 'masked' && ` · ${t('datasets.table.masked')}`}
          </p>
          <table className="datasets-table records">
            <thead>
              <tr>
                <th><button type="button" onClick={() => toggleSort('id')}>#{sortMark('id')}</button></th>
                {columns.map((f) => (
                  <th key={f.name}>
                    {f.personal ? fieldTitle(f, lang) : <button type="button" onClick={() => toggleSort(f.name)} data-testid={`sort-${f.name}`}>{fieldTitle(f, lang)}{sortMark(f.name)}</button>}
                  </th>
                ))}
                <th><button type="button" onClick={() => toggleSort('updatedAt')}>{t('datasets.table.updated')}{sortMark('updatedAt')}</button></th>
                {canEdit && <th aria-label={t('datasets.edit.delete')} />}
              </tr>
            </thead>
            <tbody>
              {page?.records.map((r) => (
                <tr key={r.id} className={r.id === selected ? 'selected' : ''} onMouseEnter={() => setSelected(r.id)} onClick={() => navigate(`/data/${datasetId}/records/${r.id}`)} data-testid="record-row">
                  <td><Link to={`/data/${datasetId}/records/${r.id}`}>{r.id}</Link></td>
                  {columns.map((f) => <td key={f.name}>{showField(f, r.properties[f.name], lang)}</td>)}
                  <td>{new Date(r.updatedAt).toLocaleDateString(localeOf(lang))}</td>
                  {canEdit && (
                    <td>
                      <button type="button" className="datasets-button small" disabled={removing} aria-label={t('datasets.edit.deleteOne', { name: showValue(r.properties.name ?? r.naturalKey ?? `#${r.id}`) })}
                        onClick={(e) => { e.stopPropagation(); remove(r.id, showValue(r.properties.name ?? r.naturalKey ?? `#${r.id}`)); }} data-testid={`delete-${r.id}`}>{t('datasets.edit.delete')}</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {page && (
            <div className="datasets-pager">
              <button type="button" className="datasets-button" disabled={offset === 0} onClick={() => set({ offset: String(Math.max(0, offset - PAGE)) })}>{t('datasets.table.previous')}</button>
              <span>{page.total ? `${num.format(offset + 1)}–${num.format(Math.min(offset + PAGE, page.total))} / ${num.format(page.total)}` : '0'}</span>
              <button type="button" className="datasets-button" disabled={offset + PAGE >= page.total} onClick={() => set({ offset: String(offset + PAGE) })} data-testid="next-page">{t('datasets.table.next')}</button>
            </div>
          )}
        </div>
        <aside className="datasets-side">
          {dataset.geometryType !== 'none' && page && (
            <RecordsMap records={page.records} selectedId={selected} onSelect={(id) => navigate(`/data/${datasetId}/records/${id}`)} testId="records-map" />
          )}
          {qualityQuery.error && <div className="datasets-error" role="alert" data-testid="quality-error">{errorMessage(t, qualityQuery.error)}</div>}
          {quality && (
            <section className="datasets-quality" data-testid="quality-panel">
              <h2>{t('datasets.quality.title')} <span className={`datasets-score ${scoreClass(quality.score)}`}>{quality.score}</span></h2>
              <ul>
                {quality.findings.map((f) => (
                  <li key={f.check}>
                    {f.count > 0 ? (
                      <button type="button" className="link" onClick={() => set({ quality: f.check })} data-testid={`quality-${f.check}`}>
                        {t(`datasets.quality.checks.${f.check}`)}: {num.format(f.count)}
                      </button>
                    ) : (
                      <span className="datasets-muted">{t(`datasets.quality.checks.${f.check}`)}: 0</span>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}

