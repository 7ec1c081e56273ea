// The citizen's report form (/phan-anh, /report): category (suggested from the text),
// description, photos, place (tap the map, the device location, or a photo's GPS), optional
// name and phone. Once the place is set, the open reports within 200 m are listed (no personal
// data) so the citizen can say "this is my problem too" instead of sending a duplicate.
// Answers with the tracking code.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeedbackReceipt } from '../../../../shared/contracts/feedback.ts';
import { errorMessage } from '../../app/errors.ts';
import { CitizenLayout } from './CitizenLayout.tsx';
import { FeedbackMap } from './FeedbackMap.tsx';
import { feedbackKeys, fetchCategories, fetchNearby, submitReport, suggestCategory, supportReport } from './feedback-api.ts';
import { categoryName, formatDateTime } from './format.ts';
import { localeOf, currentLanguage } from '../../i18n/index.ts';
import { formatInstantDate } from '../../i18n/format.ts';

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const categories = useQuery({ queryKey: feedbackKeys.categories, queryFn: ({ signal }) => fetchCategories(signal) });
  const cats = categories.data ?? [];
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [suggestion, setSuggestion] = useState<{ category: string; confidence: number } | null>(null);
  const [pin, setPin] = useState<{ lat: number; lon: number } | null>(null);
  const [source, setSource] = useState<'pin' | 'device'>('pin');
  const [photos, setPhotos] = useState<File[]>([]);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<FeedbackReceipt | null>(null);
  // Open reports near the pin (rounded to ~10 m so small moves do not refetch).
  const near = pin ? { lat: Math.round(pin.lat * 1e4) / 1e4, lon: Math.round(pin.lon * 1e4) / 1e4 } : null;
  const nearby = useQuery({
    queryKey: feedbackKeys.nearby(near?.lat ?? 0, near?.lon ?? 0),
    queryFn: ({ signal }) => fetchNearby(near!.lat, near!.lon, signal),
    enabled: near !== null,
  });
  const [supported, setSupported] = useState<Record<string, number>>({});
  const support = useMutation({
    mutationFn: (id: string) => supportReport(id),
    onSuccess: (r, id) => setSupported((s) => ({ ...s, [id]: r.supporters })),
    onError: (e) => setError(errorMessage(t, e)),
  });
  const nf = new Intl.NumberFormat(localeOf(currentLanguage(i18n.language)));

  // A category suggested before the categories arrive stays chosen when they do (browser test
  // "a category suggested before the categories have loaded…"). A failure shows the localized load error.
  const loadError = categories.error ? t('feedback.citizen.loadError') : null;

  // Suggest a category once the description says enough (debounced).
  useEffect(() => {
    if (description.trim().length < 12) return;
    const timer = window.setTimeout(() => {
      void suggestCategory(description).then((s) => {
        setSuggestion(s);
        if (!category && s.confidence >= 0.5) setCategory(s.category);
      }).catch(() => undefined);
    }, 500);
    return () => window.clearTimeout(timer);
  }, [description, category]);

  const useDevice = () => {
    if (!navigator.geolocation) return setError(t('feedback.citizen.noGeolocation'));
    navigator.geolocation.getCurrentPosition(
      (p) => { setPin({ lat: p.coords.latitude, lon: p.coords.longitude }); setSource('device'); },
      () => setError(t('feedback.citizen.noGeolocation')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!category) return setError(t('feedback.citizen.needCategory'));
    setBusy(true);
    const form = new FormData();
    form.set('category', category);
    form.set('description', description);
    if (pin) { form.set('lat', String(pin.lat)); form.set('lon', String(pin.lon)); form.set('locationSource', source); }
    if (name.trim()) form.set('name', name.trim());
    if (phone.trim()) form.set('phone', phone.trim());
    for (const p of photos) form.append('photos', p, p.name);
    try {
      setReceipt(await submitReport(form));
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <CitizenLayout>
        <section className="fb-card fb-receipt" data-testid="feedback-receipt">
          <h1>{t('feedback.citizen.thanks')}</h1>
          <p>{t('feedback.citizen.yourCode')}</p>
          <p className="fb-code" data-testid="tracking-code">{receipt.trackingCode}</p>
          <p>{t('feedback.citizen.receiptWard', { ward: receipt.wardName ?? '—' })}</p>
          <p>{t('feedback.citizen.receiptDeadline', { date: formatInstantDate(receipt.deadlineAt, i18n.language) })}</p>
          <Link className="button button--primary" to={`/phan-anh/${receipt.trackingCode}`} data-testid="track-link">{t('feedback.citizen.follow')}</Link>
        </section>
      </CitizenLayout>
    );
  }

  return (
    <CitizenLayout>
      <form className="fb-card fb-form" onSubmit={(e) => void submit(e)} data-testid="feedback-form">
        <h1>{t('feedback.citizen.title')}</h1>
        <p className="fb-muted">{t('feedback.citizen.intro')}</p>
        <label>
          {t('feedback.citizen.description')}
          <textarea required minLength={5} maxLength={4000} rows={4} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="fb-description" placeholder={t('feedback.citizen.descriptionHint')} />
        </label>
        <label>
          {t('feedback.citizen.category')}
          <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="fb-category" required>
            <option value="">{t('feedback.citizen.chooseCategory')}</option>
            {cats.map((c) => <option key={c.code} value={c.code}>{i18n.language === 'en' ? c.nameEn : c.nameVi}</option>)}
          </select>
        </label>
        {suggestion && suggestion.confidence > 0 && (
          <p className="fb-suggestion" data-testid="fb-suggestion">
            {t('feedback.citizen.suggested', { category: categoryName(cats, suggestion.category, i18n.language), pct: Math.round(suggestion.confidence * 100) })}
            {category !== suggestion.category && <button type="button" className="button button--small" onClick={() => setCategory(suggestion.category)}>{t('feedback.citizen.useSuggestion')}</button>}
          </p>
        )}
        <div className="fb-field">
          <span>{t('feedback.citizen.place')}</span>
          <FeedbackMap className="fb-map fb-map--form" pin={pin} onPick={(p) => { setPin(p); setSource('pin'); }} testId="fb-pick-map" />
          <div className="fb-row">
            <button type="button" className="button button--small" onClick={useDevice} data-testid="fb-use-location">{t('feedback.citizen.useLocation')}</button>
            <span className="fb-muted" data-testid="fb-pin">{pin ? `${pin.lat.toFixed(5)}, ${pin.lon.toFixed(5)}` : t('feedback.citizen.tapMap')}</span>
          </div>
        </div>
        {nearby.data && nearby.data.reports.length > 0 && (
          <div className="fb-nearby" data-testid="fb-nearby">
            <strong>{t('feedback.citizen.nearbyTitle', { count: nearby.data.reports.length, radius: nf.format(nearby.data.radiusM) })}</strong>
            <p className="fb-muted">{t('feedback.citizen.nearbyHint')}</p>
            <ul>
              {nearby.data.reports.map((r) => (
                <li key={r.id} data-testid={`nearby-${r.id}`}>
                  {i18n.language === 'en' ? r.categoryNameEn : r.categoryNameVi} · {t(`feedback.status.${r.status}`)} · {t('feedback.citizen.nearbyDistance', { distance: nf.format(r.distanceM) })} · {formatDateTime(r.createdAt, i18n.language)}
                  {(supported[r.id] ?? r.supporters) > 0 && <> · {t('feedback.citizen.nearbySupporters', { count: supported[r.id] ?? r.supporters })}</>}
                  {' '}
                  {supported[r.id] === undefined
                    ? <button type="button" className="button button--small" onClick={() => support.mutate(r.id)} disabled={support.isPending} data-testid={`nearby-support-${r.id}`}>{t('feedback.citizen.meToo')}</button>
                    : <span className="fb-muted" data-testid={`nearby-supported-${r.id}`}>{t('feedback.citizen.meTooDone')}</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
        {nearby.data && nearby.data.reports.length === 0 && <p className="fb-muted" data-testid="fb-nearby-none">{t('feedback.citizen.nearbyNone', { radius: nf.format(nearby.data.radiusM) })}</p>}
        <label>
          {t('feedback.citizen.photos')}
          <input type="file" accept="image/*" multiple onChange={(e) => setPhotos([...(e.target.files ?? [])].slice(0, 5))} data-testid="fb-photos" />
        </label>
        <div className="fb-row fb-row--wrap">
          <label>{t('feedback.citizen.name')}<input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} data-testid="fb-name" /></label>
          <label>{t('feedback.citizen.phone')}<input value={phone} inputMode="tel" maxLength={20} onChange={(e) => setPhone(e.target.value)} data-testid="fb-phone" /></label>
        </div>
        <p className="fb-muted">{t('feedback.citizen.privacy')}</p>
        {(error ?? loadError) && <div className="fb-error" role="alert" data-testid="fb-error">{error ?? loadError}</div>}
        <button className="button button--primary" type="submit" disabled={busy} data-testid="fb-submit">{busy ? t('feedback.citizen.sending') : t('feedback.citizen.send')}</button>
      </form>
    </CitizenLayout>
  );
}
