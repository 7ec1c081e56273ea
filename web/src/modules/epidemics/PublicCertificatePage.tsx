// The public check of a green certificate (/xac-minh-xanh/:token, no login): the subject's
// public label, ward, validity and whether it is still green today. No person's identity.
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { LanguageToggle } from '../../i18n/LanguageToggle.tsx';
import { formatDate } from '../../i18n/format.ts';
import type { Language } from '../../i18n/index.ts';
import { epiKeys, fetchCertificate } from './epidemics-api.ts';
import './epidemics.css';

export function PublicCertificatePage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'en' ? 'en' : 'vi') as Language;
  const q = useQuery({ queryKey: epiKeys.certificate(token), queryFn: ({ signal }) => fetchCertificate(token, signal), retry: false });
  const c = q.data;
  return (
    <main className="epi-public" data-testid="public-certificate">
      <header><h1>{t('epidemics.public.title')}</h1><LanguageToggle /></header>
      {q.error && <p className="epi-error" role="alert">{q.error instanceof ApiError && q.error.status === 404 ? t('epidemics.public.notFound') : errorMessage(t, q.error)}</p>}
      {c && (
        <section className={`epi-cert epi-cert--${c.status}`} data-testid="cert-card">
          <p className="epi-cert-status" data-testid="cert-status">{t(`epidemics.public.status.${c.status}`)}</p>
          <h2 data-testid="cert-label">{c.label}</h2>
          <p>{t(`epidemics.green.${c.subjectKind}`)}{c.wardName ? ` · ${t('epidemics.public.ward', { name: lang === 'en' ? (c.wardNameEn ?? c.wardName) : c.wardName })}` : ''}</p>
          <p>{t('epidemics.public.valid', { from: formatDate(c.issuedOn, lang), to: formatDate(c.validUntil, lang) })}</p>
          <p className="epi-muted">{t('epidemics.public.checked', { day: formatDate(c.checkedOn, lang) })}</p>
        </section>
      )}
    </main>
  );
}
