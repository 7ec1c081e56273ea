// The links between the staff pages of the procedures module.
import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.tsx';

export function StaffTabs() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const leader = user?.role === 'admin' || user?.role === 'leader';
  return (
    <nav className="pr-tabs">
      <NavLink to="/procedures" end className={({ isActive }) => (isActive ? 'active' : '')} data-testid="proc-tab-index">{t('procedures.tabs.index')}</NavLink>
      <NavLink to="/procedures/watch" className={({ isActive }) => (isActive ? 'active' : '')} data-testid="proc-tab-watch">{t('procedures.tabs.watch')}</NavLink>
      <NavLink to="/procedures/dossiers" className={({ isActive }) => (isActive ? 'active' : '')} data-testid="proc-tab-dossiers">{t('procedures.tabs.dossiers')}</NavLink>
      {leader && <NavLink to="/procedures/officials" className={({ isActive }) => (isActive ? 'active' : '')} data-testid="proc-tab-officials">{t('procedures.tabs.officials')}</NavLink>}
      <a href="/thu-tuc" target="_blank" rel="noreferrer">{t('procedures.tabs.public')}</a>
    </nav>
  );
}
