import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from './index.ts';

/** Switches between Vietnamese and English; shows the language it switches to. */
export function LanguageToggle({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const next = lang === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      className={['lang-toggle', className].filter(Boolean).join(' ')}
      data-testid="lang-toggle"
      lang={next}
      title={t('lang.toggleTitle')}
      aria-label={t('lang.toggleTitle')}
      onClick={() => void setLanguage(next)}
    >
      {t('lang.toggleLabel')}
    </button>
  );
}
