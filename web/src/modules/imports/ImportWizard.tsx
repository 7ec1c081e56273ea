// The import wizard: upload → sheet and coordinate system → column mapping → preview with
// row errors and a map → dry run → import with a progress bar → report. The job id is in
// the URL (/data/:datasetId/import/:jobId), so progress survives a page reload.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ImportGeometrySource, ImportJob, ImportMapping, ImportPreview } from '../../../../shared/contracts/index.ts';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import { fetchDatasetInfo, fetchJob, fetchReportRows, importKeys, previewImport, rejectedUrl, startImport } from './imports-api.ts';
import { PreviewMap } from './PreviewMap.tsx';
import './imports.css';

type Step = 'upload' | 'mapping' | 'preview';
const STEPS: Step[] = ['upload', 'mapping', 'preview'];

/** How often a running job is asked for its progress. */
const POLL_MS = 500;

export function ImportWizardPage() {
  const { datasetId = '', jobId } = useParams();
  const { t, i18n } = useTranslation();
  // The dataset's title for the heading (its id until it is read).
  const datasetQuery = useQuery({ queryKey: importKeys.dataset(datasetId), queryFn: ({ signal }) => fetchDatasetInfo(datasetId, signal) });
  const dataset = datasetQuery.data ?? null;
  const lang = currentLanguage(i18n.language);
  const title = dataset ? (lang === 'en' ? dataset.titleEn : dataset.titleVi) : datasetId;
  return (
    <div className="import-page" data-testid="import-page">
      <nav className="import-crumbs">
        <Link to="/data">{t('imports.crumbData')}</Link> › <Link to={`/data/${datasetId}`}>{title}</Link> › <span>{t('imports.title')}</span>
      </nav>
      <h1>{t('imports.heading', { dataset: title })}</h1>
      {datasetQuery.error && <div className="import-error" role="alert" data-testid="import-dataset-error">{errorMessage(t, datasetQuery.error)}</div>}
      {jobId ? <JobView datasetId={datasetId} jobId={Number(jobId)} /> : <Wizard datasetId={datasetId} />}
    </div>
  );
}

function Wizard({ datasetId }: { datasetId: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const lang = currentLanguage(i18n.language);
  const [step, setStep] = useState<Step>('upload');
  const [file, setFile] = useState<File | null>(null);
  const [crs, setCrs] = useState<string>('');
  const [sheet, setSheet] = useState<string>('');
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [dryRun, setDryRun] = useState<ImportJob | null>(null);

  const run = useCallback(async (over: { mapping?: ImportMapping | null; sheet?: string; crs?: string } = {}) => {
    if (!file) return null;
    setBusy(true);
    setError(null);
    try {
      const m = over.mapping === undefined ? mapping : over.mapping;
      const p = await previewImport(datasetId, { file, sheet: (over.sheet ?? sheet) || undefined, crs: (over.crs ?? crs) || undefined, mapping: m ?? undefined });
      setPreview(p);
      setMapping(p.mapping);
      setSheet(p.sheet ?? '');
      setCrs(p.crs);
      setDryRun(null);
      return p;
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
    }
  }, [datasetId, file, sheet, crs, mapping]);

  const fieldTitle = (f: ImportPreview['fields'][number]) => (lang === 'en' ? f.titleEn : f.titleVi);

  const doDryRun = async () => {
    if (!file || !mapping) return;
    setBusy(true);
    setError(null);
    try {
      let job = await startImport(datasetId, { file, sheet: sheet || undefined, crs: crs || undefined, mapping, dryRun: true });
      const deadline = Date.now() + 10 * 60_000;
      while (job.status === 'queued' || job.status === 'running') {
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 400));
        job = await fetchJob(job.id);
      }
      setDryRun(job);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const doImport = async () => {
    if (!file || !mapping) return;
    setBusy(true);
    setError(null);
    try {
      const job = await startImport(datasetId, { file, sheet: sheet || undefined, crs: crs || undefined, mapping, dryRun: false });
      navigate(`/data/${datasetId}/import/${job.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="import-wizard">
      <ol className="import-steps" data-testid="import-steps">
        {STEPS.map((s, i) => (
          <li key={s} className={s === step ? 'is-current' : STEPS.indexOf(step) > i ? 'is-done' : ''}>
            <span className="import-steps__n">{i + 1}</span> {t(`imports.steps.${s}`)}
          </li>
        ))}
        <li><span className="import-steps__n">4</span> {t('imports.steps.import')}</li>
      </ol>
      {error !== null && <div className="import-error" role="alert" data-testid="import-error">{errorMessage(t, error)}</div>}

      {step === 'upload' && (
        <section className="import-card">
          <p className="import-help">{t('imports.upload.help')}</p>
          <label className="import-field">
            <span>{t('imports.upload.file')}</span>
            <input type="file" data-testid="import-file" accept=".csv,.txt,.tsv,.xlsx,.geojson,.json,.zip"
              onChange={(e) => { setFile(e.target.files?.[0] ?? null); setMapping(null); setPreview(null); setSheet(''); }} />
          </label>
          <label className="import-field">
            <span>{t('imports.crs')}</span>
            <select value={crs} onChange={(e) => setCrs(e.target.value)} data-testid="import-crs-initial">
              <option value="">{t('imports.crsAuto')}</option>
              <option value="EPSG:4326">WGS 84 (EPSG:4326)</option>
              <option value="EPSG:9210">VN-2000 / TM-3 105-45 (EPSG:9210)</option>
            </select>
          </label>
          <div className="import-actions">
            <button className="button button--primary" disabled={!file || busy} data-testid="import-read"
              onClick={() => void run({ mapping: null }).then((p) => p && setStep('mapping'))}>
              {busy ? t('imports.reading') : t('imports.upload.read')}
            </button>
          </div>
        </section>
      )}

      {step === 'mapping' && preview && mapping && (
        <section className="import-card" data-testid="import-mapping">
          <div className="import-row">
            {preview.sheets.length > 1 && (
              <label className="import-field">
                <span>{t('imports.sheet')}</span>
                <select value={sheet} data-testid="import-sheet" onChange={(e) => { setSheet(e.target.value); void run({ sheet: e.target.value, mapping: null }); }}>
                  {preview.sheets.map((s) => <option key={s} value={s}>{s}</option>)}
                </select>
              </label>
            )}
            <label className="import-field">
              <span>{t('imports.crs')}</span>
              <select value={crs} data-testid="import-crs" onChange={(e) => { setCrs(e.target.value); void run({ crs: e.target.value }); }}>
                {preview.crsOptions.map((c) => <option key={c.code} value={c.code}>{c.name} ({c.code})</option>)}
              </select>
            </label>
            <div className="import-meta">
              {t('imports.fileSummary', { format: preview.format.toUpperCase(), rows: preview.totalRows, header: preview.headerRow })}
              {preview.encoding && ` · ${preview.encoding}`}
              {' · '}{t(`imports.mappingSource.${preview.mappingSource}`)}
            </div>
          </div>
          {preview.geometryNote && <p className="import-note">{preview.geometryNote}</p>}
          <table className="import-table import-mapping-table">
            <thead><tr><th>{t('imports.field')}</th><th>{t('imports.column')}</th><th>{t('imports.sample')}</th></tr></thead>
            <tbody>
              {preview.fields.map((f) => {
                const header = mapping.fields[f.name] ?? '';
                return (
                  <tr key={f.name}>
                    <td>{fieldTitle(f)}{f.required && <span className="import-req" title={t('imports.required')}> *</span>} <code>{f.name}</code></td>
                    <td>
                      <select value={header} data-testid={`map-${f.name}`} onChange={(e) => {
                        const fields = { ...mapping.fields };
                        if (e.target.value) fields[f.name] = e.target.value; else delete fields[f.name];
                        setMapping({ ...mapping, fields });
                      }}>
                        <option value="">{t('imports.notImported')}</option>
                        {preview.headers.map((h) => <option key={h} value={h}>{h}</option>)}
                      </select>
                    </td>
                    <td className="import-sample">{header ? String(preview.rows[0]?.values[header] ?? '') : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <GeometryEditor preview={preview} value={mapping.geometry} onChange={(geometry) => setMapping({ ...mapping, geometry })} />
          <div className="import-actions">
            <button className="button" onClick={() => setStep('upload')}>{t('imports.back')}</button>
            <button className="button button--primary" disabled={busy} data-testid="import-preview"
              onClick={() => void run().then((p) => p && setStep('preview'))}>{busy ? t('imports.reading') : t('imports.toPreview')}</button>
          </div>
        </section>
      )}

      {step === 'preview' && preview && (
        <section className="import-card" data-testid="import-preview-step">
          <div className="import-counts">
            <Count label={t('imports.rows')} value={preview.totalRows} />
            <Count label={t('imports.valid')} value={preview.valid} tone="good" testId="preview-valid" />
            <Count label={t('imports.rejectedRows')} value={preview.rejected} tone={preview.rejected ? 'bad' : undefined} testId="preview-rejected" />
          </div>
          {preview.mappingProblems.length > 0 && <div className="import-error">{preview.mappingProblems.join('; ')}</div>}
          <div className="import-preview-grid">
            <div>
              <h2>{t('imports.errorsTitle')}</h2>
              {preview.errors.length === 0 ? <p className="import-help">{t('imports.noErrors')}</p> : (
                <table className="import-table" data-testid="import-errors">
                  <thead><tr><th>{t('imports.row')}</th><th>{t('imports.column')}</th><th>{t('imports.problem')}</th></tr></thead>
                  <tbody>{preview.errors.slice(0, 50).map((e, i) => <tr key={i}><td>{e.row}</td><td>{e.column ?? '—'}</td><td>{reasonText(t, lang, e)}</td></tr>)}</tbody>
                </table>
              )}
            </div>
            <div>
              <h2>{t('imports.mapTitle', { n: preview.geometry.features.length })}</h2>
              <PreviewMap features={preview.geometry as GeoJSON.FeatureCollection} />
            </div>
          </div>
          <h2>{t('imports.firstRows')}</h2>
          <div className="import-scroll">
            <table className="import-table import-rows">
              <thead><tr><th>{t('imports.row')}</th>{preview.headers.map((h) => <th key={h}>{h}</th>)}</tr></thead>
              <tbody>{preview.rows.slice(0, 8).map((r) => (
                <tr key={r.row} className={preview.errors.some((e) => e.row === r.row) ? 'has-error' : ''}>
                  <td>{r.row}</td>{preview.headers.map((h) => <td key={h}>{String(r.values[h] ?? '')}</td>)}
                </tr>))}
              </tbody>
            </table>
          </div>
          {dryRun && (
            <div className="import-dryrun" data-testid="import-dryrun">
              <strong>{t('imports.dryRunTitle')}</strong>{' '}
              {dryRun.status === 'failed' ? dryRun.error : t('imports.dryRunSummary', { inserted: dryRun.inserted, updated: dryRun.updated, unchanged: dryRun.unchanged, rejected: dryRun.rejected })}
            </div>
          )}
          <div className="import-actions">
            <button className="button" onClick={() => setStep('mapping')}>{t('imports.back')}</button>
            <button className="button" disabled={busy || preview.mappingProblems.length > 0} onClick={() => void doDryRun()} data-testid="import-dryrun-button">
              {t('imports.dryRun')}
            </button>
            <button className="button button--primary" disabled={busy || preview.mappingProblems.length > 0} onClick={() => void doImport()} data-testid="import-start">
              {t('imports.start', { n: preview.valid })}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

function GeometryEditor({ preview, value, onChange }: { preview: ImportPreview; value: ImportGeometrySource; onChange: (g: ImportGeometrySource) => void }) {
  const { t } = useTranslation();
  const headers = preview.headers;
  const kinds: ImportGeometrySource['kind'][] = ['coordinates', 'wkt', ...(preview.format === 'geojson' || preview.format === 'shapefile' ? ['file' as const] : []), 'none'];
  const setKind = (kind: ImportGeometrySource['kind']) => {
    if (kind === 'coordinates') onChange({ kind, eastColumn: headers[0] ?? '', northColumn: headers[1] ?? '' });
    else if (kind === 'wkt') onChange({ kind, column: headers[0] ?? '' });
    else onChange({ kind });
  };
  return (
    <div className="import-geometry" data-testid="import-geometry">
      <label className="import-field">
        <span>{t('imports.geometry.title')}</span>
        <select value={value.kind} onChange={(e) => setKind(e.target.value as ImportGeometrySource['kind'])} data-testid="geom-kind">
          {kinds.map((k) => <option key={k} value={k}>{t(`imports.geometry.${k}`)}</option>)}
        </select>
      </label>
      {value.kind === 'coordinates' && (
        <>
          <label className="import-field"><span>{t('imports.geometry.east')}</span>
            <select value={value.eastColumn} onChange={(e) => onChange({ ...value, eastColumn: e.target.value })} data-testid="geom-east">
              {headers.map((h) => <option key={h} value={h}>{h}</option>)}
            </select></label>
          <label className="import-field"><span>{t('imports.geometry.north')}</span>
            <select value={value.northColumn} onChange={(e) => onChange({ ...value, northColumn: e.target.value })} data-testid="geom-north">
              {headers.map((h) => <option key={h} value={h}>{h}</option>)}
            </select></label>
        </>
      )}
      {value.kind === 'wkt' && (
        <label className="import-field"><span>{t('imports.geometry.column')}</span>
          <select value={value.column} onChange={(e) => onChange({ ...value, column: e.target.value })}>
            {headers.map((h) => <option key={h} value={h}>{h}</option>)}
          </select></label>
      )}
    </div>
  );
}

function Count({ label, value, tone, testId }: { label: string; value: number; tone?: 'good' | 'bad' | undefined; testId?: string }) {
  const { i18n } = useTranslation();
  return (
    <div className={`import-count ${tone ? `import-count--${tone}` : ''}`} data-testid={testId}>
      <div className="import-count__value">{value.toLocaleString(localeOf(currentLanguage(i18n.language)))}</div>
      <div className="import-count__label">{label}</div>
    </div>
  );
}

function JobView({ datasetId, jobId }: { datasetId: string; jobId: number }) {
  const { t, i18n } = useTranslation();
  // Asked again every POLL_MS while the job is queued or running.
  const jobQuery = useQuery({
    queryKey: importKeys.job(jobId),
    queryFn: ({ signal }) => fetchJob(jobId, signal),
    refetchInterval: (query) => (query.state.data?.status === 'queued' || query.state.data?.status === 'running' ? POLL_MS : false),
  });
  const job = jobQuery.data ?? null;
  const error = jobQuery.error ? errorMessage(t, jobQuery.error) : null;
  const pct = useMemo(() => Math.round((job?.progress ?? 0) * 100), [job]);
  if (error) return <div className="import-error" role="alert">{error}</div>;
  if (!job) return <div className="import-card">{t('imports.loading')}</div>;
  const finished = job.status === 'done' || job.status === 'failed';
  return (
    <section className="import-card" data-testid="import-job" data-status={job.status}>
      <div className="import-job-head">
        <strong>{job.fileName}</strong> · {t(`imports.status.${job.status}`)}{job.dryRun && ` · ${t('imports.dryRunTitle')}`}
      </div>
      <div className="import-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="import-progress">
        <div className="import-progress__bar" style={{ width: `${pct}%` }} />
      </div>
      <div className="import-progress__text">{t('imports.progress', { processed: job.processed, total: job.total ?? '…', pct })}</div>
      {job.status === 'failed' && <div className="import-error" data-testid="import-failed">{job.error}</div>}
      <div className="import-counts">
        <Count label={t('imports.inserted')} value={job.inserted} tone="good" testId="job-inserted" />
        <Count label={t('imports.updated')} value={job.updated} />
        <Count label={t('imports.unchanged')} value={job.unchanged} testId="job-unchanged" />
        <Count label={t('imports.rejectedRows')} value={job.rejected} tone={job.rejected ? 'bad' : undefined} testId="job-rejected" />
        <Count label={t('imports.skippedRows')} value={job.skipped ?? 0} testId="job-skipped" />
        <Count label={t('imports.repairedRows')} value={job.repaired ?? 0} testId="job-repaired" />
        <Count label={t('imports.flaggedRows')} value={job.flagged ?? 0} testId="job-flagged" />
      </div>
      {finished && <ReportRows jobId={job.id} />}
      {finished && job.errors.length > 0 && (
        <>
          <h2>{t('imports.errorsTitle')}</h2>
          <table className="import-table" data-testid="job-errors">
            <thead><tr><th>{t('imports.column')}</th><th>{t('imports.problem')}</th><th>{t('imports.rows')}</th></tr></thead>
            <tbody>{job.errors.map((e, i) => <tr key={i}><td>{e.column ?? '—'}</td><td>{reasonText(t, currentLanguage(i18n.language), { message: e.message, code: e.code ?? undefined, params: e.params ?? undefined })}</td><td>{e.count}</td></tr>)}</tbody>
          </table>
        </>
      )}
      <div className="import-actions">
        {finished && job.rejected > 0 && (
          <>
            <a className="button" href={rejectedUrl(job.id, 'csv')} data-testid="download-rejected-csv" download>{t('imports.downloadCsv')}</a>
            <a className="button" href={rejectedUrl(job.id, 'xlsx')} data-testid="download-rejected-xlsx" download>{t('imports.downloadXlsx')}</a>
          </>
        )}
        <Link className="button" to={`/data/${datasetId}/import`}>{t('imports.another')}</Link>
        <Link className="button button--primary" to={`/data/${datasetId}`}>{t('imports.toDataset')}</Link>
      </div>
    </section>
  );
}

/** One reason of the report in the reader's language (codes and params from the server). */
type CodedReason = { code?: string | undefined; params?: Record<string, string | number> | undefined; message?: string | undefined };

function reasonText(t: (k: string, o?: Record<string, unknown>) => string, lang: 'vi' | 'en', r: CodedReason): string {
  if (!r.code) return r.message ?? '';
  const p = r.params ?? {};
  const m = Number(p.distanceM ?? 0);
  const nf = new Intl.NumberFormat(localeOf(currentLanguage(lang)), { maximumFractionDigits: 1 });
  const distance = m >= 1000 ? `${nf.format(m / 1000)} km` : `${nf.format(m)} m`;
  // The import's own wording first, then the datasets module's for field problems (one wording
  // for "required", "not in the list", … wherever a record is checked).
  const shown: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) shown[k] = typeof v === 'number' ? nf.format(v) : v;
  for (const key of [`imports.reasons.${r.code}`, `datasets.fieldProblems.${r.code}`]) {
    const text = t(key, { ...shown, distance, unit: p.unit ? ` ${String(p.unit)}` : '' });
    if (text !== key) return text;
  }
  return r.message ?? r.code;
}

/** The report row by row: rows skipped as not data, repaired, flagged and rejected, with their reasons. */
function ReportRows({ jobId }: { jobId: number }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const q = useQuery({ queryKey: importKeys.rows(jobId), queryFn: ({ signal }) => fetchReportRows(jobId, signal) });
  const rows = q.data?.rows ?? [];
  if (!rows.length) return null;
  return (
    <>
      <h2>{t('imports.reportTitle')}</h2>
      <table className="import-table" data-testid="job-report">
        <thead><tr><th>{t('imports.row')}</th><th>{t('imports.outcome')}</th><th>{t('imports.reason')}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.row}-${r.outcome}`} data-testid={`report-row-${r.row}`} data-outcome={r.outcome}>
              <td>{r.row}</td>
              <td>{t(`imports.outcomes.${r.outcome}`)}</td>
              <td>{r.reasons.map((x) => reasonText(t, lang, x)).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
