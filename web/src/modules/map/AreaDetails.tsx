import { useTranslation } from 'react-i18next';
import type { Area } from '../../../../shared/contracts/index.ts';
import { formatDate, formatNumber, previousDay } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** Popup body for a clicked area. */
export function AreaDetails({ area }: { area: Area }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  // validTo is the first day no longer in force: show the last day in force.
  const validTo = area.validTo ? formatDate(previousDay(area.validTo), lang) : t('area.inForce');
  return (
    <div className="area-details" data-testid="area-popup" data-area-code={area.code}>
      <h2 className="area-details__name" lang="vi">
        {area.nameVi}
      </h2>
      {area.nameEn && (
        <p className="area-details__name-en" lang="en">
          {area.nameEn}
        </p>
      )}
      <dl className="area-details__facts">
        <dt>{t('area.code')}</dt>
        <dd data-testid="area-popup-code">{area.code}</dd>
        <dt>{t('area.level')}</dt>
        <dd>{t(`levels.${area.level}`, { defaultValue: area.level })}</dd>
        <dt>{t('area.validFrom')}</dt>
        <dd>{formatDate(area.validFrom, lang)}</dd>
        <dt>{t('area.validTo')}</dt>
        <dd>{validTo}</dd>
        <dt>{t('area.area')}</dt>
        <dd>
          {formatNumber(area.areaKm2, lang)} km²
        </dd>
      </dl>
      {area.approximate && <p className="area-details__approximate">{t('area.approximate')}</p>}
    </div>
  );
}
