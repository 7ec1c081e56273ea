// Structured editor of a rule condition: threshold (with hysteresis), rate of change, no data,
// and all / any combinations of those (nested). API errors are shown next to the field they
// name (JSON pointers such as /condition/conditions/1/value).
import { useTranslation } from 'react-i18next';
import { OPS } from './describe.ts';

/** A condition while it is edited: numbers may be missing until the user types them. */
export interface ConditionDraft {
  kind: 'threshold' | 'rate' | 'no_data' | 'all' | 'any';
  metric?: string;
  op?: (typeof OPS)[number];
  value?: number;
  clear?: number;
  windowMinutes?: number;
  change?: number;
  minutes?: number;
  conditions?: ConditionDraft[];
}

const KINDS: ConditionDraft['kind'][] = ['threshold', 'rate', 'no_data', 'any', 'all'];

/** A fresh condition of a kind; a leaf turned into all/any becomes its first part. */
export function draftOfKind(kind: ConditionDraft['kind'], from: ConditionDraft | null, metric: string | undefined): ConditionDraft {
  switch (kind) {
    case 'threshold': return { kind, metric, op: '>=' };
    case 'rate': return { kind, metric, windowMinutes: 60 };
    case 'no_data': return { kind, minutes: 15 };
    default: {
      const first = from && from.kind !== 'all' && from.kind !== 'any' ? from : draftOfKind('threshold', null, metric);
      return { kind, conditions: [first, draftOfKind('rate', null, metric)] };
    }
  }
}

/** The condition as the API takes it: only the fields of its kind, metric left out when "any". */
export function toCondition(d: ConditionDraft): unknown {
  const metric = d.metric?.trim() ? { metric: d.metric.trim() } : {};
  // A number left empty is sent as null so that the API names the field.
  const n = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
  switch (d.kind) {
    case 'threshold': return { kind: d.kind, ...metric, op: d.op, value: n(d.value), ...(d.clear === undefined || Number.isNaN(d.clear) ? {} : { clear: d.clear }) };
    case 'rate': return { kind: d.kind, ...metric, windowMinutes: n(d.windowMinutes), change: n(d.change) };
    case 'no_data': return { kind: d.kind, minutes: n(d.minutes) };
    default: return { kind: d.kind, conditions: (d.conditions ?? []).map(toCondition) };
  }
}

export function FieldError({ errors, path }: { errors: Record<string, string>; path: string }) {
  const message = errors[path];
  if (!message) return null;
  return <span className="alerts-field-error" role="alert" data-testid={`error${path.replaceAll('/', '-')}`}>{message}</span>;
}

interface Props {
  value: ConditionDraft;
  onChange(next: ConditionDraft): void;
  /** JSON pointer of this condition in the rule body. */
  path: string;
  errors: Record<string, string>;
  defaultMetric: string | undefined;
  disabled?: boolean;
  onRemove?: () => void;
  depth?: number;
}

export function ConditionEditor({ value, onChange, path, errors, defaultMetric, disabled, onRemove, depth = 0 }: Props) {
  const { t } = useTranslation();
  // Test ids: cond-value for the top condition, cond-conditions-0-value for its first part…
  const id = (field: string) => `cond${path.replace(/^\/condition/, '').replaceAll('/', '-')}-${field}`;
  const set = (patch: Partial<ConditionDraft>) => onChange({ ...value, ...patch });
  const numberInput = (field: 'value' | 'clear' | 'windowMinutes' | 'change' | 'minutes', label: string, hint?: string) => (
    <label className={errors[`${path}/${field}`] ? 'has-error' : undefined}>
      <span>{label}</span>
      <input
        type="number" step="any" value={value[field] === undefined || Number.isNaN(value[field]) ? '' : String(value[field])} disabled={disabled}
        onChange={(e) => set({ [field]: e.target.value === '' ? undefined : Number(e.target.value) })} data-testid={id(field)}
        aria-invalid={errors[`${path}/${field}`] ? true : undefined}
      />
      {hint && <small>{hint}</small>}
      <FieldError errors={errors} path={`${path}/${field}`} />
    </label>
  );
  const metricInput = (
    <label>
      <span>{t('alerts.cond.metric')}</span>
      <input list="alerts-metrics" value={value.metric ?? ''} placeholder={t('alerts.cond.anyMetric')} disabled={disabled}
        onChange={(e) => set({ metric: e.target.value || undefined })} data-testid={id('metric')} />
      <FieldError errors={errors} path={`${path}/metric`} />
    </label>
  );

  return (
    <fieldset className={`alerts-cond depth-${depth}`} data-testid={id('box')}>
      <div className="alerts-cond-head">
        <label>
          <span>{t('alerts.cond.kind')}</span>
          <select value={value.kind} disabled={disabled} data-testid={id('kind')}
            onChange={(e) => onChange(draftOfKind(e.target.value as ConditionDraft['kind'], value, defaultMetric))}>
            {KINDS.filter((k) => depth < 3 || (k !== 'all' && k !== 'any')).map((k) => <option key={k} value={k}>{t(`alerts.kind.${k}`)}</option>)}
          </select>
        </label>
        {onRemove && <button type="button" className="button button--small" onClick={onRemove} disabled={disabled} data-testid={id('remove')}>{t('alerts.cond.remove')}</button>}
      </div>
      <FieldError errors={errors} path={path} />
      <FieldError errors={errors} path={`${path}/kind`} />
      {value.kind === 'threshold' && (
        <div className="alerts-cond-fields">
          {metricInput}
          <label>
            <span>{t('alerts.cond.op')}</span>
            <select value={value.op ?? '>='} disabled={disabled} onChange={(e) => set({ op: e.target.value as ConditionDraft['op'] })} data-testid={id('op')}>
              {OPS.map((o) => <option key={o} value={o}>{t(`alerts.op.${o}`)}</option>)}
            </select>
            <FieldError errors={errors} path={`${path}/op`} />
          </label>
          {numberInput('value', t('alerts.cond.value'))}
          {numberInput('clear', t('alerts.cond.clear'), t('alerts.cond.clearHint'))}
        </div>
      )}
      {value.kind === 'rate' && (
        <div className="alerts-cond-fields">
          {metricInput}
          {numberInput('change', t('alerts.cond.change'), t('alerts.cond.changeHint'))}
          {numberInput('windowMinutes', t('alerts.cond.windowMinutes'))}
        </div>
      )}
      {value.kind === 'no_data' && <div className="alerts-cond-fields">{numberInput('minutes', t('alerts.cond.minutes'))}</div>}
      {(value.kind === 'all' || value.kind === 'any') && (
        <div className="alerts-cond-children">
          <p className="alerts-muted">{t(value.kind === 'all' ? 'alerts.cond.allHint' : 'alerts.cond.anyHint')}</p>
          <FieldError errors={errors} path={`${path}/conditions`} />
          {(value.conditions ?? []).map((child, i) => (
            <ConditionEditor
              key={i} value={child} path={`${path}/conditions/${i}`} errors={errors} defaultMetric={defaultMetric}
              disabled={disabled} depth={depth + 1}
              onChange={(next) => set({ conditions: (value.conditions ?? []).map((c, j) => (j === i ? next : c)) })}
              onRemove={(value.conditions ?? []).length > 1 ? () => set({ conditions: (value.conditions ?? []).filter((_, j) => j !== i) }) : undefined}
            />
          ))}
          <button type="button" className="button button--small" disabled={disabled} data-testid={id('add')}
            onClick={() => set({ conditions: [...(value.conditions ?? []), draftOfKind('threshold', null, defaultMetric)] })}>
            {t('alerts.cond.add')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
