// Shared pieces of record editing on the dataset and record pages: who may write a dataset in
// the interface, the field inputs with the API's problems worded in the user's language, and
// delete with undo (the server keeps every deleted record in its history: undo restores the
// deletion's history entry, the record comes back under its id).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { FieldProblem } from '../../../../shared/contracts/datasets.ts';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { localeOf, type Language } from '../../i18n/index.ts';
import { datasetKeys, datasetsApi, mayWrite, type FieldDecl } from './datasets-api.ts';
import { booleanLabel, enumLabel, fieldTitle } from './format.ts';

export type Problems = Record<string, string>;

/**
 * Whether the interface offers adding, moving and deleting records: admins and operators, and
 * officers in their own unit's datasets (the server also lets officers write inside their own
 * area elsewhere, and checks every write).
 */
export const mayEdit = (user: { role: string; unit: { code: string } | null } | null | undefined, dataset: { ownerUnit: string }) =>
  !!user && mayWrite(user.role) && (user.role !== 'officer' || user.unit?.code === dataset.ownerUnit);

/** The fields the API refused (a 400's `details.problems`), each worded from its code in the user's language. */
export function fieldProblems(error: unknown, t: TFunction, lang: Language): Problems {
  const problems: Problems = {};
  if (!(error instanceof ApiError)) return problems;
  const list = (error.details as { problems?: FieldProblem[] } | undefined)?.problems ?? [];
  const numbers = new Intl.NumberFormat(localeOf(lang));
  const dates = new Intl.DateTimeFormat(localeOf(lang), { timeZone: 'UTC' });
  for (const p of list) {
    const q = p.params ?? {};
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(q)) {
      params[k] = typeof v === 'number' ? numbers.format(v) : /Date$/.test(k) ? dates.format(new Date(`${v}T00:00:00Z`)) : v;
    }
    if (params.unit) params.unit = ` ${params.unit}`;
    else params.unit = '';
    problems[p.field] = t(`datasets.fieldProblems.${p.code}`, params);
  }
  return problems;
}

export function toInput(_f: FieldDecl, v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

export function fromInput(f: FieldDecl, s: string): unknown {
  if (s.trim() === '') return null;
  if (f.type === 'integer' || f.type === 'number') return Number.isFinite(Number(s)) ? Number(s) : s;
  if (f.type === 'boolean') return s === 'true';
  return s;
}

/** One labelled input per field, with its problem under it. */
export function FieldInputs({ fields, form, setForm, problems, lang }: {
  fields: FieldDecl[];
  form: Record<string, string>;
  setForm: (f: Record<string, string>) => void;
  problems: Problems;
  lang: Language;
}) {
  return (
    <>
      {fields.map((f) => (
        <label key={f.name} className={problems[f.name] ? 'invalid' : ''}>
          <span>{fieldTitle(f, lang)}{f.required ? ' *' : ''}</span>
          {f.type === 'enum' || f.type === 'boolean' ? (
            <select value={form[f.name] ?? ''} onChange={(e) => setForm({ ...form, [f.name]: e.target.value })} name={f.name}>
              <option value="">—</option>
              {(f.type === 'boolean' ? ['true', 'false'] : f.values ?? []).map((v) => <option key={v} value={v}>{f.type === 'enum' ? enumLabel(f, v, lang) : booleanLabel(v === 'true', lang)}</option>)}
            </select>
          ) : (
            <input
              name={f.name}
              type={f.type === 'date' ? 'date' : 'text'}
              inputMode={f.type === 'integer' || f.type === 'number' ? 'decimal' : undefined}
              value={form[f.name] ?? ''}
              onChange={(e) => setForm({ ...form, [f.name]: e.target.value })}
            />
          )}
          {problems[f.name] && <small className="datasets-problem" data-testid={`problem-${f.name}`}>{problems[f.name]}</small>}
        </label>
      ))}
    </>
  );
}

/** How long the undo toast stays (ms). */
const UNDO_MS = 15_000;

/**
 * Deletes a record and offers to undo it for a while: `remove(rid)` deletes, `toast` is the
 * undo bar to render. Undo restores the record from its deletion's history entry.
 */
export function useDeleteWithUndo(datasetId: string, onChange?: (state: 'deleted' | 'restored', rid: number) => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [deleted, setDeleted] = useState<{ rid: number; label: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: datasetKeys.dataset(datasetId) });

  useEffect(() => {
    if (!deleted) return;
    const timer = window.setTimeout(() => setDeleted(null), UNDO_MS);
    return () => window.clearTimeout(timer);
  }, [deleted]);

  const del = useMutation({
    mutationFn: async ({ rid }: { rid: number; label: string }) => datasetsApi.remove(datasetId, rid),
    onMutate: () => setMessage(null),
    onSuccess: async (_r, v) => {
      setDeleted(v);
      onChange?.('deleted', v.rid);
      // Everything of the dataset but the deleted record itself (it would only answer 404).
      const own = datasetKeys.record(datasetId, v.rid);
      await queryClient.invalidateQueries({
        queryKey: datasetKeys.dataset(datasetId),
        predicate: (q) => !(q.queryKey.length === own.length && own.every((k, i) => q.queryKey[i] === k)),
      });
    },
    onError: (e) => setMessage(errorMessage(t, e)),
  });
  const undo = useMutation({
    mutationFn: async (rid: number) => {
      const history = await datasetsApi.history(datasetId, rid);
      const deletion = [...history.entries].reverse().find((h) => h.action === 'delete');
      if (!deletion) throw new ApiError(404, 'not_found', 'no deletion to undo');
      return datasetsApi.restore(datasetId, rid, deletion.id);
    },
    onSuccess: async (_r, rid) => {
      setDeleted(null);
      setMessage(t('datasets.edit.undone'));
      onChange?.('restored', rid);
      await refresh();
    },
    onError: (e) => setMessage(errorMessage(t, e)),
  });

  const toast = (
    <>
      {deleted && (
        <div className="datasets-toast" role="status" data-testid="undo-toast">
          {t('datasets.edit.deletedToast', { name: deleted.label })}
          <button type="button" className="datasets-button small" onClick={() => undo.mutate(deleted.rid)} disabled={undo.isPending} data-testid="undo-delete">{t('datasets.edit.undo')}</button>
          <button type="button" className="datasets-toast-close" onClick={() => setDeleted(null)} aria-label={t('datasets.edit.dismiss')}>×</button>
        </div>
      )}
      {message && <div className={undo.isError || del.isError ? 'datasets-error' : 'datasets-ok'} role="status" data-testid="edit-message">{message}</div>}
    </>
  );
  return { remove: (rid: number, label: string) => del.mutate({ rid, label }), pending: del.isPending, toast };
}
