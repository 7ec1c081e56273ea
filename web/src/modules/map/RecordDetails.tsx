import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { cellText } from './attribute-table.ts';
import { datasetTitle } from './LayerPanel.tsx';
import { datasetDetailQuery, fetchRecord, mapKeys, type DatasetSummary } from './map-api.ts';
import { unitLabel } from '../../i18n/units.ts';

export interface RecordRef {
  dataset: DatasetSummary;
  id: string;
  /** Properties carried by the tile (id, name, key fields): shown until the record is loaded. */
  tileProperties: Record<string, unknown>;
}

const MAX_FIELDS = 7;

/** Popup body for a clicked feature of a data layer: key fields and a link to the record. */
export function RecordDetails({ target }: { target: RecordRef }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const recordQuery = useQuery({
    queryKey: mapKeys.record(target.dataset.id, target.id),
    queryFn: ({ signal }) => fetchRecord(target.dataset.id, target.id, signal),
  });
  const detailQuery = useQuery(datasetDetailQuery(target.dataset.id));
  const record = recordQuery.data ?? null;
  const detail = detailQuery.data ?? null;
  // The tile's properties stay shown when the record could not be read, with the reason.
  const failure = recordQuery.error ?? detailQuery.error;

  const properties = record?.properties ?? target.tileProperties;
  const fields = (detail?.fields ?? [])
    .filter((field) => field.name !== 'name' && properties[field.name] !== undefined && properties[field.name] !== null && properties[field.name] !== '')
    .slice(0, MAX_FIELDS);
  const name = String(properties.name ?? properties.code ?? `#${target.id}`);

  return (
    <div className="record-details" data-testid="record-popup" data-dataset={target.dataset.id} data-record-id={target.id}>
      <p className="record-details__dataset">{datasetTitle(target.dataset, lang)}</p>
      <h2 className="record-details__name">{name}</h2>
      {fields.length > 0 && (
        <dl className="area-details__facts">
          {fields.map((field) => (
            <div key={field.name} className="record-details__fact">
              <dt>{lang === 'en' ? field.titleEn : field.titleVi}</dt>
              <dd>
                {cellText(properties[field.name], field.type, lang, field.name, field)}
                {field.unit ? ` ${unitLabel(field.unit, i18n.language)}` : ''}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {failure && (
        <p className="ws-error" role="alert" data-testid="record-popup-error">
          {errorMessage(t, failure)}
        </p>
      )}
      <Link className="record-details__link" to={`/data/${encodeURIComponent(target.dataset.id)}/records/${encodeURIComponent(target.id)}`} data-testid="record-popup-link">
        {t('map.record.open')}
      </Link>
    </div>
  );
}
