// What an account that must use two-step verification sees until it has turned it on (its role
// is in TOTP_REQUIRED_ROLES, or an admin required it): the enrolment alone, without the app
// around it — the server answers 403 `second_factor_required` to everything else meanwhile.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LanguageToggle } from '../../i18n/LanguageToggle.tsx';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import { SecondFactorCard } from './AccountPage.tsx';
import { accountKeys, fetchSecondFactor } from './auth-api.ts';
import { useAuth } from './AuthContext.tsx';
import './account.css';

export function SecondFactorGate() {
  const { t, i18n } = useTranslation();
  const { user, logout, refresh } = useAuth();
  const status = useQuery({ queryKey: accountKeys.secondFactor, queryFn: ({ signal }) => fetchSecondFactor(signal) });
  const on = status.data?.enabled === true;
  return (
    <div className="account-gate" data-testid="second-factor-gate">
      <header className="account-gate__bar">
        <span className="account-gate__product">{t('app.name')}</span>
        <span className="account-gate__user">{user?.displayName}</span>
        <LanguageToggle />
        <button type="button" className="button" onClick={() => void logout()} data-testid="gate-logout">{t('account.gate.signOut')}</button>
      </header>
      <main className="account-page">
        <h1>{t('account.gate.title')}</h1>
        <p className="account-muted">{t('account.gate.intro')}</p>
        <SecondFactorCard locale={localeOf(currentLanguage(i18n.language))} required />
        {on && (
          <div className="account-actions">
            <button type="button" className="button button--primary" onClick={() => void refresh()} data-testid="gate-continue">{t('account.gate.continue')}</button>
          </div>
        )}
      </main>
    </div>
  );
}
