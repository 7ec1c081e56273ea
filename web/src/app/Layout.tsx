import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { LanguageToggle } from '../i18n/LanguageToggle.tsx';
import { BrandMark } from './BrandMark.tsx';
import { navItemsFor } from './nav.ts';
import { TopNav } from './TopNav.tsx';
import { UserMenu } from './UserMenu.tsx';
import { useAuth, NotificationBell, UnitsSwitch } from './modules.ts';

/** Signed-in shell: top bar (brand, navigation, page tools, language, user) above the page. */
export function Layout() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  const onMap = location.pathname === '/';
  const role = user?.role;
  const navItems = useMemo(() => (role ? navItemsFor(role) : []), [role]);

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

        <TopNav items={navItems} />

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
