// /admin: accounts (roles, units, areas; create, edit, disable, reset password or two-step
// verification), API tokens (created with scope and expiry, shown once, revoked) and the audit
// log (who, action, object, date range; CSV export). One's own password: /account.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { AdminUser, TokenScope } from '../../../../shared/contracts/auth.ts';
import { ALERT_SEVERITIES, type AlertSeverity } from '../../../../shared/contracts/alerts.ts';
import { ACCOUNT_ROLES, type AccountRole } from '../../../../shared/contracts/roles.ts';
import { errorMessage } from '../../app/errors.ts';
import { formatDate, formatDateTime, todayInHcmc } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { useServedWards, wardName } from '../../app/wards.ts';
import {
  adminKeys, auditCsvUrl, nextAuditCursor, listSla, saveSla, createToken, createUser, listAudit, listTokens, listUnits, listUsers, resetSecondFactor, revokeToken, updateUser,
  type AuditFilter, type UserForm,
} from './admin-api.ts';
import './admin.css';
import { DateField, parseDay } from '../../app/DateField.tsx';

const TABS = ['users', 'tokens', 'audit', 'sla'] as const;
type Tab = (typeof TABS)[number];

export function AdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'users';
  return (
    <div className="admin-page" data-testid="admin-page">
      <div className="admin-head">
        <h1>{t('admin.title')}</h1>
        <Link to="/account" data-testid="admin-own-password">{t('admin.ownPassword')}</Link>
      </div>
      <div className="admin-tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'is-active' : ''} data-testid={`admin-tab-${k}`}
            onClick={() => setParams({ tab: k }, { replace: true })}>{t(`admin.tabs.${k}`)}</button>
        ))}
      </div>
      {tab === 'users' && <UsersTab />}
      {tab === 'tokens' && <TokensTab />}
      {tab === 'audit' && <AuditTab />}
      {tab === 'sla' && <SlaTab />}
    </div>
  );
}

// ---------------------------------------------------------------- accounts

type UserDialog = { kind: 'create' } | { kind: 'edit'; user: AdminUser } | { kind: 'password'; user: AdminUser } | { kind: 'totp'; user: AdminUser } | { kind: 'disable'; user: AdminUser };

function UsersTab() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: adminKeys.users, queryFn: ({ signal }) => listUsers(signal) });
  const [dialog, setDialog] = useState<UserDialog | null>(null);
  const done = () => {
    setDialog(null);
    void queryClient.invalidateQueries({ queryKey: adminKeys.users });
  };
  return (
    <section>
      <div className="admin-toolbar">
        <button type="button" className="button button--primary" data-testid="user-new" onClick={() => setDialog({ kind: 'create' })}>{t('admin.users.new')}</button>
      </div>
      {users.error && <p className="error" role="alert">{errorMessage(t, users.error)}</p>}
      {!!users.data?.secondFactorRoles.length && (
        <p className="muted" data-testid="two-step-roles">{t('admin.users.requiredRoles', { roles: users.data.secondFactorRoles.map((r) => t(`roles.${r}`)).join(', ') })}</p>
      )}
      <table className="admin-table" data-testid="user-list">
        <thead>
          <tr><th>{t('admin.users.username')}</th><th>{t('admin.users.displayName')}</th><th>{t('admin.users.role')}</th><th>{t('admin.users.unit')}</th><th>{t('admin.users.areas')}</th><th>{t('admin.users.status')}</th><th>{t('admin.users.twoStep')}</th><th /></tr>
        </thead>
        <tbody>
          {users.data?.users.map((u) => (
            <tr key={u.id} className={u.disabled ? 'is-disabled' : ''} data-testid={`user-row-${u.username}`}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{t(`roles.${u.role}`)}</td>
              <td>{u.unit ? (en ? u.unit.nameEn : u.unit.nameVi) : '—'}</td>
              <td>{u.areas.map((a) => a.nameVi).join(', ') || '—'}</td>
              <td>{u.disabled ? <span className="badge badge--off">{t('admin.users.disabled')}</span> : <span className="badge badge--on">{t('admin.users.active')}</span>}</td>
              <td data-testid={`user-two-step-${u.username}`}>{twoStepText(t, u, users.data.secondFactorRoles)}</td>
              <td className="admin-actions">
                <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'edit', user: u })} data-testid={`user-edit-${u.username}`}>{t('admin.users.edit')}</button>
                <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'password', user: u })}>{t('admin.users.resetPassword')}</button>
                {u.secondFactor && <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'totp', user: u })}>{t('admin.users.resetTwoStep')}</button>}
                <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'disable', user: u })} data-testid={`user-toggle-${u.username}`}>
                  {u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserFormDialog user={dialog.kind === 'edit' ? dialog.user : null} roleRequired={users.data?.secondFactorRoles ?? []} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'password' && <PasswordDialog user={dialog.user} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'totp' && (
        <ConfirmDialog title={t('admin.users.resetTwoStep')} text={t('admin.users.resetTwoStepText', { name: dialog.user.displayName })}
          run={() => resetSecondFactor(dialog.user.id)} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'disable' && (
        <ConfirmDialog title={dialog.user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
          text={t(dialog.user.disabled ? 'admin.users.enableText' : 'admin.users.disableText', { name: dialog.user.displayName })}
          run={() => updateUser(dialog.user.id, { disabled: !dialog.user.disabled })} onClose={() => setDialog(null)} onDone={done} />
      )}
    </section>
  );
}

/** The two-step column: on or off, and whether the account must have it (its role or its own setting). */
function twoStepText(t: (k: string) => string, u: AdminUser, roles: readonly AccountRole[]): string {
  const required = u.role !== 'device' && (u.requireSecondFactor || roles.includes(u.role));
  if (!required) return u.secondFactor ? t('admin.users.on') : t('admin.users.off');
  return u.secondFactor ? t('admin.users.requiredOn') : t('admin.users.requiredOff');
}

function UserFormDialog({ user, roleRequired, onClose, onDone }: { user: AdminUser | null; roleRequired: readonly AccountRole[]; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const units = useQuery({ queryKey: adminKeys.units, queryFn: ({ signal }) => listUnits(signal) });
  const wards = useServedWards().wards ?? [];
  const [f, setF] = useState<UserForm>({
    username: user?.username ?? '', displayName: user?.displayName ?? '', role: user?.role ?? 'operator',
    unitCode: user?.unit?.code ?? null, areaIds: user?.areas.map((a) => a.id) ?? [], password: '', requireSecondFactor: user?.requireSecondFactor ?? false,
  });
  const byRole = roleRequired.includes(f.role);
  const save = useMutation({
    mutationFn: () => (user
      ? updateUser(user.id, { displayName: f.displayName, role: f.role, unitCode: f.unitCode, areaIds: f.areaIds, requireSecondFactor: f.requireSecondFactor ?? false })
      : createUser(f)),
    onSuccess: onDone,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <div className="admin-backdrop" role="presentation">
      <form className="admin-dialog" role="dialog" aria-modal="true" data-testid="user-dialog" onSubmit={submit}>
        <h3>{user ? t('admin.users.editTitle', { name: user.displayName }) : t('admin.users.new')}</h3>
        {!user && (
          <label>{t('admin.users.username')}
            <input className="ctl" value={f.username} onChange={(e) => setF({ ...f, username: e.target.value })} required autoComplete="off" data-testid="user-username" />
          </label>
        )}
        <label>{t('admin.users.displayName')}
          <input className="ctl" value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.target.value })} required data-testid="user-display-name" />
        </label>
        <div className="row">
          <label>{t('admin.users.role')}
            <select className="ctl" value={f.role} onChange={(e) => setF({ ...f, role: e.target.value as AccountRole })} data-testid="user-role">
              {ACCOUNT_ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
          </label>
          <label>{t('admin.users.unit')}
            <select className="ctl" value={f.unitCode ?? ''} onChange={(e) => setF({ ...f, unitCode: e.target.value || null })} data-testid="user-unit">
              <option value="">{t('admin.users.noUnit')}</option>
              {units.data?.map((u) => <option key={u.code} value={u.code}>{i18n.language === 'en' ? u.nameEn : u.nameVi}</option>)}
            </select>
          </label>
        </div>
        <fieldset className="admin-choice">
          <legend>{t('admin.users.areas')}</legend>
          <div className="admin-pick">
            {wards.map((w) => {
              const on = f.areaIds.includes(w.id);
              return (
                <label key={w.id} className={`toggle${on ? ' is-on' : ''}`}>
                  <input type="checkbox" checked={on} onChange={(e) => setF({ ...f, areaIds: e.target.checked ? [...f.areaIds, w.id] : f.areaIds.filter((x) => x !== w.id) })} data-testid={`user-area-${w.code}`} />
                  {wardName(w, i18n.language)}
                </label>
              );
            })}
          </div>
        </fieldset>
        {f.role !== 'device' && (
          <label className="admin-check">
            <input type="checkbox" checked={byRole || f.requireSecondFactor === true} disabled={byRole} onChange={(e) => setF({ ...f, requireSecondFactor: e.target.checked })} data-testid="user-require-two-step" />
            {t('admin.users.requireTwoStep')}
            {byRole && <small className="muted">{t('admin.users.requiredByRole')}</small>}
          </label>
        )}
        {!user && f.role !== 'device' && (
          <label>{t('admin.users.password')}
            <input className="ctl" type="password" value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} required autoComplete="new-password" data-testid="user-password" />
            <small className="muted">{t('admin.users.passwordHint')}</small>
          </label>
        )}
        {save.error && <p className="error" role="alert">{errorMessage(t, save.error)}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>{t('admin.cancel')}</button>
          <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="user-save">{t('admin.save')}</button>
        </div>
      </form>
    </div>
  );
}

function PasswordDialog({ user, onClose, onDone }: { user: AdminUser; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [revoke, setRevoke] = useState(false);
  const save = useMutation({ mutationFn: () => updateUser(user.id, { password, revokeTokens: revoke }), onSuccess: onDone });
  return (
    <div className="admin-backdrop" role="presentation">
      <form className="admin-dialog" role="dialog" aria-modal="true" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <h3>{t('admin.users.resetPasswordTitle', { name: user.displayName })}</h3>
        <label>{t('admin.users.newPassword')}
          <input className="ctl" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
          <small className="muted">{t('admin.users.passwordHint')}</small>
        </label>
        <label className={`toggle${revoke ? ' is-on' : ''}`}>
          <input type="checkbox" checked={revoke} onChange={(e) => setRevoke(e.target.checked)} /> {t('admin.users.revokeTokens')}
        </label>
        {save.error && <p className="error" role="alert">{errorMessage(t, save.error)}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>{t('admin.cancel')}</button>
          <button type="submit" className="button button--primary" disabled={save.isPending || !password}>{t('admin.save')}</button>
        </div>
      </form>
    </div>
  );
}

function ConfirmDialog({ title, text, run, onClose, onDone }: { title: string; text: string; run: () => Promise<unknown>; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const go = useMutation({ mutationFn: run, onSuccess: onDone });
  return (
    <div className="admin-backdrop" role="presentation">
      <div className="admin-dialog" role="dialog" aria-modal="true" data-testid="confirm-dialog">
        <h3>{title}</h3>
        <p>{text}</p>
        {go.error && <p className="error" role="alert">{errorMessage(t, go.error)}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>{t('admin.cancel')}</button>
          <button type="button" className="button button--primary" disabled={go.isPending} onClick={() => go.mutate()} data-testid="confirm-submit">{t('admin.confirm')}</button>
        </div>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------- API tokens

function TokensTab() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: adminKeys.tokens, queryFn: ({ signal }) => listTokens(signal) });
  const users = useQuery({ queryKey: adminKeys.users, queryFn: ({ signal }) => listUsers(signal) });
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: number; name: string } | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
  const date = (s: string | null) => (s ? formatDate(todayInHcmc(new Date(s)), currentLanguage(i18n.language)) : '—');
  return (
    <section>
      <div className="admin-toolbar">
        <button type="button" className="button button--primary" data-testid="token-new" onClick={() => { setIssued(null); setCreating(true); }}>{t('admin.tokens.new')}</button>
      </div>
      {issued && (
        <div className="admin-secret" data-testid="token-issued">
          <p><b>{t('admin.tokens.shownOnce', { name: issued.name })}</b></p>
          <code data-testid="token-value">{issued.token}</code>
          <button type="button" className="button button--small" onClick={() => void navigator.clipboard?.writeText(issued.token)}>{t('admin.tokens.copy')}</button>
        </div>
      )}
      {tokens.error && <p className="error" role="alert">{errorMessage(t, tokens.error)}</p>}
      <table className="admin-table" data-testid="token-list">
        <thead><tr><th>{t('admin.tokens.name')}</th><th>{t('admin.tokens.account')}</th><th>{t('admin.tokens.scope')}</th><th>{t('admin.tokens.created')}</th><th>{t('admin.tokens.expires')}</th><th>{t('admin.tokens.lastUsed')}</th><th>{t('admin.users.status')}</th><th /></tr></thead>
        <tbody>
          {tokens.data?.map((k) => (
            <tr key={k.id} className={k.revoked ? 'is-disabled' : ''} data-testid={`token-row-${k.id}`}>
              <td>{k.name ?? '—'}</td>
              <td>{k.username}</td>
              <td>{t(`admin.tokens.scopes.${k.scope}`)}</td>
              <td>{date(k.createdAt)}</td>
              <td>{date(k.expiresAt)}</td>
              <td>{date(k.lastUsedAt)}</td>
              <td data-testid={`token-status-${k.id}`}>{k.revoked ? <span className="badge badge--off">{t('admin.tokens.revoked')}</span> : <span className="badge badge--on">{t('admin.users.active')}</span>}</td>
              <td>{!k.revoked && <button type="button" className="button button--small" onClick={() => setRevoking({ id: k.id, name: k.name ?? String(k.id) })} data-testid={`token-revoke-${k.id}`}>{t('admin.tokens.revoke')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {creating && <TokenDialog users={users.data?.users ?? []} onClose={() => setCreating(false)} onDone={(r) => { setCreating(false); setIssued(r); refresh(); }} />}
      {revoking && (
        <ConfirmDialog title={t('admin.tokens.revoke')} text={t('admin.tokens.revokeText', { name: revoking.name })}
          run={() => revokeToken(revoking.id)} onClose={() => setRevoking(null)} onDone={() => { setRevoking(null); refresh(); }} />
      )}
    </section>
  );
}

function TokenDialog({ users, onClose, onDone }: { users: AdminUser[]; onClose: () => void; onDone: (r: { name: string; token: string }) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [expires, setExpires] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const day = parseDay(expires);
      return createToken({ name, scope, ...(username ? { username } : {}), ...(day ? { expiresAt: new Date(`${day}T23:59:59+07:00`).toISOString() } : {}) });
    },
    onSuccess: (r) => onDone({ name: r.name, token: r.token }),
  });
  return (
    <div className="admin-backdrop" role="presentation">
      <form className="admin-dialog" role="dialog" aria-modal="true" data-testid="token-dialog" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <h3>{t('admin.tokens.new')}</h3>
        <label>{t('admin.tokens.name')}
          <input className="ctl" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-testid="token-name" />
        </label>
        <label>{t('admin.tokens.account')}
          <select className="ctl" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="token-account">
            <option value="">{t('admin.tokens.myself')}</option>
            {users.filter((u) => !u.disabled).map((u) => <option key={u.id} value={u.username}>{u.displayName} ({u.username})</option>)}
          </select>
        </label>
        <div className="row">
          <label>{t('admin.tokens.scope')}
            <select className="ctl" value={scope} onChange={(e) => setScope(e.target.value as TokenScope)} data-testid="token-scope">
              <option value="read">{t('admin.tokens.scopes.read')}</option>
              <option value="full">{t('admin.tokens.scopes.full')}</option>
            </select>
          </label>
          <label>{t('admin.tokens.expires')}
            <DateField className="ctl admin-day" value={expires} onChange={setExpires} testId="token-expires" />
            <small className="muted">{t('admin.tokens.expiresHint')}</small>
          </label>
        </div>
        {create.error && <p className="error" role="alert">{errorMessage(t, create.error)}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>{t('admin.cancel')}</button>
          <button type="submit" className="button button--primary" disabled={create.isPending || !name.trim() || (expires.trim() !== '' && parseDay(expires) === null)} data-testid="token-create">{t('admin.tokens.create')}</button>
        </div>
      </form>
    </div>
  );
}

// ---------------------------------------------------------------- audit log

/** The translated name of an audit action (its code when none is known). */
function actionName(t: (k: string, o?: Record<string, unknown>) => string, action: string): string {
  return t(`admin.actions.${action.replace(/\./g, '_')}`, { defaultValue: action });
}

/** Kinds of objects the audit log names (target_type), offered in the filter by name. */
const OBJECT_TYPES = ['incident', 'alert', 'user', 'token', 'audit', 'sop-template', 'incident-sla', 'dataset', 'record', 'feedback', 'task', 'document'] as const;

/** A calendar day in Ho Chi Minh City as an instant (its midnight), optionally the next day's. */
const dayStart = (day: string, next = false) => {
  const d = new Date(`${day}T00:00:00+07:00`);
  if (next) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
};

function AuditTab() {
  const { t, i18n } = useTranslation();
  const users = useQuery({ queryKey: adminKeys.users, queryFn: ({ signal }) => listUsers(signal) });
  const [form, setForm] = useState({ actor: '', action: '', targetType: '', targetId: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const pages = useInfiniteQuery({
    queryKey: adminKeys.audit(filter),
    queryFn: ({ signal, pageParam }) => listAudit(filter, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => nextAuditCursor(last),
  });
  const entries = { error: pages.error, data: pages.data?.pages.flat() };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const f: AuditFilter = {};
    if (form.actor) f.actor = form.actor;
    if (form.action.trim()) f.action = form.action.trim();
    if (form.targetType.trim()) f.targetType = form.targetType.trim();
    if (form.targetId.trim()) f.targetId = form.targetId.trim();
    const from = parseDay(form.from);
    const to = parseDay(form.to);
    if (from) f.from = dayStart(from);
    if (to) f.to = dayStart(to, true);
    setFilter(f);
  };
  return (
    <section>
      <form className="admin-filters" onSubmit={apply} data-testid="audit-filters">
        <label>{t('admin.audit.actor')}
          <select className="ctl" value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })} data-testid="audit-actor">
            <option value="">{t('admin.audit.anyone')}</option>
            {users.data?.users.map((u) => <option key={u.id} value={u.username}>{u.displayName}</option>)}
          </select>
        </label>
        <label>{t('admin.audit.action')}
          <input className="ctl" value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })} placeholder="incident.*" data-testid="audit-action" />
        </label>
        <label>{t('admin.audit.objectType')}
          <select className="ctl" value={form.targetType} onChange={(e) => setForm({ ...form, targetType: e.target.value })} data-testid="audit-target-type">
            <option value="">{t('admin.audit.anything')}</option>
            {OBJECT_TYPES.map((o) => <option key={o} value={o}>{t(`admin.objects.${o.replace(/[.-]/g, '_')}`)}</option>)}
          </select>
        </label>
        <label>{t('admin.audit.objectId')}
          <input className="ctl admin-narrow" value={form.targetId} onChange={(e) => setForm({ ...form, targetId: e.target.value })} data-testid="audit-target-id" />
        </label>
        <label>{t('admin.audit.from')}
          <DateField className="ctl admin-day" value={form.from} onChange={(v) => setForm({ ...form, from: v })} testId="audit-from" />
        </label>
        <label>{t('admin.audit.to')}
          <DateField className="ctl admin-day" value={form.to} onChange={(v) => setForm({ ...form, to: v })} testId="audit-to" />
        </label>
        <button type="submit" className="button button--primary" data-testid="audit-apply">{t('admin.audit.apply')}</button>
        <a className="button" href={auditCsvUrl(filter)} download data-testid="audit-csv">{t('admin.audit.csv')}</a>
      </form>
      {entries.error && <p className="error" role="alert">{errorMessage(t, entries.error)}</p>}
      {entries.data && entries.data.length === 0 && <p data-testid="audit-empty">{t('admin.audit.empty')}</p>}
      {entries.data && entries.data.length > 0 && (
        <table className="admin-table" data-testid="audit-list">
          <thead><tr><th>{t('admin.audit.at')}</th><th>{t('admin.audit.actor')}</th><th>{t('admin.audit.actionColumn')}</th><th>{t('admin.audit.object')}</th><th>{t('admin.audit.ip')}</th></tr></thead>
          <tbody>
            {entries.data.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at, i18n.language, true)}</td>
                <td>{users.data?.users.find((u) => u.username === e.actor)?.displayName ?? e.actor}</td>
                <td title={e.action}>{actionName(t, e.action)}</td>
                <td>{e.targetType ? `${t(`admin.objects.${e.targetType.replace(/[.-]/g, '_')}`, { defaultValue: e.targetType })}${e.targetId ? ` #${e.targetId}` : ''}` : '—'}</td>
                <td>{e.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.hasNextPage && (
        <p>
          <button type="button" className="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage} data-testid="audit-more">
            {t('admin.audit.more', { count: entries.data?.length ?? 0 })}
          </button>
        </p>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- incident deadlines (SLA)

/** Time allowed per severity before an unclosed incident is overdue (data, not code). */
function SlaTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sla = useQuery({ queryKey: adminKeys.sla, queryFn: ({ signal }) => listSla(signal) });
  const [edits, setEdits] = useState<Partial<Record<AlertSeverity, string>>>({});
  const value = (s: AlertSeverity) => edits[s] ?? String(sla.data?.find((x) => x.severity === s)?.minutes ?? '');
  const valid = ALERT_SEVERITIES.every((s) => /^\d+$/.test(value(s)) && Number(value(s)) >= 1 && Number(value(s)) <= 525_600);
  const save = useMutation({
    mutationFn: () => saveSla(ALERT_SEVERITIES.map((s) => ({ severity: s, minutes: Number(value(s)) }))),
    onSuccess: (r) => { queryClient.setQueryData(adminKeys.sla, r); setEdits({}); },
  });
  return (
    <section className="admin-sla">
      <p className="muted">{t('admin.sla.intro')}</p>
      <form onSubmit={(e) => { e.preventDefault(); if (valid) save.mutate(); }}>
        <table className="admin-table" data-testid="sla-table">
          <thead><tr><th>{t('admin.sla.severity')}</th><th>{t('admin.sla.minutes')}</th></tr></thead>
          <tbody>
            {ALERT_SEVERITIES.map((s) => (
              <tr key={s}>
                <td>{t(`admin.severity.${s}`)}</td>
                {/* Not editable before the current values are in: a value typed earlier left the others empty and the form unsavable. */}
                <td><input className="ctl admin-narrow" inputMode="numeric" value={value(s)} disabled={!sla.data} onChange={(e) => setEdits({ ...edits, [s]: e.target.value })} data-testid={`sla-${s}`} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        {sla.error && <p className="error" role="alert">{errorMessage(t, sla.error)}</p>}
        {save.error && <p className="error" role="alert">{errorMessage(t, save.error)}</p>}
        {save.isSuccess && <p role="status">{t('admin.sla.saved')}</p>}
        <div className="admin-toolbar">
          <button type="submit" className="button button--primary" disabled={!valid || save.isPending} data-testid="sla-save">{t('admin.save')}</button>
        </div>
      </form>
    </section>
  );
}
