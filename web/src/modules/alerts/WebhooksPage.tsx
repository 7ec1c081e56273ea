// Webhooks (/webhooks, admins): registered URLs, a form to add or change one (URL, format,
// signing secret, private alerts, enabled), and the recent deliveries of the selected hook with
// status, attempts, next retry and last error (refreshed every few seconds).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { FieldError } from './ConditionEditor.tsx';
import { alertKeys, deleteWebhook, FieldErrors, listDeliveries, listWebhooks, saveWebhook, type WebhookInput, type WebhookItem } from './alerts-api.ts';
import './alerts.css';
import { formatDateTime } from '../../i18n/format.ts';

const REFRESH_MS = 5000;

export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<WebhookItem | 'new' | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '');

  const hooksQuery = useQuery({ queryKey: alertKeys.webhooks, queryFn: ({ signal }) => listWebhooks(signal) });
  const hooks = hooksQuery.data?.webhooks ?? null;
  const load = () => queryClient.invalidateQueries({ queryKey: alertKeys.webhooks, exact: true });
  // The selected hook stays selected while it exists; otherwise the first one is.
  useEffect(() => {
    if (hooks) setSelected((s) => (s !== null && hooks.some((h) => h.id === s) ? s : hooks[0]?.id ?? null));
  }, [hooks]);

  const removal = useMutation({
    mutationFn: (id: number) => deleteWebhook(id),
    onSuccess: (_none, id) => {
      setConfirmDelete(null);
      if (editing !== 'new' && editing?.id === id) setEditing(null);
    },
    onSettled: load,
  });
  const remove = (id: number) => removal.mutate(id);
  const failure = removal.error ?? hooksQuery.error;
  const error = failure ? errorMessage(t, failure) : null;

  return (
    <div className={`alerts-page${editing ? ' with-form' : ''}`} data-testid="webhooks-page">
      <div className="alerts-main">
        <header className="alerts-head">
          <h1>{t('alerts.webhooks.title')}</h1>
          <nav className="alerts-links">
            <Link to="/live">{t('alerts.toLive')}</Link>
            <Link to="/alert-rules">{t('alerts.rules.title')}</Link>
          </nav>
          <button type="button" className="button button--primary" onClick={() => setEditing('new')} data-testid="webhook-new">{t('alerts.webhooks.add')}</button>
        </header>
        <p className="alerts-muted">{t('alerts.webhooks.intro')}</p>
        {error && <p className="alerts-error" role="alert">{error}</p>}
        {hooks === null ? <p>{t('app.loading')}</p> : hooks.length === 0 ? <p>{t('alerts.webhooks.none')}</p> : (
          <table className="alerts-table" data-testid="webhook-list">
            <thead>
              <tr>
                <th>{t('alerts.rules.state')}</th><th>{t('alerts.webhooks.url')}</th><th>{t('alerts.webhooks.format')}</th>
                <th>{t('alerts.webhooks.alerts')}</th><th>{t('alerts.webhooks.secret')}</th><th>{t('alerts.webhooks.created')}</th><th />
              </tr>
            </thead>
            <tbody>
              {hooks.map((h) => (
                <tr key={h.id} data-testid={`webhook-${h.id}`} className={`${h.enabled ? '' : 'off'}${selected === h.id ? ' selected' : ''}`} data-enabled={h.enabled ? 'true' : 'false'}>
                  <td><span className={`alerts-pill ${h.enabled ? 'on' : 'off'}`}>{h.enabled ? t('alerts.rules.on') : t('alerts.rules.off')}</span></td>
                  <td className="alerts-url" data-testid="webhook-url">{h.url}</td>
                  <td>{h.format === 'cap' ? 'CAP 1.2 XML' : 'JSON'}</td>
                  <td>{h.includePrivate ? t('alerts.webhooks.allAlerts') : t('alerts.webhooks.publicOnly')}</td>
                  <td>{h.hasSecret ? t('alerts.webhooks.signed') : t('alerts.webhooks.unsigned')}</td>
                  <td>{when(h.createdAt)} · {h.createdBy}</td>
                  <td className="alerts-row-actions">
                    <button type="button" className="button button--small" onClick={() => setSelected(h.id)} data-testid="webhook-deliveries">{t('alerts.webhooks.deliveries')}</button>
                    <button type="button" className="button button--small" onClick={() => setEditing(h)} data-testid="webhook-edit">{t('alerts.edit')}</button>
                    {confirmDelete === h.id
                      ? <button type="button" className="button button--small danger" onClick={() => remove(h.id)} data-testid="webhook-delete-confirm">{t('alerts.confirmDelete')}</button>
                      : <button type="button" className="button button--small" onClick={() => setConfirmDelete(h.id)} data-testid="webhook-delete">{t('alerts.delete')}</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {selected !== null && hooks?.some((h) => h.id === selected) && (
          <Deliveries key={selected} hook={hooks.find((h) => h.id === selected)!} when={when} />
        )}
      </div>
      {editing && (
        <aside className="alerts-side">
          <WebhookForm
            key={editing === 'new' ? 'new' : editing.id}
            hook={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={(h) => {
              setEditing(null);
              // Shown at once; the reload that follows brings any other change.
              queryClient.setQueryData<{ webhooks: WebhookItem[] }>(alertKeys.webhooks, (data) => {
                const list = data?.webhooks ?? [];
                return { ...data, webhooks: list.some((x) => x.id === h.id) ? list.map((x) => (x.id === h.id ? h : x)) : [...list, h] };
              });
              setSelected(h.id);
              void load();
            }}
          />
        </aside>
      )}
    </div>
  );
}

function Deliveries({ hook, when }: { hook: WebhookItem; when: (iso: string | null) => string }) {
  const { t } = useTranslation();
  // Retries happen in the background: keep the list current while it is shown.
  const query = useQuery({ queryKey: alertKeys.deliveries(hook.id), queryFn: ({ signal }) => listDeliveries(hook.id, signal), refetchInterval: REFRESH_MS });
  const items = query.data?.deliveries ?? null;
  const error = query.error ? errorMessage(t, query.error) : null;
  const load = () => query.refetch();

  return (
    <section className="alerts-deliveries" data-testid="delivery-section">
      <header className="alerts-head">
        <h2>{t('alerts.webhooks.deliveriesOf', { url: hook.url })}</h2>
        <button type="button" className="button button--small" onClick={() => void load()} data-testid="deliveries-refresh">{t('alerts.refresh')}</button>
      </header>
      {error && <p className="alerts-error" role="alert">{error}</p>}
      {items === null ? <p>{t('app.loading')}</p> : items.length === 0 ? <p className="alerts-muted" data-testid="deliveries-empty">{t('alerts.webhooks.noDeliveries')}</p> : (
        <table className="alerts-table" data-testid="delivery-list">
          <thead>
            <tr>
              <th>#</th><th>{t('alerts.webhooks.status')}</th><th>{t('alerts.webhooks.event')}</th><th>{t('alerts.webhooks.alert')}</th>
              <th className="num">{t('alerts.webhooks.attempts')}</th><th>{t('alerts.webhooks.nextRetry')}</th><th>{t('alerts.webhooks.lastResult')}</th>
              <th>{t('alerts.webhooks.createdAt')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-testid={`delivery-${d.id}`} data-status={d.status}>
                <td>{d.id}</td>
                <td><span className={`alerts-pill ${d.status}`}>{t(`alerts.webhooks.statuses.${d.status}`)}</span></td>
                <td>{t(`alerts.webhooks.events.${d.event.replace(/^alert\./, '')}`, { defaultValue: d.event })}</td>
                <td>#{d.alertId}</td>
                <td className="num">{d.attempts}</td>
                <td>{d.status === 'pending' ? when(d.nextAttemptAt) : d.status === 'delivered' ? when(d.deliveredAt) : '—'}</td>
                <td className="alerts-last" data-testid="delivery-error">
                  {d.lastStatusCode !== null && <code>HTTP {d.lastStatusCode}</code>}{' '}
                  {d.status !== 'delivered' && d.lastError && !d.lastError.startsWith('HTTP ') && t(`alerts.webhooks.failure.${d.lastError}`, { defaultValue: t('alerts.webhooks.failure.other') })}
                </td>
                <td>{when(d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WebhookForm({ hook, onSaved, onCancel }: { hook: WebhookItem | null; onSaved(h: WebhookItem): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(hook?.url ?? 'https://');
  const [format, setFormat] = useState<'json' | 'cap'>(hook?.format ?? 'json');
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [includePrivate, setIncludePrivate] = useState(hook?.includePrivate ?? false);
  const [enabled, setEnabled] = useState(hook?.enabled ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    // An empty secret field keeps the stored secret (or sets none on a new hook).
    const body: WebhookInput = { url: url.trim(), format, includePrivate, enabled, ...(secret ? { secret } : removeSecret && hook ? { secret: null } : {}) };
    try {
      onSaved(await saveWebhook(hook?.id ?? null, body));
    } catch (err) {
      // The server's field messages are English: each refused field gets its text in the user's language.
      const fields = err instanceof FieldErrors ? err.fields : {};
      setErrors(Object.fromEntries(Object.keys(fields).map((path) => [path, t(path === '/url' ? 'alerts.webhooks.urlRefused' : 'alerts.webhooks.fieldInvalid')])));
      if (!Object.keys(fields).length) setError(errorMessage(t, err));
      setBusy(false);
    }
  };

  return (
    <form className="alerts-form" onSubmit={(e) => void submit(e)} data-testid="webhook-form" noValidate>
      <h2>{hook ? t('alerts.webhooks.editTitle') : t('alerts.webhooks.newTitle')}</h2>
      <label className={errors['/url'] ? 'has-error' : undefined}>
        <span>{t('alerts.webhooks.url')}</span>
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="webhook-url-input" aria-invalid={errors['/url'] ? true : undefined} />
        <FieldError errors={errors} path="/url" />
      </label>
      <label>
        <span>{t('alerts.webhooks.format')}</span>
        <select value={format} onChange={(e) => setFormat(e.target.value as 'json' | 'cap')} data-testid="webhook-format">
          <option value="json">{t('alerts.webhooks.formatJson')}</option>
          <option value="cap">{t('alerts.webhooks.formatCap')}</option>
        </select>
      </label>
      <label className={errors['/secret'] ? 'has-error' : undefined}>
        <span>{t('alerts.webhooks.secret')}</span>
        <input type="password" autoComplete="new-password" value={secret} disabled={removeSecret} onChange={(e) => setSecret(e.target.value)} data-testid="webhook-secret"
          placeholder={hook?.hasSecret ? t('alerts.webhooks.secretKeep') : t('alerts.webhooks.secretNone')} />
        <small>{t('alerts.webhooks.secretHint')}</small>
        <FieldError errors={errors} path="/secret" />
      </label>
      {hook?.hasSecret && (
        <label className="alerts-check">
          <input type="checkbox" checked={removeSecret} onChange={(e) => setRemoveSecret(e.target.checked)} data-testid="webhook-remove-secret" />
          <span>{t('alerts.webhooks.removeSecret')}</span>
        </label>
      )}
      <label className="alerts-check">
        <input type="checkbox" checked={includePrivate} onChange={(e) => setIncludePrivate(e.target.checked)} data-testid="webhook-includePrivate" />
        <span>{t('alerts.webhooks.includePrivate')}<small>{t('alerts.webhooks.includePrivateHint')}</small></span>
      </label>
      <label className="alerts-check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="webhook-enabled" />
        <span>{t('alerts.rules.enabled')}</span>
      </label>
      {error && <p className="alerts-error" role="alert" data-testid="webhook-error">{error}</p>}
      <div className="alerts-actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="webhook-save">{t('alerts.save')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('alerts.cancel')}</button>
      </div>
    </form>
  );
}
