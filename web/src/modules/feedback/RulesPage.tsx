// Routing rules (/feedback/rules): category → responsible department, optionally overridden for
// one ward. The place → ward step is automatic (the ward containing the point on the day), so
// only the department is a rule. Admins edit; other staff read.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeedbackRoutingRule } from '../../../../shared/contracts/feedback.ts';
import { errorMessage } from '../../app/errors.ts';
import { useServedWards } from '../../app/wards.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { deleteRule, feedbackKeys, fetchCategories, fetchRules, fetchUnits, saveRule } from './feedback-api.ts';
import { formatDateTime, localName } from './format.ts';
import './feedback.css';

export function RulesPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const isAdmin = user?.role === 'admin';
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const [newRule, setNewRule] = useState({ category: '', ward: '', unit: '' });
  // The wards a rule may name: those the centre serves, named by the areas API.
  const served = useServedWards();
  const newWard = newRule.ward || (served.wards?.[0]?.code ?? '');
  const wardLabel = (code: string) => {
    const w = served.wards?.find((x) => x.code === code);
    return w ? localName(w, i18n.language) : code;
  };

  const catsQuery = useQuery({ queryKey: feedbackKeys.categories, queryFn: ({ signal }) => fetchCategories(signal) });
  const unitsQuery = useQuery({ queryKey: feedbackKeys.units, queryFn: ({ signal }) => fetchUnits(signal) });
  const rulesQuery = useQuery({ queryKey: feedbackKeys.rules, queryFn: ({ signal }) => fetchRules(signal) });
  // The page shows once all three have loaded, as before.
  const loaded = catsQuery.isSuccess && unitsQuery.isSuccess && rulesQuery.isSuccess;
  const cats = useMemo(() => (loaded ? catsQuery.data : []), [loaded, catsQuery.data]);
  const units = loaded ? unitsQuery.data : [];
  const rules = useMemo(() => (loaded ? rulesQuery.data : []), [loaded, rulesQuery.data]);

  const unitName = (code: string) => {
    const u = units.find((x) => x.code === code);
    return u ? (i18n.language === 'en' ? u.nameEn : u.nameVi) : code;
  };
  const byCategory = useMemo(() => new Map(cats.map((c) => [c.code, rules.filter((r) => r.categoryCode === c.code)])), [cats, rules]);

  const change = useMutation({
    mutationFn: ({ f }: { f: () => Promise<FeedbackRoutingRule[]>; done: string }) => f(),
    onMutate: () => setMessage(null),
    onSuccess: (next, { done }) => {
      queryClient.setQueryData(feedbackKeys.rules, next);
      setMessage(done);
    },
  });
  const apply = (f: () => Promise<FeedbackRoutingRule[]>, done: string) => change.mutate({ f, done });
  const failure = change.error ?? catsQuery.error ?? unitsQuery.error ?? rulesQuery.error ?? served.error;
  const error = failure ? errorMessage(t, failure) : null;

  const unitSelect = (value: string, onChange: (v: string) => void, testId: string) => (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {!value && <option value="">—</option>}
      {units.map((u) => <option key={u.code} value={u.code}>{i18n.language === 'en' ? u.nameEn : u.nameVi}</option>)}
    </select>
  );

  return (
    <div className="fb-staff" data-testid="feedback-rules">
      <p><Link to="/feedback">← {t('feedback.staff.inbox')}</Link></p>
      <h1>{t('feedback.rules.title')}</h1>
      <p className="fb-muted fb-lead">{t('feedback.rules.intro')}</p>
      {!isAdmin && <p className="fb-muted" data-testid="rules-readonly">{t('feedback.rules.readOnly')}</p>}
      {error && <div className="fb-error" role="alert" data-testid="rules-error">{error}</div>}
      {message && <p className="fb-ok" role="status" data-testid="rules-message">{message}</p>}
      <table className="fb-table fb-rules" data-testid="rules-table">
        <thead>
          <tr><th>{t('feedback.staff.category')}</th><th>{t('feedback.rules.deadline')}</th><th>{t('feedback.rules.ward')}</th><th>{t('feedback.rules.unit')}</th><th>{t('feedback.rules.updated')}</th>{isAdmin && <th />}</tr>
        </thead>
        <tbody>
          {cats.map((c) => (byCategory.get(c.code) ?? []).map((r, i) => (
            <tr key={r.id} data-testid={`rule-${c.code}-${r.wardCode ?? 'all'}`} className={r.wardCode ? 'fb-rule-ward' : ''}>
              <td>{i === 0 ? (i18n.language === 'en' ? c.nameEn : c.nameVi) : ''}</td>
              <td className="num">{i === 0 ? t('feedback.rules.days', { count: c.deadlineDays }) : ''}</td>
              <td>{r.wardCode ? wardLabel(r.wardCode) : t('feedback.rules.anyWard')}</td>
              <td>
                {isAdmin
                  ? unitSelect(r.unitCode, (v) => apply(() => saveRule(c.code, r.wardCode, v), t('feedback.rules.saved')), `rule-unit-${c.code}-${r.wardCode ?? 'all'}`)
                  : unitName(r.unitCode)}
              </td>
              <td className="fb-muted">{formatDateTime(r.updatedAt, i18n.language)} · {r.updatedBy}</td>
              {isAdmin && <td>{r.wardCode && <button type="button" className="button button--small" onClick={() => apply(() => deleteRule(r.id), t('feedback.rules.deleted'))} data-testid={`rule-delete-${c.code}-${r.wardCode}`}>{t('feedback.rules.delete')}</button>}</td>}
            </tr>
          )))}
        </tbody>
      </table>
      {isAdmin && (
        <form className="fb-inline-form" data-testid="rule-add" onSubmit={(e) => { e.preventDefault(); if (newRule.category && newWard && newRule.unit) apply(() => saveRule(newRule.category, newWard, newRule.unit), t('feedback.rules.saved')); }}>
          <h2>{t('feedback.rules.addTitle')}</h2>
          <p className="fb-muted">{t('feedback.rules.addHint')}</p>
          <div className="fb-row fb-row--wrap">
            <select value={newRule.category} onChange={(e) => setNewRule({ ...newRule, category: e.target.value })} data-testid="rule-add-category" required>
              <option value="">{t('feedback.citizen.chooseCategory')}</option>
              {cats.map((c) => <option key={c.code} value={c.code}>{i18n.language === 'en' ? c.nameEn : c.nameVi}</option>)}
            </select>
            <select value={newWard} onChange={(e) => setNewRule({ ...newRule, ward: e.target.value })} data-testid="rule-add-ward">
              {served.wards?.map((w) => <option key={w.code} value={w.code}>{localName(w, i18n.language)}</option>)}
            </select>
            {unitSelect(newRule.unit, (v) => setNewRule({ ...newRule, unit: v }), 'rule-add-unit')}
            <button type="submit" className="button button--primary button--small" disabled={!newRule.category || !newWard || !newRule.unit} data-testid="rule-add-submit">{t('feedback.rules.add')}</button>
          </div>
        </form>
      )}
    </div>
  );
}
