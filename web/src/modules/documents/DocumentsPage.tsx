// The document register (/documents): search over metadata and file text with or without
// diacritics (matches highlighted), filters, registering a document (with the duplicate
// alert), one document's card with its files and the link to assign a task, the registers.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { TFunction } from 'i18next';
import { ApiError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage, localeOf, type Language } from '../../i18n/index.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { DOCUMENT_TYPES, SECRECIES, URGENCIES, type Document, type DocumentCreate } from '../../../../shared/contracts/documents.ts';
import { createDocument, documentsKeys, fetchDocument, fetchDocuments, uploadFile } from './documents-api.ts';
import './documents.css';

const typeName = (code: string, lang: Language) => {
  const t = DOCUMENT_TYPES.find((x) => x[0] === code);
  return t ? (lang === 'en' ? t[2] : t[1]) : code;
};
const day = (d: string | null, lang: Language) => (d ? new Date(`${d}T00:00:00Z`).toLocaleDateString(localeOf(lang), { timeZone: 'UTC' }) : '');
function docError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && t(`documents.errors.${err.code}`, { defaultValue: '' })) return t(`documents.errors.${err.code}`);
  return errorMessage(t, err);
}
/** The snippet with «matches» shown as marks (text only, no HTML from the server). */
function Snippet({ text }: { text: string }) {
  const parts = text.split(/«|»/);
  return <>{parts.map((p, i) => (i % 2 ? <mark key={i}>{p}</mark> : <Fragment key={i}>{p}</Fragment>))}</>;
}

export function DocumentsPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [registering, setRegistering] = useState(false);
  const year = new Date().getFullYear();
  const [regYear, setRegYear] = useState(String(year));
  const filter = { q: params.get('q') ?? undefined, direction: params.get('direction') ?? undefined };
  const list = useQuery({ queryKey: documentsKeys.list(filter), queryFn: ({ signal }) => fetchDocuments(filter, signal) });
  const openId = Number(params.get('id') ?? 0);
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: k !== 'id' });
  };
  const clerk = user?.role === 'admin' || user?.role === 'leader' || user?.role === 'operator';

  return (
    <div className="docs-page" data-testid="documents-page">
      <div className="docs-head">
        <h1>{t('documents.title')}</h1>
        {clerk && !registering && <button type="button" className="button button--primary" onClick={() => setRegistering(true)}>{t('documents.register')}</button>}
      </div>
      <form className="docs-search" onSubmit={(e) => { e.preventDefault(); set('q', text.trim()); }}>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('documents.search')} aria-label={t('documents.search')} data-testid="doc-search" />
        <select aria-label={t('documents.field.direction')} value={filter.direction ?? ''} onChange={(e) => set('direction', e.target.value)}>
          <option value="">{t('documents.all')}</option>
          <option value="incoming">{t('documents.direction.incoming')}</option>
          <option value="outgoing">{t('documents.direction.outgoing')}</option>
        </select>
        <button type="submit" className="button" data-testid="doc-search-button">{t('documents.searchButton')}</button>
        {list.data && <span className="docs-muted" data-testid="doc-total">{t('documents.total', { count: list.data.total })}</span>}
      </form>
      {clerk && (
        <div className="docs-registers">
          <span>{t('documents.registers')}:</span>
          <label>{t('documents.year')} <input type="number" min={1990} max={2100} value={regYear} onChange={(e) => setRegYear(e.target.value)} /></label>
          {(['incoming', 'outgoing', 'incoming-follow-up'] as const).map((k) => (
            <span key={k}>{t(`documents.registerKinds.${k}`)} <a href={`/api/documents/registers/${k}?year=${regYear}&format=xlsx`}>XLSX</a> · <a href={`/api/documents/registers/${k}?year=${regYear}&format=pdf`}>PDF</a></span>
          ))}
        </div>
      )}
      {registering && <RegisterForm onClose={() => setRegistering(false)} onCreated={(d) => { setRegistering(false); set('id', String(d.id)); }} />}
      {openId > 0 && <DocumentCard id={openId} canAssign={user?.role === 'leader' || user?.role === 'admin'} clerk={clerk} onClose={() => set('id', '')} />}
      {list.error && <p className="docs-error" role="alert">{docError(t, list.error)}</p>}
      <table className="docs-table" data-testid="doc-list">
        <thead><tr><th>{t('documents.col.register')}</th><th>{t('documents.col.number')}</th><th>{t('documents.col.date')}</th><th>{t('documents.col.type')}</th><th>{t('documents.col.subject')}</th><th>{t('documents.col.issuer')}</th></tr></thead>
        <tbody>
          {(list.data?.documents ?? []).map(({ document: d, snippet }) => (
            <tr key={d.id} data-testid={`doc-row-${d.id}`}>
              <td className="num">{t(`documents.direction.${d.direction}`)} {d.registerNumber}</td>
              <td><button type="button" className="docs-link" onClick={() => set('id', String(d.id))}>{d.numberNotation}</button></td>
              <td>{day(d.arrivalDate ?? d.issuedDate, lang)}</td>
              <td>{typeName(d.docType, lang)}{d.secrecy !== 'normal' && <span className="docs-secret"> · {t(`documents.secrecy.${d.secrecy}`)}</span>}</td>
              <td>{d.subject}{snippet && <div className="docs-snippet" data-testid="doc-snippet"><Snippet text={snippet} /></div>}</td>
              <td>{d.issuer}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && !list.data.documents.length && <p className="docs-muted">{t('documents.empty')}</p>}
    </div>
  );
}

function DocumentCard({ id, canAssign, clerk, onClose }: { id: number; canAssign: boolean; clerk: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: documentsKeys.one(id), queryFn: ({ signal }) => fetchDocument(id, signal) });
  const upload = useMutation({ mutationFn: (f: File) => uploadFile(id, f), onSuccess: (d) => queryClient.setQueryData(documentsKeys.one(id), d) });
  const d = q.data;
  return (
    <section className="docs-card" data-testid="doc-card">
      <div className="docs-head"><h2>{d ? `${typeName(d.docType, lang)} ${d.numberNotation}` : '…'}</h2><button type="button" className="button button--small" onClick={onClose}>{t('documents.close')}</button></div>
      {q.error && <p className="docs-error" role="alert">{docError(t, q.error)}</p>}
      {d && (
        <>
          <p>{d.subject}</p>
          <dl className="docs-facts">
            <dt>{t('documents.field.issuer')}</dt><dd>{d.issuer}</dd>
            <dt>{t('documents.field.issuedDate')}</dt><dd>{day(d.issuedDate, lang)}</dd>
            {d.arrivalDate && <><dt>{t('documents.field.arrivalDate')}</dt><dd>{day(d.arrivalDate, lang)} · {t('documents.col.register')} {d.registerNumber}</dd></>}
            <dt>{t('documents.field.urgency')}</dt><dd>{t(`documents.urgency.${d.urgency}`)}</dd>
            {d.secrecy !== 'normal' && <><dt>{t('documents.field.secrecy')}</dt><dd className="docs-secret">{t(`documents.secrecy.${d.secrecy}`)}</dd></>}
            {d.signerName && <><dt>{t('documents.field.signer')}</dt><dd>{d.signerName}{d.signerPosition ? `, ${d.signerPosition}` : ''}</dd></>}
            {d.handlerUnit && <><dt>{t('documents.field.handler')}</dt><dd>{lang === 'en' ? d.handlerUnit.nameEn : d.handlerUnit.nameVi}{d.handlingDue ? ` · ${day(d.handlingDue, lang)}` : ''}</dd></>}
            {d.routingNote && <><dt>{t('documents.field.routingNote')}</dt><dd>{d.routingNote}</dd></>}
            {d.recipients.length > 0 && <><dt>{t('documents.field.recipients')}</dt><dd>{d.recipients.join('; ')}</dd></>}
            <dt>{t('documents.field.files')}</dt>
            <dd>
              {d.files.map((f) => <div key={f.id}><a href={`/api/documents/${d.id}/files/${f.id}`}>{f.filename}</a> · {t(`documents.textSource.${f.textSource}`)} · {t('documents.chars', { count: f.textChars })}</div>)}
              {clerk && <label className="button button--small docs-upload">{t('documents.upload')}<input type="file" className="docs-file-input" accept=".pdf,.docx,.png,.jpg,.jpeg,.tif,.tiff" onChange={(e) => { const f = e.target.files?.[0]; if (f) upload.mutate(f); e.target.value = ''; }} /></label>}
              {upload.error && <p className="docs-error" role="alert">{docError(t, upload.error)}</p>}
            </dd>
          </dl>
          {canAssign && d.direction === 'incoming' && <Link className="button button--primary docs-assign" to={`/tasks?document=${d.id}`} data-testid="doc-assign-task">{t('documents.assignTask')}</Link>}
        </>
      )}
    </section>
  );
}

function RegisterForm({ onClose, onCreated }: { onClose: () => void; onCreated: (d: Document) => void }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const queryClient = useQueryClient();
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const [f, setF] = useState({ direction: 'incoming' as 'incoming' | 'outgoing', docType: 'cong-van', number: '', notation: '', issuer: '', issuedDate: today, subject: '', signerName: '', urgency: 'normal', secrecy: 'normal', arrivalDate: today });
  const [duplicate, setDuplicate] = useState(false);
  const create = useMutation({
    mutationFn: (body: DocumentCreate) => createDocument(body),
    onSuccess: (d) => { void queryClient.invalidateQueries({ queryKey: ['documents', 'list'] }); onCreated(d); },
    onError: (e) => setDuplicate(e instanceof ApiError && e.code === 'duplicate_document'),
  });
  const body = (confirmDuplicate: boolean): DocumentCreate => ({
    direction: f.direction, docType: f.docType as DocumentCreate['docType'], notation: f.notation, issuer: f.issuer, issuedDate: f.issuedDate, subject: f.subject,
    urgency: f.urgency as DocumentCreate['urgency'], secrecy: f.secrecy as DocumentCreate['secrecy'],
    ...(f.direction === 'incoming' ? { number: f.number, arrivalDate: f.arrivalDate } : {}), ...(f.signerName ? { signerName: f.signerName } : {}),
    ...(confirmDuplicate ? { confirmDuplicate: true } : {}),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(body(false)); };
  const field = (k: keyof typeof f, label: string, props: Record<string, unknown> = {}) => (
    <label>{label}<input value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} {...props} /></label>
  );
  return (
    <form className="docs-card docs-form" onSubmit={submit} data-testid="doc-register-form">
      <h2 className="wide">{t('documents.register')}</h2>
      <label>{t('documents.field.direction')}<select value={f.direction} onChange={(e) => setF({ ...f, direction: e.target.value as 'incoming' | 'outgoing' })}><option value="incoming">{t('documents.direction.incoming')}</option><option value="outgoing">{t('documents.direction.outgoing')}</option></select></label>
      <label>{t('documents.field.docType')}<select value={f.docType} onChange={(e) => setF({ ...f, docType: e.target.value })}>{DOCUMENT_TYPES.map((x) => <option key={x[0]} value={x[0]}>{lang === 'en' ? x[2] : x[1]}</option>)}</select></label>
      {f.direction === 'incoming' && field('number', t('documents.field.number'), { required: true, maxLength: 30 })}
      {field('notation', t('documents.field.notation'), { maxLength: 60 })}
      {field('issuer', t('documents.field.issuer'), { required: true, maxLength: 300 })}
      {field('issuedDate', t('documents.field.issuedDate'), { type: 'date', required: true })}
      {f.direction === 'incoming' && field('arrivalDate', t('documents.field.arrivalDate'), { type: 'date', required: true })}
      {f.direction === 'outgoing' && field('signerName', t('documents.field.signer'), { maxLength: 200 })}
      <label>{t('documents.field.urgency')}<select value={f.urgency} onChange={(e) => setF({ ...f, urgency: e.target.value })}>{URGENCIES.map((u) => <option key={u} value={u}>{t(`documents.urgency.${u}`)}</option>)}</select></label>
      <label>{t('documents.field.secrecy')}<select value={f.secrecy} onChange={(e) => setF({ ...f, secrecy: e.target.value })}>{SECRECIES.map((u) => <option key={u} value={u}>{t(`documents.secrecy.${u}`)}</option>)}</select></label>
      <label className="wide">{t('documents.field.subject')}<input required maxLength={500} value={f.subject} onChange={(e) => setF({ ...f, subject: e.target.value })} /></label>
      {create.error && <p className="docs-error wide" role="alert">{docError(t, create.error)}</p>}
      <div className="docs-actions wide">
        <button type="submit" className="button button--primary" disabled={create.isPending}>{t('documents.save')}</button>
        {duplicate && <button type="button" className="button" onClick={() => create.mutate(body(true))}>{t('documents.confirmDuplicate')}</button>}
        <button type="button" className="button" onClick={onClose}>{t('documents.cancel')}</button>
      </div>
    </form>
  );
}
