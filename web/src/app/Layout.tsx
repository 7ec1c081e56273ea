import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { LanguageToggle } from '../i18n/LanguageToggle.tsx';
import { useAuth } from '../modules/auth/AuthContext.tsx';
import { NotificationBell } from '../modules/dashboards/NotificationBell.tsx';
import { UnitsSwitch } from '../modules/map/UnitsSwitch.tsx';
import { BrandMark } from './BrandMark.tsx';
import { navItemsFor } from './nav.ts';
import { UserMenu } from './UserMenu.tsx';

/** Signed-in shell: top bar (brand, navigation, page tools, language, user) above the page. */
export function Layout() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  const onMap = location.pathname === '/';

  useEffect(() => {
    document.title = `${t('app.name')} · ${t('app.subtitle')}`;
  }, [t]);

  return (
    <div className="app-shell">
      <header className="top-bar">
        <NavLink to="/" className="top-bar__brand" aria-label={`${t('app.name')} — ${t('app.subtitle')}`}>
          <BrandMark size={30} />
          <span className="top-bar__titles">
            <span className="top-bar__product">{t('app.name')}</span>
            <span className="top-bar__subtitle">{t('app.subtitle')}</span>
          </span>
        </NavLink>

        <nav className="top-bar__nav" aria-label={t('app.mainNav')}>
          {user &&
            navItemsFor(user.role).map((item) =>
              item.external ? (
                <a
                  key={item.to}
                  className="top-bar__link"
                  href={item.to}
                  target="_blank"
                  rel="noopener noreferrer"
                  title={item.titleKey ? t(item.titleKey) : undefined}
                  data-testid={item.testId}
                >
                  {t(item.labelKey)}
                </a>
              ) : (
                <NavLink
                  key={item.to}
                  to={item.to}
                  end
                  className={({ isActive }) => `top-bar__link${isActive ? ' is-active' : ''}`}
                  data-testid={item.testId}
                >
                  {t(item.labelKey)}
                </NavLink>
              ),
            )}
        </nav>

        <div className="top-bar__tools">{onMap && <UnitsSwitch />}</div>

        <div className="top-bar__end">
          <NotificationBell />
          <LanguageToggle />
          <UserMenu />
        </div>
      </header>
      <main className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
