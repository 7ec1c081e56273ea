// Public map of reports (/phan-anh/ban-do): coarse points, category and status, no personal data.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeedbackCategory, FeedbackPublicPoint } from '../../../../shared/contracts/feedback.ts';
import { CitizenLayout } from './CitizenLayout.tsx';
import { FeedbackMap } from './FeedbackMap.tsx';
import { fetchCategories, publicPoints } from './feedback-api.ts';
import { STATUS_COLORS } from './format.ts';

export function PublicMapPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [points, setPoints] = useState<FeedbackPublicPoint[]>([]);
  const [cats, setCats] = useState<FeedbackCategory[]>([]);
  const [category, setCategory] = useState('');
  useEffect(() => {
    void publicPoints(30).then(setPoints);
    void fetchCategories().then(setCats);
  }, []);
  const shown = useMemo(() => points.filter((p) => !category || p.categoryCode === category), [points, category]);
  return (
    <CitizenLayout>
      <section className="fb-card">
        <h1>{t('feedback.publicMap.title')}</h1>
        <div className="fb-row fb-row--wrap">
          <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="public-map-category">
            <option value="">{t('feedback.staff.allCategories')}</option>
            {cats.map((c) => <option key={c.code} value={c.code}>{i18n.language === 'en' ? c.nameEn : c.nameVi}</option>)}
          </select>
          <span className="fb-muted" data-testid="public-map-count">{t('feedback.publicMap.count', { count: shown.length })}</span>
        </div>
        <FeedbackMap className="fb-map fb-map--public" testId="public-map" points={shown.map((p) => ({ id: p.trackingCode, lat: p.lat, lon: p.lon, color: STATUS_COLORS[p.status] ?? '#333' }))} onSelect={(code) => void navigate(`/phan-anh/${code}`)} />
        <ul className="fb-legend">
          {['received', 'assigned', 'in_progress', 'resolved', 'closed'].map((s) => <li key={s}><i style={{ background: STATUS_COLORS[s] }} />{t(`feedback.status.${s}`)}</li>)}
        </ul>
      </section>
    </CitizenLayout>
  );
}
