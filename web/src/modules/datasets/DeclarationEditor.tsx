// Admin: the dataset declaration as JSON, saved at runtime (each save a new version), with
// the server's validation errors shown as they come, and every earlier version listed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { datasetKeys, datasetsApi, type DatasetDetail } from './datasets-api.ts';

export function DeclarationEditor({ datasetId, onSaved }: { datasetId: string; onSaved: (d: DatasetDetail) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const versionsQuery = useQuery({ queryKey: datasetKeys.versions(datasetId), queryFn: ({ signal }) => datasetsApi.versions(datasetId, signal) });
  const versions = versionsQuery.data?.versions ?? [];
  // The editor starts from the latest version, and again after each save.
  const latest = versionsQuery.data?.versions[0];
  useEffect(() => {
    if (latest) setText(JSON.stringify(latest.declaration, null, 2));
  }, [latest]);

  const saveMutation = useMutation({
    mutationFn: async (declaration: unknown) => {
      await datasetsApi.saveDeclaration(datasetId, declaration);
      return datasetsApi.get(datasetId);
    },
    onSuccess: (detail) => {
      setSaved(true);
      onSaved(detail);
      void queryClient.invalidateQueries({ queryKey: datasetKeys.dataset(datasetId) });
    },
    onError: (e) => setProblem(errorMessage(t, e)),
  });

  const save = () => {
    setProblem(null);
    setSaved(false);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setProblem(`${t('datasets.declaration.notJson')}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    saveMutation.mutate(parsed);
  };

  return (
    <section className="datasets-declaration" data-testid="declaration-editor">
      <h2>{t('datasets.declaration.title')}</h2>
      <textarea value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} rows={18} data-testid="declaration-json" />
      {problem && <div className="datasets-error" role="alert" data-testid="declaration-error">{problem}</div>}
      {versionsQuery.error && <div className="datasets-error" role="alert">{errorMessage(t, versionsQuery.error)}</div>}
      {saved && <div className="datasets-ok">{t('datasets.declaration.saved')}</div>}
      <button type="button" className="datasets-button primary" onClick={save} disabled={saveMutation.isPending} data-testid="declaration-save">{t('datasets.declaration.save')}</button>
      <h3>{t('datasets.declaration.versions')}</h3>
      <ul className="datasets-versions">
        {versions.map((v) => (
          <li key={v.version}>
            v{v.version} · {formatDateTime(v.createdAt, i18n.language)} · {v.createdBy}
            <button type="button" className="link" onClick={() => setText(JSON.stringify(v.declaration, null, 2))}>{t('datasets.declaration.load')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
