// Public map of reports (/phan-anh/ban-do): coarse points, category and status, no personal data.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { CitizenLayout } from './CitizenLayout.tsx';
import { FeedbackMap } from './FeedbackMap.tsx';
import { feedbackKeys, fetchCategories, publicPoints } from './feedback-api.ts';
import { STATUS_COLORS } from './format.ts';
import { currentLanguage, localeOf } from '../../i18n/index.ts';

export function PublicMapPage() {
  const { t, i18n } = useTranslation();
  const [category, setCategory] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const pointsQuery = useQuery({ queryKey: feedbackKeys.publicPoints(30), queryFn: ({ signal }) => publicPoints(30, signal) });
  const catsQuery = useQuery({ queryKey: feedbackKeys.categories, queryFn: ({ signal }) => fetchCategories(signal) });
  const points = useMemo(() => pointsQuery.data ?? [], [pointsQuery.data]);
  const cats = catsQuery.data ?? [];
  const loadError = pointsQuery.error ?? catsQuery.error;
  const shown = useMemo(() => points.filter((p) => !category || p.categoryCode === category), [points, category]);
  const selected = shown.find((p) => p.id === selectedId) ?? null;
  const catName = (code: string) => {
    const c = cats.find((x) => x.code === code);
    return c ? (i18n.language === 'en' ? c.nameEn : c.nameVi) : code;
  };
  return (
    <CitizenLayout>
      <section className="fb-card">
        <h1>{t('feedback.publicMap.title')}</h1>
        {loadError && <div className="fb-error" role="alert">{errorMessage(t, loadError)}</div>}
        <div className="fb-row fb-row--wrap">
          <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="public-map-category">
            <option value="">{t('feedback.staff.allCategories')}</option>
            {cats.map((c) => <option key={c.code} value={c.code}>{i18n.language === 'en' ? c.nameEn : c.nameVi}</option>)}
          </select>
          <span className="fb-muted" data-testid="public-map-count">{t('feedback.publicMap.count', { count: shown.length })}</span>
        </div>
        {/* A point tells what and when, not whose: its tracking code stays with the citizen who sent it. */}
        <FeedbackMap className="fb-map fb-map--public" testId="public-map" points={shown.map((p) => ({ id: p.id, lat: p.lat, lon: p.lon, color: STATUS_COLORS[p.status] ?? '#333' }))} onSelect={setSelectedId} />
        {selected && (
          <p className="fb-muted" data-testid="public-map-selected">
            {catName(selected.categoryCode)} · {t(`feedback.status.${selected.status}`)} · {new Date(selected.createdAt).toLocaleDateString(localeOf(currentLanguage(i18n.language)))}
          </p>
        )}
        <ul className="fb-legend">
          {['received', 'assigned', 'in_progress', 'resolved', 'closed'].map((s) => <li key={s}><i style={{ background: STATUS_COLORS[s] }} />{t(`feedback.status.${s}`)}</li>)}
        </ul>
      </section>
    </CitizenLayout>
  );
}
