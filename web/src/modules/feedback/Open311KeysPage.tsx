// Open311 client applications (/feedback/open311-keys, admins): the keys issued per
// application (only a hint is kept), issuing one — the key is shown once — and revoking.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { feedbackKeys, fetchOpen311Keys, issueOpen311Key, revokeOpen311Key } from './feedback-api.ts';
import { formatDateTime } from './format.ts';
import './feedback.css';

export function Open311KeysPage() {
  const { t, i18n } = useTranslation();
  const [appName, setAppName] = useState('');
  const [contact, setContact] = useState('');
  const [issued, setIssued] = useState<{ appName: string; apiKey: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const queryClient = useQueryClient();
  const keysQuery = useQuery({ queryKey: feedbackKeys.keys, queryFn: ({ signal }) => fetchOpen311Keys(signal) });
  const keys = keysQuery.data ?? [];
  const fail = (e: unknown) => setError(errorMessage(t, e));
  const load = () => void queryClient.invalidateQueries({ queryKey: feedbackKeys.keys });
  const shownError = error ?? (keysQuery.error ? errorMessage(t, keysQuery.error) : null);

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setCopied(false);
    try {
      const k = await issueOpen311Key(appName.trim(), contact);
      setIssued({ appName: k.appName, apiKey: k.apiKey });
      setAppName('');
      setContact('');
      load();
    } catch (err) {
      fail(err);
    }
  };

  const revoke = async (id: number) => {
    setError(null);
    try {
      await revokeOpen311Key(id);
      setConfirming(null);
      load();
    } catch (err) {
      fail(err);
    }
  };

  const copy = () => {
    if (!issued) return;
    void navigator.clipboard?.writeText(issued.apiKey).then(() => setCopied(true)).catch(() => undefined);
  };

  return (
    <div className="fb-staff" data-testid="open311-keys">
      <p><Link to="/feedback">← {t('feedback.staff.inbox')}</Link></p>
      <h1>{t('feedback.keys.title')}</h1>
      <p className="fb-muted fb-lead">{t('feedback.keys.intro')} <code>/open311/v2/discovery.json</code></p>
      {shownError && <div className="fb-error" role="alert" data-testid="keys-error">{shownError}</div>}
      {issued && (
        <div className="fb-secret" role="status" data-testid="key-issued">
          <strong>{t('feedback.keys.issued', { app: issued.appName })}</strong>
          <p>{t('feedback.keys.showOnce')}</p>
          <div className="fb-row">
            <code data-testid="key-value">{issued.apiKey}</code>
            <button type="button" className="button button--small" onClick={copy}>{copied ? t('feedback.keys.copied') : t('feedback.keys.copy')}</button>
            <button type="button" className="button button--small" onClick={() => setIssued(null)} data-testid="key-dismiss">{t('feedback.keys.dismiss')}</button>
          </div>
        </div>
      )}
      <form className="fb-inline-form" onSubmit={(e) => void issue(e)} data-testid="key-form">
        <h2>{t('feedback.keys.issueTitle')}</h2>
        <div className="fb-row fb-row--wrap">
          <label>{t('feedback.keys.appName')}<input value={appName} onChange={(e) => setAppName(e.target.value)} minLength={2} maxLength={120} required data-testid="key-app" /></label>
          <label>{t('feedback.keys.contact')}<input value={contact} onChange={(e) => setContact(e.target.value)} maxLength={200} data-testid="key-contact" /></label>
          <button type="submit" className="button button--primary button--small" disabled={appName.trim().length < 2} data-testid="key-issue">{t('feedback.keys.issue')}</button>
        </div>
      </form>
      <table className="fb-table fb-keys" data-testid="keys-table">
        <thead><tr><th>{t('feedback.keys.appName')}</th><th>{t('feedback.keys.contact')}</th><th>{t('feedback.keys.hint')}</th><th>{t('feedback.keys.created')}</th><th>{t('feedback.keys.state')}</th><th /></tr></thead>
        <tbody>
          {keys.length === 0 && <tr><td colSpan={6} className="fb-muted">{t('feedback.keys.none')}</td></tr>}
          {keys.map((k) => (
            <tr key={k.id} data-testid={`key-row-${k.id}`} className={k.revokedAt ? 'fb-revoked' : ''}>
              <td>{k.appName}</td>
              <td>{k.contact ?? '—'}</td>
              <td><code>{k.keyHint}…</code></td>
              <td className="fb-muted">{formatDateTime(k.createdAt, i18n.language)} · {k.createdBy}</td>
              <td data-testid={`key-state-${k.id}`} data-state={k.revokedAt ? 'revoked' : 'active'}>
                {k.revokedAt ? t('feedback.keys.revokedAt', { date: formatDateTime(k.revokedAt, i18n.language) }) : t('feedback.keys.active')}
              </td>
              <td>
                {!k.revokedAt && (confirming === k.id
                  ? <span className="fb-row"><button type="button" className="button button--small fb-danger" onClick={() => void revoke(k.id)} data-testid={`key-revoke-confirm-${k.id}`}>{t('feedback.keys.confirmRevoke')}</button><button type="button" className="button button--small" onClick={() => setConfirming(null)}>{t('feedback.keys.cancel')}</button></span>
                  : <button type="button" className="button button--small" onClick={() => setConfirming(k.id)} data-testid={`key-revoke-${k.id}`}>{t('feedback.keys.revoke')}</button>)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
