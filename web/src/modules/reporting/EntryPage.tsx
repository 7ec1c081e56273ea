// Entry of a unit's report for a period (/reporting/entry?form=&unit=&period=), made for a
// phone: one field per value with the previous period's value beside it, validation as the
// officer types (the server's rules), save as draft, submit (refused while a blocking rule fails).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { currentLanguage } from '../../i18n/index.ts';
import type { DataElement, Entry, ReportProblem, ReportValue } from '../../../../shared/contracts/reporting.ts';
import { checkValues, fetchEntry, reportingKeys, saveValues, transition } from './reporting-api.ts';
import { dateText, dateTimeText, nameOf, num, periodText, ReportingNav, reportingError, titleOf } from './common.tsx';
import './reporting.css';

type Draft = Record<string, string>;

function toDraft(values: Record<string, ReportValue>): Draft {
  const d: Draft = {};
  for (const [k, v] of Object.entries(values)) d[k] = v === null ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
  return d;
}
function fromDraft(d: Draft, elements: DataElement[]): Record<string, ReportValue> {
  const out: Record<string, ReportValue> = {};
  for (const [k, raw] of Object.entries(d)) {
    if (raw === '') continue;
    const e = elements.find((x) => x.code === k.split('.')[0]);
    if (!e) continue;
    if (e.type === 'text') out[k] = raw;
    else if (e.type === 'yesno') out[k] = raw === 'true';
    else out[k] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

export function EntryPage() {
  const [params] = useSearchParams();
  const q = { form: params.get('form') ?? '', unit: params.get('unit') ?? '', period: params.get('period') ?? undefined };
  const { t } = useTranslation();
  const entry = useQuery({ queryKey: reportingKeys.entry(q), queryFn: ({ signal }) => fetchEntry(q, signal), enabled: !!q.form && !!q.unit });
  return (
    <div className="rep-page" data-testid="reporting-entry">
      <ReportingNav />
      {entry.error && <p className="rep-error" role="alert">{reportingError(t, entry.error)}</p>}
      {entry.data && <EntryForm key={`${entry.data.form.id}-${entry.data.unit.code}-${entry.data.period}`} entry={entry.data} />}
    </div>
  );
}

function EntryForm({ entry }: { entry: Entry }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { form, unit, period } = entry;
  // The saved submission: from the page's data, then from each save's answer.
  const [detail, setDetail] = useState(entry.detail);
  const sub = detail?.submission ?? null;
  const [draft, setDraft] = useState<Draft>(() => toDraft(sub?.values ?? {}));
  const [problems, setProblems] = useState<ReportProblem[]>(entry.detail?.problems ?? []);
  const [message, setMessage] = useState<string | null>(null);
  const editable = detail ? detail.can.edit : !entry.locked;
  const values = useMemo(() => fromDraft(draft, form.elements), [draft, form.elements]);

  // Validation as the officer types: the server's rules, half a second after the last key.
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => { checkValues(form.code, values, ctl.signal).then(setProblems).catch(() => undefined); }, 400);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [form.code, values]);

  const refresh = () => qc.invalidateQueries({ queryKey: ['reporting'] });
  const save = useMutation({
    mutationFn: () => saveValues({ form: form.code, unit: unit.code, period, values }),
    onSuccess: (d) => { setDetail(d); setMessage(t('reporting.saved')); void refresh(); },
  });
  const submit = useMutation({
    mutationFn: async () => {
      const saved = await saveValues({ form: form.code, unit: unit.code, period, values });
      return transition(saved.submission.id, 'submit');
    },
    onSuccess: (d) => { void refresh(); navigate(`/reporting/submissions/${d.submission.id}`); },
  });
  const blocking = problems.filter((p) => p.blocking);
  const problemsOf = (key: string) => problems.filter((p) => p.element === key || p.element === key.split('.')[0]);
  const ruleName = (code: string | null) => { const r = form.rules.find((x) => x.code === code); return r ? nameOf(r, lang) : ''; };
  const set = (k: string, v: string) => { setDraft((d) => ({ ...d, [k]: v })); setMessage(null); };

  const field = (e: DataElement, key: string, label: string) => {
    if (e.auto) {
      return (
        <div key={key} className="rep-field rep-field--auto">
          <span className="rep-label">{label}</span>
          <div className="rep-row">
            <b data-testid={`auto-${key}`}>{num(entry.autoValues[key] ?? null, lang)}</b>
            <span className="rep-prev">{t('reporting.auto')} · {t('reporting.previous')}: {typeof entry.previousValues[key] === 'number' ? num(entry.previousValues[key], lang) : '—'}</span>
          </div>
        </div>
      );
    }
    const prev = entry.previousValues[key];
    const prevText = prev === undefined || prev === null ? '—' : typeof prev === 'boolean' ? t(prev ? 'reporting.yes' : 'reporting.no') : typeof prev === 'number' ? num(prev, lang) : String(prev);
    const bad = problemsOf(key).filter((p) => p.code !== 'compulsory_missing' || (draft[key] ?? '') === '');
    const id = `f-${key}`;
    return (
      <div key={key} className={`rep-field${bad.length ? ' rep-field--bad' : ''}`}>
        <label htmlFor={id}>{label}{e.compulsory && ' *'}</label>
        <div className="rep-row">
          {e.type === 'yesno' ? (
            <select id={id} value={draft[key] ?? ''} disabled={!editable} onChange={(ev) => set(key, ev.target.value)} data-testid={`input-${key}`}>
              <option value="">—</option><option value="true">{t('reporting.yes')}</option><option value="false">{t('reporting.no')}</option>
            </select>
          ) : e.type === 'text' ? (
            <textarea id={id} rows={2} value={draft[key] ?? ''} disabled={!editable} onChange={(ev) => set(key, ev.target.value)} data-testid={`input-${key}`} />
          ) : (
            <input id={id} type="number" inputMode="decimal" step="any" value={draft[key] ?? ''} disabled={!editable} onChange={(ev) => set(key, ev.target.value)} data-testid={`input-${key}`} />
          )}
          <span className="rep-prev" data-testid={`prev-${key}`}>{t('reporting.previous')}: {prevText}{e.type !== 'yesno' && e.type !== 'text' && prev !== undefined ? ` ${lang === 'en' ? e.unitEn ?? '' : e.unitVi ?? ''}` : ''}</span>
        </div>
        {bad.map((p, i) => <span key={i} className="rep-error" role="alert">{t(`reporting.problem.${p.code}`)}</span>)}
      </div>
    );
  };

  return (
    <div className="rep-entry">
      <h1>{titleOf(form, lang)}</h1>
      <dl className="rep-facts">
        <dt>{t('reporting.unit')}</dt><dd>{nameOf(unit, lang)}</dd>
        <dt>{t('reporting.periodLabel')}</dt><dd>{periodText(period, t)} ({dateText(`${entry.window.start}T12:00:00+07:00`, lang)} – {dateText(`${entry.window.end}T12:00:00+07:00`, lang)})</dd>
        <dt>{t('reporting.deadline')}</dt><dd>{dateTimeText(entry.deadline, lang)}</dd>
        <dt>{t('reporting.statusLabel')}</dt><dd><span className={`rep-status rep-status--${sub?.status ?? 'missing'}`} data-testid="entry-status">{t(`reporting.status.${sub?.status ?? 'none'}`)}</span></dd>
      </dl>
      {sub?.status === 'rejected' && <p className="rep-error" role="alert">{t('reporting.returned')}: {sub.rejectionReason}</p>}
      {entry.locked && sub?.status !== 'rejected' && <p className="rep-error">{t('reporting.lockedNote', { at: dateTimeText(entry.lockAt, lang) })}</p>}
      {form.elements.map((e) => {
        const label = `${nameOf(e, lang)}${e.unitVi ? ` (${lang === 'en' ? e.unitEn ?? '' : e.unitVi})` : ''}`;
        if (!e.disaggregation) return field(e, e.code, label);
        return (
          <fieldset key={e.code} className="rep-field">
            <legend className="rep-label">{label}{e.compulsory && ' *'}</legend>
            <div className="rep-sub">{e.disaggregation.options.map((o) => field(e, `${e.code}.${o.code}`, nameOf(o, lang)))}</div>
          </fieldset>
        );
      })}
      {problems.filter((p) => p.code === 'rule_failed').map((p, i) => (
        <p key={i} className="rep-error" role="alert" data-testid="rule-problem">
          {p.blocking ? t('reporting.ruleBlocking') : t('reporting.ruleWarning')}: {ruleName(p.rule)} ({num(p.left, lang)} / {num(p.right, lang)})
        </p>
      ))}
      {(save.error || submit.error) && <p className="rep-error" role="alert">{reportingError(t, save.error ?? submit.error)}</p>}
      {message && <p className="rep-ok" role="status">{message}</p>}
      {editable && (
        <div className="rep-actions">
          <button type="button" className="button" onClick={() => save.mutate()} disabled={save.isPending} data-testid="entry-save">{t('reporting.saveDraft')}</button>
          <button type="button" className="button button--primary" onClick={() => submit.mutate()} disabled={submit.isPending || blocking.length > 0} data-testid="entry-submit">{t('reporting.submit')}</button>
        </div>
      )}
      {sub && <Link to={`/reporting/submissions/${sub.id}`}>{t('reporting.history')}</Link>}
    </div>
  );
}
