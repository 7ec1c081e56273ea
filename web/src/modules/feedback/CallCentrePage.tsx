// Call-centre intake (/feedback/call, admins and operators): the operator types the caller's
// number, a summary (and the transcript if there is one), picks the category — suggested from
// the text — and the place, by a pin on the map or by an address naming the ward. Posts to
// POST /api/feedback/call-centre, the same API an automated call system uses.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { CallCentreReceipt } from '../../../../shared/contracts/feedback.ts';
import { errorMessage } from '../../app/errors.ts';
import { useServedWards, wardName } from '../../app/wards.ts';
import { FeedbackMap } from './FeedbackMap.tsx';
import { callCentreIntake, feedbackKeys, fetchCategories, suggestCategory, type CallCentreInput } from './feedback-api.ts';
import { categoryName, formatDateTime } from './format.ts';
import './feedback.css';

type PlaceMode = 'pin' | 'address';

export function CallCentrePage() {
  const { t, i18n } = useTranslation();
  const categories = useQuery({ queryKey: feedbackKeys.categories, queryFn: ({ signal }) => fetchCategories(signal) });
  const cats = categories.data ?? [];
  const [callerNumber, setCallerNumber] = useState('');
  const [callerName, setCallerName] = useState('');
  const [summary, setSummary] = useState('');
  const [transcript, setTranscript] = useState('');
  const [category, setCategory] = useState('');
  const [touched, setTouched] = useState(false);
  const [suggestion, setSuggestion] = useState<{ category: string; confidence: number } | null>(null);
  const [mode, setMode] = useState<PlaceMode>('pin');
  const [pin, setPin] = useState<{ lat: number; lon: number } | null>(null);
  const [address, setAddress] = useState('');
  const [ward, setWard] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<CallCentreReceipt | null>(null);
  // The wards an operator may name instead of a pin: those the centre serves, named by the areas API.
  const served = useServedWards();

  // A failure to load the categories shows the localized load error.
  const loadError = categories.error ? t('feedback.citizen.loadError') : null;


  // Suggest a category from the summary (or transcript) once it says enough, debounced; the
  // suggestion is pre-selected until the operator picks a category themselves.
  const text = summary.trim() || transcript.trim();
  useEffect(() => {
    if (text.length < 12) return;
    const timer = window.setTimeout(() => {
      void suggestCategory(text).then((s) => {
        setSuggestion(s);
        if (!touched && s.confidence >= 0.5) setCategory(s.category);
      }).catch(() => undefined);
    }, 500);
    return () => window.clearTimeout(timer);
  }, [text, touched]);

  const reset = () => {
    setReceipt(null);
    setCallerNumber('');
    setCallerName('');
    setSummary('');
    setTranscript('');
    setCategory('');
    setTouched(false);
    setSuggestion(null);
    setPin(null);
    setAddress('');
    setWard('');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!text) return setError(t('feedback.call.needText'));
    const body: CallCentreInput = { callerNumber: callerNumber.trim() };
    if (callerName.trim()) body.callerName = callerName.trim();
    if (summary.trim()) body.summary = summary.trim();
    if (transcript.trim()) body.transcript = transcript.trim();
    if (category) body.category = category;
    if (mode === 'pin') {
      if (!pin) return setError(t('feedback.call.needPin'));
      body.lat = pin.lat;
      body.lon = pin.lon;
      if (address.trim()) body.address = address.trim();
    } else {
      // The server places an address at the ward it names: always name the chosen ward (in Vietnamese).
      const named = served.wards?.find((w) => w.code === ward)?.nameVi ?? '';
      const full = [address.trim(), named].filter(Boolean).join(', ');
      if (!full) return setError(t('feedback.call.needAddress'));
      body.address = full;
    }
    setBusy(true);
    try {
      setReceipt(await callCentreIntake(body));
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <div className="fb-staff" data-testid="call-receipt">
        <p><Link to="/feedback">← {t('feedback.staff.inbox')}</Link></p>
        <div className="fb-card fb-call-receipt">
          <h1>{t('feedback.call.received')}</h1>
          <p className="fb-code" data-testid="call-code">{receipt.trackingCode}</p>
          <p>{t('feedback.call.readBack')}</p>
          <dl className="fb-dl">
            <dt>{t('feedback.staff.category')}</dt><dd data-testid="call-category">{categoryName(cats, receipt.categoryCode, i18n.language)}{receipt.categorySuggested && <span className="fb-muted"> ({t('feedback.call.suggestedPct', { pct: Math.round(receipt.categorySuggested.confidence * 100) })})</span>}</dd>
            <dt>{t('feedback.staff.ward')}</dt><dd>{receipt.wardName ?? '—'}</dd>
            <dt>{t('feedback.staff.deadline')}</dt><dd>{formatDateTime(receipt.deadlineAt, i18n.language)}</dd>
            {receipt.possibleDuplicates > 0 && <><dt>{t('feedback.staff.duplicates')}</dt><dd>{receipt.possibleDuplicates}</dd></>}
          </dl>
          <div className="fb-row">
            <Link className="button button--primary" to={`/feedback/${receipt.id}`} data-testid="call-open">{t('feedback.call.open')}</Link>
            <button type="button" className="button" onClick={reset} data-testid="call-new">{t('feedback.call.new')}</button>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="fb-staff" data-testid="call-intake">
      <p><Link to="/feedback">← {t('feedback.staff.inbox')}</Link></p>
      <h1>{t('feedback.call.title')}</h1>
      <form className="fb-call" onSubmit={(e) => void submit(e)} data-testid="call-form">
        <section className="fb-form">
          <div className="fb-row fb-row--wrap">
            <label>{t('feedback.call.callerNumber')}<input value={callerNumber} onChange={(e) => setCallerNumber(e.target.value)} inputMode="tel" minLength={3} maxLength={30} required data-testid="call-number" /></label>
            <label>{t('feedback.call.callerName')}<input value={callerName} onChange={(e) => setCallerName(e.target.value)} maxLength={120} data-testid="call-name" /></label>
          </div>
          <label>
            {t('feedback.call.summary')}
            <textarea rows={3} maxLength={4000} value={summary} onChange={(e) => setSummary(e.target.value)} placeholder={t('feedback.call.summaryHint')} data-testid="call-summary" />
          </label>
          <label>
            {t('feedback.call.transcript')}
            <textarea rows={4} maxLength={20000} value={transcript} onChange={(e) => setTranscript(e.target.value)} data-testid="call-transcript" />
          </label>
          <label>
            {t('feedback.staff.category')}
            <select value={category} onChange={(e) => { setCategory(e.target.value); setTouched(true); }} data-testid="call-category-select">
              <option value="">{t('feedback.call.autoCategory')}</option>
              {cats.map((c) => <option key={c.code} value={c.code}>{i18n.language === 'en' ? c.nameEn : c.nameVi}</option>)}
            </select>
          </label>
          {suggestion && suggestion.confidence > 0 && (
            <p className="fb-suggestion" data-testid="call-suggestion">
              {t('feedback.citizen.suggested', { category: categoryName(cats, suggestion.category, i18n.language), pct: Math.round(suggestion.confidence * 100) })}
              {category !== suggestion.category && <button type="button" className="button button--small" onClick={() => { setCategory(suggestion.category); setTouched(true); }}>{t('feedback.citizen.useSuggestion')}</button>}
            </p>
          )}
        </section>
        <section className="fb-form">
          <div className="fb-tabs" role="group" aria-label={t('feedback.call.place')}>
            <button type="button" aria-pressed={mode === 'pin'} onClick={() => setMode('pin')} data-testid="call-mode-pin">{t('feedback.call.byPin')}</button>
            <button type="button" aria-pressed={mode === 'address'} onClick={() => setMode('address')} data-testid="call-mode-address">{t('feedback.call.byAddress')}</button>
          </div>
          {mode === 'pin' ? (
            <>
              <FeedbackMap className="fb-map fb-map--call" pin={pin} onPick={setPin} testId="call-map" />
              <span className="fb-muted" data-testid="call-pin">{pin ? `${pin.lat.toFixed(5)}, ${pin.lon.toFixed(5)}` : t('feedback.call.tapMap')}</span>
              <label>{t('feedback.call.addressOptional')}<input value={address} maxLength={250} onChange={(e) => setAddress(e.target.value)} data-testid="call-address-note" /></label>
            </>
          ) : (
            <>
              <label>{t('feedback.call.address')}<input value={address} maxLength={250} onChange={(e) => setAddress(e.target.value)} placeholder={t('feedback.call.addressHint')} data-testid="call-address" /></label>
              <label>
                {t('feedback.call.area')}
                <select value={ward} onChange={(e) => setWard(e.target.value)} data-testid="call-ward">
                  <option value="">{t('feedback.call.wardInAddress')}</option>
                  {served.wards?.map((w) => <option key={w.code} value={w.code}>{wardName(w, i18n.language)}</option>)}
                </select>
              </label>
              {served.error && <div className="fb-error" role="alert" data-testid="call-ward-error">{errorMessage(t, served.error)}</div>}
              <p className="fb-muted">{t('feedback.call.addressNote')}</p>
            </>
          )}
          {(error ?? loadError) && <div className="fb-error" role="alert" data-testid="call-error">{error ?? loadError}</div>}
          <button type="submit" className="button button--primary" disabled={busy} data-testid="call-submit">{busy ? t('feedback.citizen.sending') : t('feedback.call.submit')}</button>
        </section>
      </form>
    </div>
  );
}
