import { useTranslation } from 'react-i18next';

/** Centered loading (or other short) status for whole-page waits. */
export function FullPageStatus({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <div className="full-page-status" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{message ?? t('app.loading')}</span>
    </div>
  );
}
