// The data catalogue: every dataset the user may read, grouped by domain, with record count,
// owner unit, last update and data-quality score.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import { datasetKeys, datasetsApi } from './datasets-api.ts';
import { scoreClass } from './format.ts';
import './datasets.css';

export function CataloguePage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const list = useQuery({ queryKey: datasetKeys.list, queryFn: ({ signal }) => datasetsApi.list(signal) });
  const datasets = list.data?.datasets ?? null;
  const units = useQuery({ queryKey: datasetKeys.units, queryFn: ({ signal }) => datasetsApi.units(signal), staleTime: 10 * 60_000 });
  const unitName = (code: string) => {
    const u = units.data?.find((x) => x.code === code);
    return u ? (lang === 'en' ? u.nameEn : u.nameVi) : '';
  };
  const error = list.error ? errorMessage(t, list.error) : null;

  const domains = [...new Set((datasets ?? []).map((d) => d.domain))];
  const num = new Intl.NumberFormat(localeOf(lang));
  const when = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' });

  return (
    <div className="datasets-page" data-testid="datasets-catalogue">
      <h1>{t('datasets.catalogue.title')}</h1>
      <p className="datasets-muted">{t('datasets.catalogue.intro')}</p>
      {error && <div className="datasets-error" role="alert">{error}</div>}
      {!datasets && !error && <p>{t('datasets.loading')}</p>}
      {domains.map((domain) => {
        const items = datasets!.filter((d) => d.domain === domain);
        return (
          <section key={domain} className="datasets-domain" data-testid={`domain-${domain}`}>
            <h2>{t(`datasets.domains.${domain}`, { defaultValue: domain })} <span className="datasets-muted">({items.length})</span></h2>
            <table className="datasets-table">
              <thead>
                <tr>
                  <th>{t('datasets.catalogue.dataset')}</th>
                  <th className="num">{t('datasets.catalogue.records')}</th>
                  <th>{t('datasets.catalogue.owner')}</th>
                  <th>{t('datasets.catalogue.lastUpdate')}</th>
                  <th className="num">{t('datasets.catalogue.quality')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id} data-testid={`dataset-${d.id}`}>
                    <td>
                      <Link to={`/data/${d.id}`}>{lang === 'vi' ? d.titleVi : d.titleEn}</Link>
                      {!d.publicRead && <span className="datasets-badge">{t('datasets.catalogue.internal')}</span>}
                    </td>
                    <td className="num">{num.format(d.recordCount)}</td>
                    <td data-testid={`owner-${d.id}`}>{unitName(d.ownerUnit)}</td>
                    <td>{when.format(new Date(d.lastUpdate))}</td>
                    <td className="num">{d.qualityScore === null ? <span className="datasets-muted" title={t('datasets.catalogue.computing')}>…</span> : <span className={`datasets-score ${scoreClass(d.qualityScore)}`}>{d.qualityScore}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </div>
  );
}
