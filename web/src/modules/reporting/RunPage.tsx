// One issued consolidated report (/reporting/reports/:id): each figure with its value per
// ward, every value linked to the submission it came from; the files to download.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { apiUrl } from '../../app/api.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { fetchRun, reportingKeys } from './reporting-api.ts';
import { dateTimeText, nameOf, num, periodText, ReportingNav, reportingError, titleOf } from './common.tsx';
import './reporting.css';

export function RunPage() {
  const id = Number(useParams().id);
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const run = useQuery({ queryKey: reportingKeys.run(id), queryFn: ({ signal }) => fetchRun(id, signal) });
  const r = run.data;
  return (
    <div className="rep-page" data-testid="reporting-run">
      <ReportingNav />
      {run.error && <p className="rep-error" role="alert">{reportingError(t, run.error)}</p>}
      {r && (
        <>
          <h1>{r.number} · {titleOf(r, lang)} · {periodText(r.period, t)}</h1>
          <p className="rep-muted">{t('reporting.issuedAt')}: {dateTimeText(r.issuedAt, lang)} · {(['pdf', 'docx', 'xlsx'] as const).map((f) => <a key={f} href={apiUrl(`/reports/runs/${r.id}/files/${f}`)} style={{ marginRight: 8 }} data-testid={`file-${f}`}>{f.toUpperCase()}</a>)}</p>
          <div className="rep-scroll">
            <table className="rep-table" data-testid="run-figures">
              <thead><tr><th>{t('reporting.element')}</th><th className="num">{t('reporting.total')}</th>{r.figures[0]?.byUnit.map((u) => <th key={u.code} className="num">{nameOf(u, lang)}</th>)}</tr></thead>
              <tbody>
                {r.figures.map((f) => (
                  <tr key={`${f.form}.${f.element}`} data-testid={`figure-${f.element}`}>
                    <td>{nameOf(f, lang)} ({lang === 'en' ? f.unitEn : f.unitVi})</td>
                    <td className="num"><b>{num(f.value, lang)}</b></td>
                    {f.byUnit.map((u) => (
                      <td key={u.code} className="num" data-testid={`figure-${f.element}-${u.code}`}>
                        {u.submissionId ? <Link to={`/reporting/submissions/${u.submissionId}`} title={t('reporting.source')}>{num(u.value, lang)}</Link> : '—'}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.missing.length > 0 && <p className="rep-muted">{t('reporting.missingNote', { count: r.missing.length })}</p>}
        </>
      )}
    </div>
  );
}
