// Officials ranked by citizens' ratings (/procedures/officials, leaders and admins).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { fetchOfficials, formatNum, procKeys } from './procedures-api.ts';
import { StaffTabs } from './StaffTabs.tsx';
import './procedures.css';

export function OfficialsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [period, setPeriod] = useState('');
  const valid = period === '' || /^\d{4}(-\d{2}|-Q[1-4])?$/.test(period);
  const q = useQuery({ queryKey: procKeys.officials(period), queryFn: ({ signal }) => fetchOfficials(period, signal), placeholderData: keepPreviousData, enabled: valid });
  return (
    <div className="pr-staff" data-testid="proc-officials">
      <StaffTabs />
      <h1>{t('procedures.officials.title')}</h1>
      <p className="pr-muted">{t('procedures.officials.intro')}</p>
      <div className="pr-filters">
        <label>{t('procedures.index.period')} <input value={period} onChange={(e) => setPeriod(e.target.value.trim())} size={9} placeholder={t('procedures.officials.allTime')} /></label>
      </div>
      {q.error && <div className="pr-error" role="alert">{errorMessage(t, q.error)}</div>}
      <table className="pr-table" data-testid="proc-officials-table">
        <thead><tr><th>#</th><th>{t('procedures.officials.official')}</th><th>{t('procedures.officials.unit')}</th><th className="num">{t('procedures.officials.official_score')}</th><th className="num">{t('procedures.officials.service_score')}</th><th className="num">{t('procedures.officials.ratings')}</th></tr></thead>
        <tbody>
          {q.data?.officials.map((o, i) => (
            <tr key={o.officialCode} data-testid={`proc-official-${o.officialCode}`}>
              <td>{i + 1}</td><td>{o.officialName ?? o.officialCode}</td><td>{(lang === 'en' ? o.unitNameEn : o.unitNameVi) ?? o.unitCode ?? '—'}</td>
              <td className="num"><b>{formatNum(o.averageOfficialScore, lang)} ★</b></td><td className="num">{formatNum(o.averageServiceScore, lang)} ★</td>
              <td className="num" data-testid="proc-official-ratings">{formatNum(o.ratings, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
