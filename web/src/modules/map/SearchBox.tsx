import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area } from '../../../../shared/contracts/index.ts';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { datasetTitle } from './LayerPanel.tsx';
import { fetchRecords, mapKeys, type DatasetRecord, type DatasetSummary } from './map-api.ts';
import { matchNames } from './search.ts';
import { api } from '../../app/api.ts';
import type { PlaceHit, PlaceSearchResult } from '../../../../shared/contracts/basemap.ts';

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
  /** A street, POI or place of the base map was chosen. */
  onPlace?: (hit: PlaceHit) => void;
}

/** Typing pause (ms) before the records are searched. */
const SEARCH_DELAY_MS = 250;

interface RecordSearch {
  hits: RecordHit[];
  /** Why some layers could not be searched (their hits are missing), or null. */
  failure: unknown;
}

/** Records matching `text` in each dataset; a dataset that fails is left out, unless all do. */
async function searchRecords(targets: DatasetSummary[], text: string, signal: AbortSignal): Promise<RecordSearch> {
  const answers = await Promise.allSettled(
    targets.map(async (dataset) => (await fetchRecords(dataset.id, { q: text, limit: 4 }, signal)).records.filter((record) => record.geometry).map((record) => ({ dataset, record }))),
  );
  const failures = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason as unknown] : []));
  if (failures.length > 0 && failures.length === answers.length) throw failures[0];
  return { hits: answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : [])).slice(0, 12), failure: failures[0] ?? null };
}

/** One box for places: areas by name (without diacritics too) and records of the layers (`q`). */
export function SearchBox({ areas, datasets, searchIn, onArea, onRecord, onPlace }: SearchBoxProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const [query, setQuery] = useState('');
  // The text searched: the box's text once typing pauses.
  const [searched, setSearched] = useState('');
  const [open, setOpen] = useState(false);
  const areaHits = query.trim().length >= 2 ? matchNames(areas, query, (area) => [area.nameVi, area.nameEn ?? '', area.code], 6) : [];
  const targets = (searchIn.length > 0 ? searchIn : DEFAULT_SEARCH_DATASETS)
    .map((id) => datasets.find((dataset) => dataset.id === id))
    .filter((dataset): dataset is DatasetSummary => !!dataset && dataset.geometryType !== 'none')
    .slice(0, 8);
  const targetKey = targets.map((dataset) => dataset.id).join(',');

  useEffect(() => {
    const text = query.trim();
    const timer = window.setTimeout(() => setSearched(text), text.length < 2 ? 0 : SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query]);
  const search = useQuery({
    queryKey: mapKeys.search(searched, targetKey),
    queryFn: ({ signal }) => searchRecords(targets, searched, signal),
    enabled: searched.length >= 2,
    // The previous hits stay listed while the next search answers.
    placeholderData: keepPreviousData,
  });
  const places = useQuery({
    queryKey: ['map', 'places', searched],
    queryFn: ({ signal }) => api<PlaceSearchResult>('/basemap/places', { query: { q: searched, limit: 6 }, signal }),
    enabled: searched.length >= 2 && !!onPlace,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const active = query.trim().length >= 2 && searched.length >= 2;
  const placeHits = active ? (places.data?.items ?? []) : [];
  const records = active ? (search.data?.hits ?? []) : [];
  const failure = active ? (search.error ?? search.data?.failure ?? null) : null;

  const nameOf = (record: DatasetRecord) => String(record.properties.name ?? record.properties.code ?? `#${record.id}`);
  const showList = open && query.trim().length >= 2;

  return (
    <div className="map-search" role="search">
      <input
        type="search"
        value={query}
        placeholder={t('map.search.placeholder')}
        title={t('map.search.hint')}
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
          {placeHits.map((hit, index) => (
            <li key={`place-${index}-${hit.name}`}>
              <button
                type="button"
                data-testid={`search-place-${index}`}
                onClick={() => {
                  setOpen(false);
                  onPlace?.(hit);
                }}
              >
                <span className="map-search__kind">{t(`map.search.placeKind.${hit.kind}`)}</span>
                {hit.name}
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
          {failure !== null && (
            <li className="ws-error" role="alert" data-testid="map-search-error">
              {errorMessage(t, failure)}
            </li>
          )}
          {areaHits.length === 0 && records.length === 0 && placeHits.length === 0 && failure === null && <li className="ws-note">{t('map.search.nothing')}</li>}
        </ul>
      )}
    </div>
  );
}
