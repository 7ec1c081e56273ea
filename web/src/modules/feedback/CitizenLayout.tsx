// Frame of the public citizen pages: a light header with links, language switch, content.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import './feedback.css';

export function CitizenLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="fb-citizen">
      <header className="fb-citizen-header">
        <Link to="/phan-anh" className="fb-citizen-brand">{t('feedback.citizen.brand')}</Link>
        <nav>
          <Link to="/phan-anh/ban-do" data-testid="citizen-map-link">{t('feedback.citizen.mapLink')}</Link>
          <button type="button" className="fb-lang" onClick={() => void i18n.changeLanguage(i18n.language === 'en' ? 'vi' : 'en')}>{i18n.language === 'en' ? 'VI' : 'EN'}</button>
        </nav>
      </header>
      <main className="fb-citizen-main">{children}</main>
    </div>
  );
}
