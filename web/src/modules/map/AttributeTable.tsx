// The attribute table of a map layer (as in QGIS): the layer's records, paged and sortable by
// any column, a row zooms the map to its record, and the selected rows export as CSV.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { formatNumber } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { datasetTitle } from './LayerPanel.tsx';
import { datasetDetailQuery, fetchRecords, type DatasetRecord, type DatasetSummary } from './map-api.ts';
import { cellText, nextSort, tableColumns } from './attribute-table.ts';

export const TABLE_PAGE_SIZE = 25;

interface AttributeTableProps {
  dataset: DatasetSummary;
  onClose: () => void;
  onZoom: (record: DatasetRecord) => void;
}

export function AttributeTable({ dataset, onClose, onZoom }: AttributeTableProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const [page, setPage] = useState(0);
  const [sort, setSort] = useState<string>('id');
  const [selected, setSelected] = useState<Map<number, DatasetRecord>>(new Map());
  const [exportError, setExportError] = useState<unknown>(null);
  const detail = useQuery(datasetDetailQuery(dataset.id));
  const records = useQuery({
    queryKey: ['map', 'table', dataset.id, page, sort],
    queryFn: ({ signal }) => fetchRecords(dataset.id, { limit: TABLE_PAGE_SIZE, offset: page * TABLE_PAGE_SIZE, sort }, signal),
    placeholderData: keepPreviousData,
  });
  const columns = tableColumns(detail.data?.fields ?? [], records.data?.records ?? [], lang);
  const total = records.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / TABLE_PAGE_SIZE));
  const rows = records.data?.records ?? [];
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));

  const toggle = (record: DatasetRecord, on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (on) next.set(record.id, record);
      else next.delete(record.id);
      return next;
    });

  const exportSelection = async () => {
    setExportError(null);
    const chosen = [...selected.values()];
    const body = {
      columns: ['id', ...columns.map((c) => c.title)],
      rows: chosen.map((r) => [r.id, ...columns.map((c) => cellText(r.properties[c.name], c.type, lang, c.name, c))]),
    };
    try {
      const response = await fetch('/api/map/selection.csv', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new ApiError(response.status, 'http', `HTTP ${response.status}`);
      const blob = await response.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${dataset.id}-selection.csv`;
      a.click();
      window.setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (error) {
      setExportError(error);
    }
  };

  return (
    <section className="attr-table" data-testid="attribute-table" aria-label={t('map.table.title', { layer: datasetTitle(dataset, lang) })}>
      <header className="attr-table__head">
        <h2>{t('map.table.title', { layer: datasetTitle(dataset, lang) })}</h2>
        <span className="attr-table__count" data-testid="attribute-table-count">
          {t('map.table.count', { count: total, formatted: formatNumber(total, lang, 0) })}
        </span>
        <span className="attr-table__spacer" />
        <span data-testid="attribute-table-selected">{t('map.table.selected', { count: selected.size, formatted: formatNumber(selected.size, lang, 0) })}</span>
        <button type="button" className="button button--small" disabled={selected.size === 0} onClick={() => setSelected(new Map())}>
          {t('map.table.clear')}
        </button>
        <button type="button" className="button button--small button--primary" disabled={selected.size === 0} data-testid="attribute-table-export" onClick={() => void exportSelection()}>
          {t('map.table.export')}
        </button>
        <button type="button" className="button button--small" data-testid="attribute-table-close" onClick={onClose} aria-label={t('map.table.close')}>
          ×
        </button>
      </header>
      {exportError !== null && <p className="ws-error" role="alert">{errorMessage(t, exportError)}</p>}
      {records.error ? (
        <p className="ws-error" role="alert">{errorMessage(t, records.error)}</p>
      ) : (
        <div className="attr-table__scroll">
          <table>
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    checked={allOnPage}
                    aria-label={t('map.table.selectPage')}
                    onChange={(e) => rows.forEach((r) => toggle(r, e.target.checked))}
                  />
                </th>
                {[{ name: 'id', title: t('map.table.id') }, ...columns].map((c) => {
                  const dir = sort === c.name ? 'ascending' : sort === `-${c.name}` ? 'descending' : 'none';
                  return (
                    <th key={c.name} aria-sort={dir}>
                      <button type="button" className="attr-table__sort" data-testid={`attribute-sort-${c.name}`} onClick={() => {
                        setSort(nextSort(sort, c.name));
                        setPage(0);
                      }}>
                        {c.title}
                        <span aria-hidden="true">{dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''}</span>
                      </button>
                    </th>
                  );
                })}
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={selected.has(r.id) ? 'is-selected' : undefined} data-testid={`attribute-row-${r.id}`}>
                  <td>
                    <input type="checkbox" checked={selected.has(r.id)} aria-label={t('map.table.selectRow', { id: r.id })} onChange={(e) => toggle(r, e.target.checked)} />
                  </td>
                  <td className="num">{r.id}</td>
                  {columns.map((c) => (
                    <td key={c.name} className={c.type === 'integer' || c.type === 'number' ? 'num' : undefined}>
                      {cellText(r.properties[c.name], c.type, lang, c.name, c)}
                    </td>
                  ))}
                  <td>
                    {r.geometry && (
                      <button type="button" className="button button--small" onClick={() => onZoom(r)}>
                        {t('map.table.zoom')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {!records.isLoading && rows.length === 0 && (
                <tr>
                  <td colSpan={columns.length + 3} className="ws-note">
                    {t('map.table.empty')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <footer className="attr-table__foot">
        <button type="button" className="button button--small" disabled={page === 0} onClick={() => setPage((p) => p - 1)} data-testid="attribute-prev">
          {t('map.table.prev')}
        </button>
        <span data-testid="attribute-page">{t('map.table.page', { page: formatNumber(page + 1, lang, 0), pages: formatNumber(pages, lang, 0) })}</span>
        <button type="button" className="button button--small" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)} data-testid="attribute-next">
          {t('map.table.next')}
        </button>
      </footer>
    </section>
  );
}
