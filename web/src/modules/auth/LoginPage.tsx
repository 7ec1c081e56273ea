import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { STAFF_ROLES } from '../../../../shared/contracts/index.ts';
import { ApiError } from '../../app/api.ts';
import { useClientConfig } from '../../app/client-config.tsx';
import { FullPageStatus } from '../../app/FullPageStatus.tsx';
import { BrandMark } from '../../app/BrandMark.tsx';
import { LanguageToggle } from '../../i18n/LanguageToggle.tsx';
import { useAuth } from './AuthContext.tsx';
import './login.css';

/** Demo accounts seeded by the server in demo mode (one per staff role). */
const DEMO_ACCOUNTS = STAFF_ROLES;
const DEMO_PASSWORD = 'demo';

/** Where to go after signing in: the page that asked for it, if it is a local one. */
function redirectTarget(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')) {
    return from;
  }
  return '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { status, login } = useAuth();
  const config = useClientConfig();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Shown once the server says the account has a second factor (401 totp_required).
  const [needsCode, setNeedsCode] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (status === 'loading') return <FullPageStatus />;
  if (status === 'authenticated' && !submitting) return <Navigate to={redirectTarget(location.state)} replace />;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('login.required');
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await login(username.trim(), password, needsCode ? code.trim() : undefined);
      void navigate(redirectTarget(location.state), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') {
        setNeedsCode(true);
        setError(needsCode ? 'login.codeRequired' : null);
      } else {
        setError(errorKey(err));
      }
      setSubmitting(false);
    }
  }

  function fillDemoAccount(account: string) {
    setUsername(account);
    setPassword(DEMO_PASSWORD);
    setError(null);
  }

  return (
    <div className="login-page">
      <div className="login-page__lang">
        <LanguageToggle />
      </div>
      <main className="login-card" aria-labelledby="login-title">
        <div className="login-card__brand">
          <BrandMark size={40} />
          <div>
            <div className="login-card__product">{t('app.name')}</div>
            <div className="login-card__subtitle">{t('app.subtitle')}</div>
          </div>
        </div>

        <h1 id="login-title" className="login-card__title">
          {t('login.title')}
        </h1>
        <p className="login-card__intro">{t('login.intro')}</p>

        <form className="login-form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <label className="field">
            <span className="field__label">{t('login.username')}</span>
            <input
              className="field__input"
              data-testid="login-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              aria-invalid={error === 'login.invalid' || undefined}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('login.password')}</span>
            <input
              className="field__input"
              data-testid="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error === 'login.invalid' || undefined}
            />
          </label>

          {needsCode && (
            <label className="field">
              <span className="field__label">{t('login.code')}</span>
              <input
                className="field__input"
                data-testid="login-code"
                name="one-time-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                autoFocus
                value={code}
                onChange={(event) => setCode(event.target.value)}
                aria-invalid={error === 'login.codeInvalid' || undefined}
                aria-describedby="login-code-hint"
              />
              <span className="field__hint" id="login-code-hint">
                {t('login.codeHint')}
              </span>
            </label>
          )}

          {error && (
            <p className="login-form__error" role="alert" data-testid="login-error">
              {t(error)}
            </p>
          )}

          <button type="submit" className="button button--primary login-form__submit" data-testid="login-submit" disabled={submitting}>
            {submitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>

        {config?.demo && (
          <aside className="demo-hint" data-testid="demo-hint" aria-label={t('login.demoTitle')}>
            <div className="demo-hint__title">{t('login.demoTitle')}</div>
            <div className="demo-hint__row">
              <span>{t('login.demoAccounts')}:</span>
              {DEMO_ACCOUNTS.map((account) => (
                <button
                  key={account}
                  type="button"
                  className="demo-hint__account"
                  title={t('login.demoUse', { username: account })}
                  onClick={() => fillDemoAccount(account)}
                >
                  {account}
                </button>
              ))}
            </div>
            <div className="demo-hint__row">
              <span>{t('login.demoPassword')}:</span> <code>{DEMO_PASSWORD}</code>
            </div>
          </aside>
        )}

        {config?.version && <footer className="login-card__version">{t('app.version', { version: config.version })}</footer>}
      </main>
    </div>
  );
}

function errorKey(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_totp') return 'login.codeInvalid';
    if (error.status === 401 || error.status === 400) return 'login.invalid';
    if (error.status === 429) return 'login.tooManyAttempts';
  }
  return 'login.unavailable';
}
