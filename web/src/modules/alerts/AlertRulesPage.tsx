// Alert rules (/alert-rules): every rule with its state, scope and condition in plain words,
// severity and unresolved alerts; admins add, edit, switch off and delete rules, others read.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { AlertRule } from '../../../../shared/contracts/alerts.ts';
import { errorMessage } from '../../app/errors.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { alertKeys, deleteRule, listRules, listSensorOptions, saveRule } from './alerts-api.ts';
import { conditionSummary, scopeSummary } from './describe.ts';
import { inputOfRule, RuleForm } from './RuleForm.tsx';
import './alerts.css';

export function AlertRulesPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const isAdmin = useAuth().user?.role === 'admin';
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);

  const rulesQuery = useQuery({ queryKey: alertKeys.rules, queryFn: ({ signal }) => listRules(signal) });
  // The scope picker's sensors, for admins (who edit).
  const sensorsQuery = useQuery({ queryKey: alertKeys.sensorOptions, queryFn: ({ signal }) => listSensorOptions(signal), enabled: isAdmin });
  const rules = rulesQuery.data?.rules ?? null;
  const sensors = sensorsQuery.data ?? [];
  const load = () => queryClient.invalidateQueries({ queryKey: alertKeys.rules });
  const action = useMutation({ mutationFn: (work: () => Promise<unknown>) => work(), onSettled: load });
  const act = (work: () => Promise<unknown>) => action.mutate(work);
  const failure = action.error ?? rulesQuery.error ?? sensorsQuery.error;
  const error = failure ? errorMessage(t, failure) : null;

  return (
    <div className={`alerts-page${editing ? ' with-form' : ''}`} data-testid="alert-rules-page">
      <div className="alerts-main">
        <header className="alerts-head">
          <h1>{t('alerts.rules.title')}</h1>
          <nav className="alerts-links">
            <Link to="/live">{t('alerts.toLive')}</Link>
            {isAdmin && <Link to="/webhooks" data-testid="to-webhooks">{t('alerts.webhooks.title')}</Link>}
          </nav>
          {isAdmin && <button type="button" className="button button--primary" onClick={() => setEditing('new')} data-testid="rule-new">{t('alerts.rules.add')}</button>}
        </header>
        <p className="alerts-muted">{isAdmin ? t('alerts.rules.intro') : t('alerts.rules.readOnly')}</p>
        {error && <p className="alerts-error" role="alert">{error}</p>}
        {rules === null ? <p>{t('app.loading')}</p> : rules.length === 0 ? <p>{t('alerts.rules.none')}</p> : (
          <table className="alerts-table" data-testid="rule-list">
            <thead>
              <tr>
                <th>{t('alerts.rules.state')}</th><th>{t('alerts.rules.name')}</th><th>{t('alerts.rules.scope')}</th>
                <th>{t('alerts.rules.condition')}</th><th>{t('alerts.rules.severity')}</th><th className="num" title={t('alerts.rules.openTitle')}>{t('alerts.rules.open')}</th>
                {isAdmin && <th />}
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id} data-testid={`rule-${r.id}`} data-enabled={r.enabled ? 'true' : 'false'} className={r.enabled ? undefined : 'off'}>
                  <td><span className={`alerts-pill ${r.enabled ? 'on' : 'off'}`}>{r.enabled ? t('alerts.rules.on') : t('alerts.rules.off')}</span></td>
                  <td>
                    <strong data-testid="rule-name">{en ? r.nameEn : r.nameVi}</strong>
                    <small className="alerts-flags">
                      {r.autoResolve && <span>{t('alerts.rules.autoResolveShort')}</span>}
                      {r.public && <span>{t('alerts.rules.publicShort')}</span>}
                    </small>
                  </td>
                  <td>{scopeSummary(r, t, i18n.language)}</td>
                  <td data-testid="rule-condition">{conditionSummary(r.condition, t, i18n.language, r.sensorType)}</td>
                  <td><span className={`alerts-sev sev-${r.severity}`}>{t(`alerts.severity.${r.severity}`)}</span></td>
                  <td className="num" data-testid="rule-open">{r.unresolvedAlerts}</td>
                  {isAdmin && (
                    <td className="alerts-row-actions">
                      <button type="button" className="button button--small" onClick={() => setEditing(r)} data-testid="rule-edit">{t('alerts.edit')}</button>
                      <button type="button" className="button button--small" data-testid="rule-toggle"
                        onClick={() => act(() => saveRule(r.id, { ...inputOfRule(r), enabled: !r.enabled }))}>
                        {r.enabled ? t('alerts.rules.disable') : t('alerts.rules.enable')}
                      </button>
                      {confirmDelete === r.id ? (
                        <button type="button" className="button button--small danger" data-testid="rule-delete-confirm"
                          onClick={() => act(async () => {
                            await deleteRule(r.id);
                            setConfirmDelete(null);
                            if (editing !== 'new' && editing?.id === r.id) setEditing(null);
                          })}>
                          {t('alerts.confirmDelete')}
                        </button>
                      ) : (
                        <button type="button" className="button button--small" onClick={() => setConfirmDelete(r.id)} data-testid="rule-delete">{t('alerts.delete')}</button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {editing && (
        <aside className="alerts-side">
          <RuleForm
            key={editing === 'new' ? 'new' : editing.id}
            rule={editing === 'new' ? null : editing}
            sensors={sensors}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              void load();
            }}
          />
        </aside>
      )}
    </div>
  );
}
