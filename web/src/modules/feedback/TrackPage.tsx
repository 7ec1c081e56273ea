// Public status of a report by its tracking code: status, timeline, answer, the rating, and
// "still not fixed" (reopens a resolved report within the window the server gives).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { CitizenLayout } from './CitizenLayout.tsx';
import { feedbackKeys, rateReport, reopenReport, trackReport } from './feedback-api.ts';
import { STATUS_COLORS, formatDateTime } from './format.ts';

export function TrackPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [phoneLast4, setPhoneLast4] = useState('');

  const tracked = useQuery({ queryKey: feedbackKeys.track(code), queryFn: ({ signal }) => trackReport(code, signal) });
  const view = tracked.data ?? null;
  const rateMutation = useMutation({
    mutationFn: () => rateReport(code, rating, comment, view?.ratingNeedsDigits ? phoneLast4 : undefined),
    onSuccess: (next) => queryClient.setQueryData(feedbackKeys.track(code), next),
  });
  const rate = () => rateMutation.mutate();
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');
  const reopenMutation = useMutation({
    mutationFn: () => reopenReport(code, reason, view?.ratingNeedsDigits ? phoneLast4 : undefined),
    onSuccess: (next) => {
      queryClient.setQueryData(feedbackKeys.track(code), next);
      setReopening(false);
      setReason('');
    },
  });
  const failure = rateMutation.error ?? reopenMutation.error ?? tracked.error;
  const error = !failure ? null : failure instanceof ApiError && failure.status === 404 && failure === tracked.error ? t('feedback.track.notFound') : errorMessage(t, failure);

  return (
    <CitizenLayout>
      {error && <div className="fb-error" role="alert">{error}</div>}
      {view && (
        <section className="fb-card" data-testid="track-view">
          <p className="fb-code">{view.trackingCode}</p>
          <p><span className="fb-status" style={{ background: STATUS_COLORS[view.status] }} data-testid="track-status" data-status={view.status}>{t(`feedback.status.${view.status}`)}</span></p>
          <h1>{i18n.language === 'en' ? view.categoryNameEn : view.categoryNameVi}</h1>
          <p className="fb-text" data-testid="track-description">{view.description}</p>
          <p className="fb-muted">{view.wardName} · {t('feedback.track.sent')} {formatDateTime(view.createdAt, i18n.language)} · {t('feedback.track.deadline')} {formatDateTime(view.deadlineAt, i18n.language)}</p>
          {view.photoUrls.length > 0 && <div className="fb-photos" data-testid="track-photos">{view.photoUrls.map((u) => <img key={u} src={u} alt={t('feedback.track.photo')} />)}</div>}
          {view.answer && (
            <div className="fb-answer" data-testid="track-answer">
              <h2>{t('feedback.track.answer')}</h2>
              <p className="fb-text">{view.answer}</p>
              {view.answerPhotoUrls.length > 0 && <div className="fb-photos" data-testid="track-answer-photos">{view.answerPhotoUrls.map((u) => <img key={u} src={u} alt={t('feedback.track.answerPhoto')} />)}</div>}
            </div>
          )}
          {view.rejectReason && <div className="fb-answer fb-answer--rejected"><h2>{t('feedback.track.rejected')}</h2><p className="fb-text">{view.rejectReason}</p></div>}
          {view.canRate && (
            <div className="fb-rate" data-testid="rate-form">
              <h2>{t('feedback.track.rateTitle')}</h2>
              <div className="fb-stars">
                {[1, 2, 3, 4, 5].map((n) => (
                  <button key={n} type="button" aria-label={`${n}`} className={n <= rating ? 'on' : ''} onClick={() => setRating(n)} data-testid={`star-${n}`}>★</button>
                ))}
              </div>
              <textarea rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('feedback.track.comment')} data-testid="rate-comment" />
              {view.ratingNeedsDigits && (
                <label className="fb-phone-check">{t('feedback.track.phoneLast4')}
                  <input inputMode="numeric" pattern="[0-9]{4}" maxLength={4} value={phoneLast4} onChange={(e) => setPhoneLast4(e.target.value.replace(/\D/g, '').slice(0, 4))} data-testid="rate-phone" />
                </label>
              )}
              <button type="button" className="button button--primary" disabled={!rating || (view.ratingNeedsDigits && phoneLast4.length !== 4)} onClick={rate} data-testid="rate-submit">{t('feedback.track.rate')}</button>
            </div>
          )}
          {view.rating !== null && <p data-testid="track-rating">{t('feedback.track.rated', { rating: view.rating })}</p>}
          {view.canReopen && !reopening && (
            <p><button type="button" className="button" onClick={() => setReopening(true)} data-testid="reopen-open">{t('feedback.track.stillNotFixed')}</button> <span className="fb-muted">{t('feedback.track.reopenUntil', { date: formatDateTime(view.reopenUntil, i18n.language) })}</span></p>
          )}
          {view.canReopen && reopening && (
            <form className="fb-reopen" onSubmit={(e) => { e.preventDefault(); reopenMutation.mutate(); }} data-testid="reopen-form">
              <h2>{t('feedback.track.stillNotFixed')}</h2>
              <textarea rows={2} minLength={5} maxLength={1000} required value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('feedback.track.reopenReason')} data-testid="reopen-reason" />
              {view.ratingNeedsDigits && (
                <label className="fb-phone-check">{t('feedback.track.phoneLast4')}
                  <input inputMode="numeric" pattern="[0-9]{4}" maxLength={4} value={phoneLast4} onChange={(e) => setPhoneLast4(e.target.value.replace(/\D/g, '').slice(0, 4))} data-testid="reopen-phone" />
                </label>
              )}
              <div className="fb-row">
                <button type="submit" className="button button--primary" disabled={reopenMutation.isPending || reason.trim().length < 5 || (view.ratingNeedsDigits && phoneLast4.length !== 4)} data-testid="reopen-submit">{t('feedback.track.reopen')}</button>
                <button type="button" className="button" onClick={() => setReopening(false)}>{t('feedback.staff.cancel')}</button>
              </div>
            </form>
          )}
          <h2>{t('feedback.track.timeline')}</h2>
          <ol className="fb-timeline">
            {view.timeline.map((e, i) => (
              <li key={i} data-kind={e.kind}><span className="fb-muted">{formatDateTime(e.at, i18n.language)}</span> {t(`feedback.event.${e.kind}`, { defaultValue: e.kind })}{e.kind === 'reopened' && e.note ? ` — ${e.note}` : ''}</li>
            ))}
          </ol>
        </section>
      )}
    </CitizenLayout>
  );
}
