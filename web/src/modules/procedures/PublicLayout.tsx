// Frame of the public procedure pages: header with links and language switch.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import './procedures.css';

export function PublicLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="pr-citizen">
      <header className="pr-citizen-header">
        <Link to="/thu-tuc" className="pr-citizen-brand">{t('procedures.public.brand')}</Link>
        <nav>
          <Link to="/thu-tuc" data-testid="pub-home-link">{t('procedures.public.lookupLink')}</Link>
          <Link to="/thu-tuc/bang-diem" data-testid="pub-scorecard-link">{t('procedures.public.scorecardLink')}</Link>
          <button type="button" className="pr-lang" onClick={() => void i18n.changeLanguage(i18n.language === 'en' ? 'vi' : 'en')} data-testid="pub-lang">{i18n.language === 'en' ? 'VI' : 'EN'}</button>
        </nav>
      </header>
      <main className="pr-citizen-main">{children}</main>
    </div>
  );
}
