import { useTranslation } from 'react-i18next';
import { useUnitsMode, type UnitsMode } from './units.ts';

const OPTIONS: { mode: UnitsMode; labelKey: string; testId: string }[] = [
  { mode: 'current', labelKey: 'units.current', testId: 'units-switch-2025' },
  { mode: 'old', labelKey: 'units.old', testId: 'units-switch-old' },
];

/** Segmented control choosing between the 2025 units and the former (pre-2025-07-01) wards. */
export function UnitsSwitch() {
  const { t } = useTranslation();
  const [mode, setMode] = useUnitsMode();
  return (
    <div className="segmented" role="group" aria-label={t('units.switchLabel')}>
      {OPTIONS.map((option) => (
        <button
          key={option.mode}
          type="button"
          className={`segmented__option${mode === option.mode ? ' is-selected' : ''}`}
          aria-pressed={mode === option.mode}
          data-testid={option.testId}
          onClick={() => setMode(option.mode)}
        >
          {t(option.labelKey)}
        </button>
      ))}
    </div>
  );
}
