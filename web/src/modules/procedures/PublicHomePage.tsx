// Public start page (/thu-tuc): look a dossier up by its code; the published procedure list.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { foldText } from '../../../../shared/text/vietnamese.ts';
import { errorMessage } from '../../app/errors.ts';
import { fetchPublicCatalogue, formatNum, procKeys } from './procedures-api.ts';
import { PublicLayout } from './PublicLayout.tsx';

export function PublicHomePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [filter, setFilter] = useState('');
  const cat = useQuery({ queryKey: procKeys.catalogue, queryFn: ({ signal }) => fetchPublicCatalogue(signal) });
  const shown = useMemo(() => {
    const f = foldText(filter.trim());
    return (cat.data ?? []).filter((p) => !f || foldText(`${p.code} ${p.name} ${p.field ?? ''}`).includes(f));
  }, [cat.data, filter]);
  const limit = (v: number | null, unit: string) => (v === null ? '—' : `${formatNum(v, i18n.language)} ${t(`procedures.unit.${unit}`)}`);
  return (
    <PublicLayout>
      <section className="pr-card">
        <h1>{t('procedures.public.lookupTitle')}</h1>
        <form className="pr-lookup" onSubmit={(e) => { e.preventDefault(); if (code.trim()) navigate(`/thu-tuc/ho-so/${encodeURIComponent(code.trim())}`); }}>
          <input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('procedures.public.codePlaceholder')} aria-label={t('procedures.public.codePlaceholder')} data-testid="pub-code" />
          <button type="submit" className="button button--primary" data-testid="pub-lookup">{t('procedures.public.lookup')}</button>
        </form>
      </section>
      <section className="pr-card" data-testid="pub-catalogue">
        <h2>{t('procedures.public.catalogueTitle')}</h2>
        <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('procedures.public.filter')} aria-label={t('procedures.public.filter')} />
        {cat.error && <div className="pr-error" role="alert">{errorMessage(t, cat.error)}</div>}
        <table className="pr-table">
          <thead><tr><th>{t('procedures.public.procedure')}</th><th>{t('procedures.public.field')}</th><th>{t('procedures.public.limit')}</th><th>{t('procedures.public.fee')}</th><th>{t('procedures.public.online')}</th></tr></thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.code}><td>{p.name}<div className="pr-muted">{p.code}</div></td><td>{p.field}</td><td>{limit(p.timeLimit, p.timeUnit)}</td>
                <td>{p.fee ? `${formatNum(p.fee, i18n.language, 0)} ₫` : t('procedures.public.free')}</td><td>{t(`procedures.online.${p.online}`)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </PublicLayout>
  );
}
