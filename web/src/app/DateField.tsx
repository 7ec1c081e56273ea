// The web's one date field. The browser's own <input type="date"> writes the day in the
// browser's locale (mm/dd/yyyy in an English browser), whatever the page's language: a
// Vietnamese screen then shows an English pattern. This field always reads and writes the day
// as dd/mm/yyyy (the order of both Vietnamese and our English dates) and also accepts an ISO day
// typed or pasted (yyyy-mm-dd). Its value in and out is the ISO day, or '' when empty.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** "31/12/2026" or "2026-12-31" → "2026-12-31"; null when it is not a real day. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const parts = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : null;
  if (!parts) return null;
  const [y, m, d] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** "2026-12-31" → "31/12/2026" ('' stays ''). */
export function showDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

export interface DateFieldProps {
  /** The ISO day, or '' for none. */
  value: string;
  onChange: (iso: string) => void;
  min?: string | undefined;
  max?: string | undefined;
  required?: boolean;
  className?: string;
  testId?: string;
  'aria-label'?: string;
}

export function DateField({ value, onChange, min, max, required, className, testId, 'aria-label': ariaLabel }: DateFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => showDay(value));
  // A value set from outside (a preset, a reset) replaces what is typed; the value this field
  // itself reported does not.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (parseDay(text) !== value) setText(showDay(value));
  }
  const iso = parseDay(text);
  const outOfRange = iso !== null && ((min && iso < min) || (max && iso > max));
  const bad = (text.trim() !== '' && iso === null) || !!outOfRange;
  return (
    <input
      type="text"
      inputMode="numeric"
      className={[className, 'date-field', bad ? 'is-bad' : ''].filter(Boolean).join(' ')}
      value={text}
      placeholder={t('date.placeholder')}
      required={required}
      aria-invalid={bad}
      aria-label={ariaLabel}
      title={bad ? t('date.invalid') : undefined}
      data-testid={testId}
      ref={(el) => el?.setCustomValidity(bad ? t('date.invalid') : '')}
      onChange={(e) => {
        setText(e.target.value);
        const next = parseDay(e.target.value);
        if (e.target.value.trim() === '') onChange('');
        else if (next !== null && !((min && next < min) || (max && next > max))) onChange(next);
      }}
    />
  );
}
