// Admin: the dataset declaration as JSON, saved at runtime (each save a new version), with
// the server's validation errors shown as they come, and every earlier version listed.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { datasetsApi, type DatasetDetail, type DeclarationVersion } from './datasets-api.ts';

export function DeclarationEditor({ datasetId, onSaved }: { datasetId: string; onSaved: (d: DatasetDetail) => void }) {
  const { t } = useTranslation();
  const [versions, setVersions] = useState<DeclarationVersion[]>([]);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const load = async () => {
    const v = await datasetsApi.versions(datasetId);
    setVersions(v.versions);
    if (v.versions[0]) setText(JSON.stringify(v.versions[0].declaration, null, 2));
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasetId]);

  const save = async () => {
    setProblem(null);
    setSaved(false);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setProblem(`${t('datasets.declaration.notJson')}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    try {
      await datasetsApi.saveDeclaration(datasetId, parsed);
      setSaved(true);
      onSaved(await datasetsApi.get(datasetId));
      await load();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <section className="datasets-declaration" data-testid="declaration-editor">
      <h2>{t('datasets.declaration.title')}</h2>
      <textarea value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} rows={18} data-testid="declaration-json" />
      {problem && <div className="datasets-error" role="alert" data-testid="declaration-error">{problem}</div>}
      {saved && <div className="datasets-ok">{t('datasets.declaration.saved')}</div>}
      <button type="button" className="datasets-button primary" onClick={() => void save()} data-testid="declaration-save">{t('datasets.declaration.save')}</button>
      <h3>{t('datasets.declaration.versions')}</h3>
      <ul className="datasets-versions">
        {versions.map((v) => (
          <li key={v.version}>
            v{v.version} · {new Date(v.createdAt).toLocaleString()} · {v.createdBy}
            <button type="button" className="link" onClick={() => setText(JSON.stringify(v.declaration, null, 2))}>{t('datasets.declaration.load')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
