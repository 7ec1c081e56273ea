// A dossier looked up by its code (/thu-tuc/ho-so/:code): status, steps, due date; once it
// has ended, the citizen rates the service and the official (verified by the phone's last
// four digits).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { fetchPublicDossier, formatDateTime, procKeys, rateDossier } from './procedures-api.ts';
import { PublicLayout } from './PublicLayout.tsx';

function Stars({ value, onChange, testId }: { value: number; onChange: (n: number) => void; testId: string }) {
  return (
    <div className="pr-stars" data-testid={testId}>
      {[1, 2, 3, 4, 5].map((n) => <button key={n} type="button" aria-label={`${n}`} className={n <= value ? 'on' : ''} onClick={() => onChange(n)} data-testid={`${testId}-${n}`}>★</button>)}
    </div>
  );
}

export function PublicDossierPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const [service, setService] = useState(0);
  const [official, setOfficial] = useState(0);
  const [comment, setComment] = useState('');
  const [digits, setDigits] = useState('');
  const q = useQuery({ queryKey: procKeys.dossier(code), queryFn: ({ signal }) => fetchPublicDossier(code, signal), retry: false });
  const rate = useMutation({
    mutationFn: () => rateDossier(code, { phoneLast4: digits, serviceScore: service, officialScore: official, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    onSuccess: (next) => qc.setQueryData(procKeys.dossier(code), next),
  });
  const d = q.data;
  const failure = rate.error ?? q.error;
  const message = !failure ? null
    : failure instanceof ApiError && failure.status === 404 ? t('procedures.public.notFound')
      : failure instanceof ApiError && failure.status === 409 ? t('procedures.public.alreadyRated')
        : errorMessage(t, failure);
  return (
    <PublicLayout>
      {message && <div className="pr-error" role="alert" data-testid="pub-error">{message}</div>}
      {d && (
        <section className="pr-card" data-testid="pub-dossier">
          <p className="pr-muted">{t('procedures.public.code')}: <b>{d.code}</b></p>
          <h1>{d.procedureName ?? d.procedureCode}</h1>
          <p><span className="pr-status" data-testid="pub-status">{t(`procedures.status.s${d.status}`)}</span></p>
          <p>{t('procedures.public.unit')}: {(lang === 'en' ? d.unitNameEn : d.unitNameVi) ?? '—'}{d.wardNameVi ? ` · ${lang === 'en' ? d.wardNameEn : d.wardNameVi}` : ''}</p>
          <p data-testid="pub-due">{t('procedures.public.due')}: <b>{formatDateTime(d.dueAt, lang)}</b>{d.finishedAt && <> · {t('procedures.public.finished')}: <b>{formatDateTime(d.finishedAt, lang)}</b></>}</p>
          {d.channel !== null && <p>{t('procedures.public.channel')}: {t(`procedures.channel.c${d.channel}`)}</p>}
          {d.officialName && <p>{t('procedures.public.official')}: {d.officialName}</p>}
          <h2>{t('procedures.public.steps')}</h2>
          <ol className="pr-steps" data-testid="pub-steps">
            {d.steps.map((s, i) => <li key={i}><span className="pr-muted">{formatDateTime(s.at, lang)}</span> {t(`procedures.step.${s.kind}`)}</li>)}
          </ol>
          {d.rated && <div className="pr-ok" data-testid="pub-rated">{t('procedures.public.thanks')}</div>}
          {d.canRate && (
            <div className="pr-rate" data-testid="pub-rate-form">
              <h2>{t('procedures.public.rateTitle')}</h2>
              <label>{t('procedures.public.rateService')}</label>
              <Stars value={service} onChange={setService} testId="pub-service" />
              <label>{t('procedures.public.rateOfficial')}{d.officialName ? ` (${d.officialName})` : ''}</label>
              <Stars value={official} onChange={setOfficial} testId="pub-official" />
              <label htmlFor="pub-comment">{t('procedures.public.comment')}</label>
              <textarea id="pub-comment" rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="pub-comment" />
              <label htmlFor="pub-digits">{t('procedures.public.phoneLast4')}</label>
              <input id="pub-digits" inputMode="numeric" maxLength={4} value={digits} onChange={(e) => setDigits(e.target.value.replace(/\D/g, '').slice(0, 4))} data-testid="pub-digits" />
              <p><button type="button" className="button button--primary" disabled={!service || !official || digits.length !== 4 || rate.isPending} onClick={() => rate.mutate()} data-testid="pub-rate-submit">{t('procedures.public.send')}</button></p>
            </div>
          )}
        </section>
      )}
    </PublicLayout>
  );
}
