// Frame of the public citizen pages: a light header with links, language switch, content.
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { pageLink } from '../../../../shared/routes.ts';
import { useTranslation } from 'react-i18next';
import './feedback.css';

export function CitizenLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  // Citizens look up a report by the code on their receipt.
  const lookUp = (e: React.FormEvent) => {
    e.preventDefault();
    const c = code.trim().toUpperCase();
    if (c) void navigate(pageLink.citizenTrack(c));
  };
  return (
    <div className="fb-citizen">
      <header className="fb-citizen-header">
        <Link to="/phan-anh" className="fb-citizen-brand">{t('feedback.citizen.brand')}</Link>
        <nav>
          <form className="fb-lookup" onSubmit={lookUp} role="search">
            <input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('feedback.citizen.lookupPlaceholder')} aria-label={t('feedback.citizen.lookup')} data-testid="citizen-lookup" />
            <button type="submit" className="button button--small" data-testid="citizen-lookup-submit">{t('feedback.citizen.lookup')}</button>
          </form>
          <Link to="/phan-anh/ban-do" data-testid="citizen-map-link">{t('feedback.citizen.mapLink')}</Link>
          <button type="button" className="fb-lang" onClick={() => void i18n.changeLanguage(i18n.language === 'en' ? 'vi' : 'en')}>{i18n.language === 'en' ? 'VI' : 'EN'}</button>
        </nav>
      </header>
      <main className="fb-citizen-main">{children}</main>
    </div>
  );
}
