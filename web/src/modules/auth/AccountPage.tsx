// /account: the signed-in user changes their password and turns two-step verification (TOTP,
// any authenticator app) on or off. Recovery codes are shown once, right after turning it on.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecondFactorEnrolment } from '../../../../shared/contracts/auth.ts';
import { errorMessage } from '../../app/errors.ts';
import { localeOf, currentLanguage } from '../../i18n/index.ts';
import { accountKeys, changeOwnPassword, disableSecondFactor, enableSecondFactor, fetchSecondFactor, startSecondFactor } from './auth-api.ts';
import { useAuth } from './AuthContext.tsx';
import './account.css';

export function AccountPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const locale = localeOf(currentLanguage(i18n.language));
  return (
    <div className="account-page" data-testid="account-page">
      <h1>{t('account.title')}</h1>
      <PasswordCard />
      <SecondFactorCard locale={locale} required={user?.secondFactorRequired === true} />
    </div>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => changeOwnPassword({ currentPassword: form.current, newPassword: form.next }),
    onSuccess: () => setForm({ current: '', next: '', repeat: '' }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(form.next !== form.repeat);
    if (form.next !== form.repeat) return;
    change.mutate();
  };
  return (
    <section className="account-card" data-testid="account-password">
      <h2>{t('account.password.title')}</h2>
      <p className="account-muted">{t('account.password.intro')}</p>
      <form className="account-form" onSubmit={submit}>
        <label>{t('account.password.current')}<input type="password" autoComplete="current-password" required value={form.current} onChange={(e) => setForm({ ...form, current: e.target.value })} data-testid="password-current" /></label>
        <label>{t('account.password.new')}<input type="password" autoComplete="new-password" required minLength={10} value={form.next} onChange={(e) => setForm({ ...form, next: e.target.value })} data-testid="password-new" /></label>
        <label>{t('account.password.repeat')}<input type="password" autoComplete="new-password" required value={form.repeat} onChange={(e) => setForm({ ...form, repeat: e.target.value })} data-testid="password-repeat" /></label>
        <div className="account-actions"><button type="submit" className="button button--primary" disabled={change.isPending} data-testid="password-save">{t('account.password.save')}</button></div>
      </form>
      {mismatch && <p className="account-error" role="alert">{t('account.password.mismatch')}</p>}
      {change.error && <p className="account-error" role="alert">{errorMessage(t, change.error)}</p>}
      {change.isSuccess && <p className="account-ok" role="status" data-testid="password-changed">{t('account.password.changed')}</p>}
    </section>
  );
}

/**
 * Two-step verification: turn it on (QR code, first code, recovery codes shown once) or off.
 * `required`: the account must keep it (its role or an admin requires it), so no "turn off".
 */
export function SecondFactorCard({ locale, required = false }: { locale: string; required?: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: accountKeys.secondFactor, queryFn: ({ signal }) => fetchSecondFactor(signal) });
  const [enrolment, setEnrolment] = useState<SecondFactorEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: accountKeys.secondFactor });
  const start = useMutation({ mutationFn: startSecondFactor, onSuccess: (e) => { setEnrolment(e); setCode(''); setRecoveryCodes(null); } });
  const enable = useMutation({
    mutationFn: () => enableSecondFactor(code.trim()),
    onSuccess: (r) => { setRecoveryCodes(r.recoveryCodes); setEnrolment(null); setCode(''); void refresh(); },
  });
  const disable = useMutation({
    mutationFn: () => disableSecondFactor({ password, code: code.trim() }),
    onSuccess: () => { setPassword(''); setCode(''); setRecoveryCodes(null); void refresh(); },
  });
  const failure = status.error ?? start.error ?? enable.error ?? disable.error;
  const on = status.data?.enabled === true;

  return (
    <section className="account-card" data-testid="account-totp">
      <h2>{t('account.totp.title')}</h2>
      <p className="account-muted">{t('account.totp.intro')}</p>
      {status.data && (
        <p data-testid="totp-status" className={on ? 'account-ok' : undefined}>
          {on
            ? t('account.totp.on', { date: new Date(status.data.enabledAt ?? Date.now()).toLocaleDateString(locale), count: status.data.recoveryCodesLeft })
            : t('account.totp.off')}
        </p>
      )}

      {recoveryCodes && (
        <div className="account-recovery" data-testid="totp-recovery">
          <p><strong>{t('account.totp.recoveryTitle')}</strong> {t('account.totp.recoveryIntro')}</p>
          <ol>{recoveryCodes.map((c) => <li key={c}><code>{c}</code></li>)}</ol>
        </div>
      )}

      {!on && !enrolment && status.data && (
        <div className="account-actions">
          <button type="button" className="button button--primary" onClick={() => start.mutate()} disabled={start.isPending} data-testid="totp-start">{t('account.totp.start')}</button>
        </div>
      )}

      {!on && enrolment && (
        <form className="account-enrol" onSubmit={(e) => { e.preventDefault(); enable.mutate(); }}>
          <ol className="account-steps">
            <li>{t('account.totp.step1')}</li>
            <li>
              {t('account.totp.step2')}
              <img className="account-qr" alt={t('account.totp.qrAlt')} src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`} data-testid="totp-qr" />
              <span className="account-muted">{t('account.totp.manual')} <code data-testid="totp-secret">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code></span>
            </li>
            <li>
              <label>{t('account.totp.step3')}<input inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} data-testid="totp-code" /></label>
            </li>
          </ol>
          <div className="account-actions">
            <button type="submit" className="button button--primary" disabled={enable.isPending} data-testid="totp-enable">{t('account.totp.enable')}</button>
            <button type="button" className="button" onClick={() => setEnrolment(null)}>{t('account.cancel')}</button>
          </div>
        </form>
      )}

      {required && <p className="account-muted" data-testid="totp-required">{t('account.totp.required')}</p>}
      {on && !required && (
        <form className="account-form" onSubmit={(e) => { e.preventDefault(); disable.mutate(); }}>
          <label>{t('account.password.current')}<input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="totp-off-password" /></label>
          <label>{t('account.totp.codeOrRecovery')}<input autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} data-testid="totp-off-code" /></label>
          <div className="account-actions"><button type="submit" className="button danger" disabled={disable.isPending} data-testid="totp-disable">{t('account.totp.disable')}</button></div>
        </form>
      )}
      {failure && <p className="account-error" role="alert">{errorMessage(t, failure)}</p>}
    </section>
  );
}
