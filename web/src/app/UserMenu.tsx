import { useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { currentLanguage } from '../i18n/index.ts';
import { useDismiss } from './use-dismiss.ts';
import { useAuth } from './modules.ts';

/** The signed-in user's name and role, with a drop-down holding the account details and logout. */
export function UserMenu() {
  const { t, i18n } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useDismiss(open, close, rootRef);

  if (!user) return null;
  const lang = currentLanguage(i18n.resolvedLanguage);
  const roleLabel = t(`roles.${user.role}`, { defaultValue: user.role });
  const name = user.displayName || user.username;
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(-2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');

  async function onLogout() {
    setOpen(false);
    await logout();
    void navigate('/login', { replace: true });
  }

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        type="button"
        className="user-menu__button"
        data-testid="user-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t('user.menu', { name })}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="user-menu__avatar" aria-hidden="true">
          {initials}
        </span>
        <span className="user-menu__text">
          <span className="user-menu__name">{name}</span>
          <span className="user-menu__role">{roleLabel}</span>
        </span>
        <svg className="user-menu__caret" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
          <path d="M2.5 4.5 6 8l3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
      </button>
      {open && (
        <div className="user-menu__panel" id={menuId} role="menu">
          <dl className="user-menu__details">
            <dt>{t('user.username')}</dt>
            <dd>{user.username}</dd>
            <dt>{t('user.role')}</dt>
            <dd>{roleLabel}</dd>
            {user.unit && (
              <>
                <dt>{t('user.unit')}</dt>
                <dd>{lang === 'en' ? user.unit.nameEn : user.unit.nameVi}</dd>
              </>
            )}
          </dl>
          <button
            type="button"
            role="menuitem"
            className="user-menu__logout"
            data-testid="account-link"
            onClick={() => {
              setOpen(false);
              void navigate('/account');
            }}
          >
            {t('user.account')}
          </button>
          <button type="button" role="menuitem" className="user-menu__logout" data-testid="logout" onClick={() => void onLogout()}>
            {t('user.logout')}
          </button>
        </div>
      )}
    </div>
  );
}
