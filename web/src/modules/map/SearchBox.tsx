import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area } from '../../../../shared/contracts/index.ts';
import { isAbortError } from '../../app/api.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { datasetTitle } from './LayerPanel.tsx';
import { fetchRecords, type DatasetRecord, type DatasetSummary } from './map-api.ts';
import { matchNames } from './search.ts';

/** Searched when no layer is on: the places operators most often look for. */
const DEFAULT_SEARCH_DATASETS = ['public-service-points', 'hospitals', 'ward-health-stations', 'schools', 'markets-supermarkets', 'apartment-buildings', 'fire-hydrants'];

export interface RecordHit {
  dataset: DatasetSummary;
  record: DatasetRecord;
}

interface SearchBoxProps {
  areas: Area[];
  datasets: DatasetSummary[];
  /** Datasets whose records are searched (the visible layers). */
  searchIn: string[];
  onArea: (area: Area) => void;
  onRecord: (hit: RecordHit) => void;
}

/** One box for places: areas by name (without diacritics too) and records of the layers (`q`). */
export function SearchBox({ areas, datasets, searchIn, onArea, onRecord }: SearchBoxProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const [query, setQuery] = useState('');
  const [records, setRecords] = useState<RecordHit[]>([]);
  const [open, setOpen] = useState(false);
  const areaHits = query.trim().length >= 2 ? matchNames(areas, query, (area) => [area.nameVi, area.nameEn ?? '', area.code], 6) : [];
  const targets = (searchIn.length > 0 ? searchIn : DEFAULT_SEARCH_DATASETS)
    .map((id) => datasets.find((dataset) => dataset.id === id))
    .filter((dataset): dataset is DatasetSummary => !!dataset && dataset.geometryType !== 'none')
    .slice(0, 8);
  const targetKey = targets.map((dataset) => dataset.id).join(',');

  useEffect(() => {
    const text = query.trim();
    if (text.length < 2) {
      setRecords([]);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      Promise.all(
        targets.map((dataset) =>
          fetchRecords(dataset.id, { q: text, limit: 4 }, controller.signal)
            .then((page) => page.records.filter((record) => record.geometry).map((record) => ({ dataset, record })))
            .catch((error: unknown) => {
              if (!isAbortError(error)) console.warn(`search in ${dataset.id} failed`, error);
              return [] as RecordHit[];
            }),
        ),
      ).then((lists) => {
        if (!controller.signal.aborted) setRecords(lists.flat().slice(0, 12));
      });
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // targets is derived from targetKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, targetKey]);

  const nameOf = (record: DatasetRecord) => String(record.properties.name ?? record.properties.code ?? `#${record.id}`);
  const showList = open && query.trim().length >= 2;

  return (
    <div className="map-search" role="search">
      <input
        type="search"
        value={query}
        placeholder={t('map.search.placeholder')}
        aria-label={t('map.search.label')}
        data-testid="map-search"
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setOpen(false);
        }}
      />
      {showList && (
        <ul className="map-search__results" data-testid="map-search-results">
          {areaHits.map((area) => (
            <li key={`area-${area.code}`}>
              <button
                type="button"
                data-testid={`search-area-${area.code}`}
                onClick={() => {
                  setOpen(false);
                  onArea(area);
                }}
              >
                <span className="map-search__kind">{t('map.search.area')}</span>
                {lang === 'en' && area.nameEn ? area.nameEn : area.nameVi}
              </button>
            </li>
          ))}
          {records.map((hit) => (
            <li key={`${hit.dataset.id}-${hit.record.id}`}>
              <button
                type="button"
                data-testid={`search-record-${hit.dataset.id}-${hit.record.id}`}
                onClick={() => {
                  setOpen(false);
                  onRecord(hit);
                }}
              >
                <span className="map-search__kind">{datasetTitle(hit.dataset, lang)}</span>
                {nameOf(hit.record)}
              </button>
            </li>
          ))}
          {areaHits.length === 0 && records.length === 0 && <li className="ws-note">{t('map.search.nothing')}</li>}
        </ul>
      )}
    </div>
  );
}
