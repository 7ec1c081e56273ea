// Add / edit form of an alert rule: names, scope (sensor type, sensor, area), a structured
// condition editor with a JSON view, severity, category, flags and instructions. Problems
// reported by the API are shown next to their field.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_CATEGORIES, ALERT_SEVERITIES, type AlertCategory, type AlertRule, type AlertRuleInput, type AlertSeverity, type RuleCondition } from '../../../../shared/contracts/alerts.ts';
import { SENSOR_TYPES, SENSOR_TYPE_INFO, type SensorType } from '../../../../shared/contracts/sensors.ts';
import { errorMessage } from '../../app/errors.ts';
import { ConditionEditor, draftOfKind, FieldError, toCondition, type ConditionDraft } from './ConditionEditor.tsx';
import { FieldErrors, saveRule, type SensorOption } from './alerts-api.ts';
import { typeTitle } from './describe.ts';

interface Draft {
  nameVi: string;
  nameEn: string;
  enabled: boolean;
  sensorType: string;
  sensorId: string;
  areaCode: string;
  condition: ConditionDraft;
  severity: AlertSeverity;
  category: AlertCategory;
  public: boolean;
  autoResolve: boolean;
  instructionVi: string;
  instructionEn: string;
}

const metricOf = (type: string) => SENSOR_TYPE_INFO[type as SensorType]?.metric;

function draftOf(rule: AlertRule | null): Draft {
  if (!rule) {
    return {
      nameVi: '', nameEn: '', enabled: true, sensorType: '', sensorId: '', areaCode: '', condition: draftOfKind('threshold', null, undefined),
      severity: 'Moderate', category: 'Met', public: false, autoResolve: false, instructionVi: '', instructionEn: '',
    };
  }
  return {
    nameVi: rule.nameVi, nameEn: rule.nameEn, enabled: rule.enabled, sensorType: rule.sensorType ?? '', sensorId: rule.sensorId ?? '',
    areaCode: rule.areaCode ?? '', condition: rule.condition as ConditionDraft, severity: rule.severity, category: rule.category,
    public: rule.public, autoResolve: rule.autoResolve, instructionVi: rule.instructionVi ?? '', instructionEn: rule.instructionEn ?? '',
  };
}

/** The body of POST / PUT /api/alert-rules: empty scope fields mean "any". */
export function ruleInput(d: Draft): AlertRuleInput {
  return {
    nameVi: d.nameVi.trim(), nameEn: d.nameEn.trim(), enabled: d.enabled, sensorType: d.sensorType || null, sensorId: d.sensorId.trim() || null,
    areaCode: d.areaCode.trim() || null, condition: toCondition(d.condition) as RuleCondition, severity: d.severity, category: d.category,
    public: d.public, autoResolve: d.autoResolve, instructionVi: d.instructionVi.trim() || null, instructionEn: d.instructionEn.trim() || null,
  };
}

/** A rule as the API takes it back (to switch it on or off from the list). */
export const inputOfRule = (rule: AlertRule): AlertRuleInput => ruleInput(draftOf(rule));

interface Props {
  rule: AlertRule | null;
  sensors: SensorOption[];
  onSaved(rule: AlertRule): void;
  onCancel(): void;
}

export function RuleForm({ rule, sensors, onSaved, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [d, setD] = useState<Draft>(() => draftOf(rule));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [json, setJson] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      onSaved(await saveRule(rule?.id ?? null, ruleInput(d)));
    } catch (err) {
      const fields = err instanceof FieldErrors ? err.fields : {};
      setErrors(fields);
      // A problem that no field shows is reported above the buttons.
      if (!Object.keys(fields).length) setError(errorMessage(t, err));
      setBusy(false);
    }
  };

  const applyJson = () => {
    try {
      set({ condition: JSON.parse(json ?? '') as ConditionDraft });
      setJson(null);
      setErrors({});
    } catch (e) {
      setErrors({ '/condition': e instanceof Error ? e.message : String(e) });
    }
  };

  const text = (field: 'nameVi' | 'nameEn' | 'sensorId' | 'areaCode', label: string, extra: Record<string, string> = {}) => (
    <label className={errors[`/${field}`] ? 'has-error' : undefined}>
      <span>{label}</span>
      <input value={d[field]} onChange={(e) => set({ [field]: e.target.value })} data-testid={`rule-${field}`} aria-invalid={errors[`/${field}`] ? true : undefined} {...extra} />
      <FieldError errors={errors} path={`/${field}`} />
    </label>
  );
  const check = (field: 'enabled' | 'public' | 'autoResolve', label: string, hint: string) => (
    <label className="alerts-check">
      <input type="checkbox" checked={d[field]} onChange={(e) => set({ [field]: e.target.checked })} data-testid={`rule-${field}`} />
      <span>{label}<small>{hint}</small></span>
    </label>
  );
  const typeOptions = d.sensorType && !(SENSOR_TYPES as readonly string[]).includes(d.sensorType) ? [...SENSOR_TYPES, d.sensorType] : SENSOR_TYPES;

  return (
    <form className="alerts-form" onSubmit={(e) => void submit(e)} data-testid="rule-form" noValidate>
      <h2>{rule ? t('alerts.rules.editTitle', { name: en ? rule.nameEn : rule.nameVi }) : t('alerts.rules.newTitle')}</h2>
      <div className="alerts-grid2">
        {text('nameVi', t('alerts.rules.nameVi'))}
        {text('nameEn', t('alerts.rules.nameEn'))}
      </div>

      <h3>{t('alerts.rules.scope')}</h3>
      <p className="alerts-muted">{t('alerts.rules.scopeHint')}</p>
      <div className="alerts-grid3">
        <label className={errors['/sensorType'] ? 'has-error' : undefined}>
          <span>{t('alerts.rules.sensorType')}</span>
          <select value={d.sensorType} data-testid="rule-sensorType" onChange={(e) => {
            const type = e.target.value;
            // A condition still on the previous type's metric follows the new type.
            const before = metricOf(d.sensorType);
            const c = d.condition;
            const follow = (c.kind === 'threshold' || c.kind === 'rate') && (c.metric === undefined || c.metric === before);
            set({ sensorType: type, ...(follow ? { condition: { ...c, metric: metricOf(type) } } : {}) });
          }}>
            <option value="">{t('alerts.rules.anyType')}</option>
            {typeOptions.map((x) => <option key={x} value={x}>{typeTitle(x, en)}</option>)}
          </select>
          <FieldError errors={errors} path="/sensorType" />
        </label>
        {text('sensorId', t('alerts.rules.sensorId'), { list: 'alerts-sensors', placeholder: t('alerts.rules.anySensor') })}
        {text('areaCode', t('alerts.rules.areaCode'), { placeholder: t('alerts.rules.anyArea') })}
      </div>
      <datalist id="alerts-sensors">
        {sensors.filter((s) => !d.sensorType || s.type === d.sensorType).map((s) => <option key={s.sensorId} value={s.sensorId}>{s.name}</option>)}
      </datalist>
      <datalist id="alerts-metrics">
        {SENSOR_TYPES.map((x) => <option key={x} value={SENSOR_TYPE_INFO[x].metric}>{typeTitle(x, en)}</option>)}
      </datalist>

      <div className="alerts-cond-title">
        <h3>{t('alerts.rules.condition')}</h3>
        <button type="button" className="button button--small" data-testid="rule-json-toggle"
          onClick={() => setJson(json === null ? JSON.stringify(toCondition(d.condition), null, 2) : null)}>
          {json === null ? t('alerts.rules.showJson') : t('alerts.rules.hideJson')}
        </button>
      </div>
      {json === null ? (
        <ConditionEditor value={d.condition} onChange={(condition) => set({ condition })} path="/condition" errors={errors} defaultMetric={metricOf(d.sensorType)} />
      ) : (
        <div className="alerts-json">
          <textarea value={json} onChange={(e) => setJson(e.target.value)} rows={10} spellCheck={false} data-testid="rule-json" />
          <FieldError errors={errors} path="/condition" />
          <button type="button" className="button button--small" onClick={applyJson}>{t('alerts.rules.applyJson')}</button>
        </div>
      )}

      <div className="alerts-grid2">
        <label>
          <span>{t('alerts.rules.severity')}</span>
          <select value={d.severity} onChange={(e) => set({ severity: e.target.value as AlertSeverity })} data-testid="rule-severity">
            {ALERT_SEVERITIES.map((s) => <option key={s} value={s}>{t(`alerts.severity.${s}`)}</option>)}
          </select>
          <FieldError errors={errors} path="/severity" />
        </label>
        <label>
          <span>{t('alerts.rules.category')}</span>
          <select value={d.category} onChange={(e) => set({ category: e.target.value as AlertCategory })} data-testid="rule-category">
            {ALERT_CATEGORIES.map((c) => <option key={c} value={c}>{t(`alerts.category.${c}`)}</option>)}
          </select>
          <FieldError errors={errors} path="/category" />
        </label>
      </div>
      <div className="alerts-checks">
        {check('enabled', t('alerts.rules.enabled'), t('alerts.rules.enabledHint'))}
        {check('autoResolve', t('alerts.rules.autoResolve'), t('alerts.rules.autoResolveHint'))}
        {check('public', t('alerts.rules.public'), t('alerts.rules.publicHint'))}
      </div>
      <div className="alerts-grid2">
        <label>
          <span>{t('alerts.rules.instructionVi')}</span>
          <textarea rows={2} value={d.instructionVi} onChange={(e) => set({ instructionVi: e.target.value })} data-testid="rule-instructionVi" />
        </label>
        <label>
          <span>{t('alerts.rules.instructionEn')}</span>
          <textarea rows={2} value={d.instructionEn} onChange={(e) => set({ instructionEn: e.target.value })} data-testid="rule-instructionEn" />
        </label>
      </div>
      {error && <p className="alerts-error" role="alert" data-testid="rule-error">{error}</p>}
      {Object.keys(errors).length > 0 && <p className="alerts-error" role="alert" data-testid="rule-error">{t('alerts.fixFields')}</p>}
      <div className="alerts-actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="rule-save">{t('alerts.save')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('alerts.cancel')}</button>
      </div>
    </form>
  );
}
