// Canned replies (/feedback/canned-replies): the answer templates staff insert into an answer.
// Data, not code: the admin adds, edits and deletes them; other staff read them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeedbackCannedReply, FeedbackCannedReplyInput } from '../../../../shared/contracts/feedback.ts';
import { errorMessage } from '../../app/errors.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { deleteCannedReply, feedbackKeys, fetchCannedReplies, saveCannedReply } from './feedback-api.ts';
import { formatDateTime } from './format.ts';
import './feedback.css';

const EMPTY: FeedbackCannedReplyInput = { titleVi: '', titleEn: '', bodyVi: '' };

export function CannedRepliesPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const isAdmin = user?.role === 'admin';
  const queryClient = useQueryClient();
  const replies = useQuery({ queryKey: feedbackKeys.cannedReplies, queryFn: ({ signal }) => fetchCannedReplies(signal) });
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [form, setForm] = useState<FeedbackCannedReplyInput>(EMPTY);
  const [message, setMessage] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (f: () => Promise<FeedbackCannedReply[]>) => f(),
    onMutate: () => setMessage(null),
    onSuccess: (next) => {
      queryClient.setQueryData(feedbackKeys.cannedReplies, next);
      setEditing(null);
      setMessage(t('feedback.canned.saved'));
    },
  });
  const failure = change.error ?? replies.error;
  const edit = (c: FeedbackCannedReply | null) => {
    setForm(c ? { titleVi: c.titleVi, titleEn: c.titleEn, bodyVi: c.bodyVi, sortOrder: c.sortOrder } : EMPTY);
    setEditing(c ? c.id : 'new');
  };
  const valid = form.titleVi.trim() && form.titleEn.trim() && form.bodyVi.trim().length >= 5;

  const editor = (
    <form className="fb-resolve" onSubmit={(e) => { e.preventDefault(); if (valid) change.mutate(() => saveCannedReply(editing === 'new' ? null : (editing as number), form)); }} data-testid="canned-form">
      <label>{t('feedback.canned.titleVi')}<input value={form.titleVi} maxLength={120} onChange={(e) => setForm({ ...form, titleVi: e.target.value })} data-testid="canned-title-vi" /></label>
      <label>{t('feedback.canned.titleEn')}<input value={form.titleEn} maxLength={120} onChange={(e) => setForm({ ...form, titleEn: e.target.value })} data-testid="canned-title-en" /></label>
      <label>{t('feedback.canned.body')}<textarea rows={4} maxLength={4000} value={form.bodyVi} onChange={(e) => setForm({ ...form, bodyVi: e.target.value })} data-testid="canned-body" /></label>
      <div className="fb-row">
        <button type="submit" className="button button--primary" disabled={!valid || change.isPending} data-testid="canned-save">{t('feedback.canned.save')}</button>
        <button type="button" className="button" onClick={() => setEditing(null)}>{t('feedback.staff.cancel')}</button>
      </div>
    </form>
  );

  return (
    <div className="fb-staff" data-testid="canned-page">
      <p><Link to="/feedback">← {t('feedback.staff.inbox')}</Link></p>
      <h1>{t('feedback.canned.title')}</h1>
      <p className="fb-muted">{isAdmin ? t('feedback.canned.intro') : t('feedback.canned.readOnly')}</p>
      {failure && <div className="fb-error" role="alert">{errorMessage(t, failure)}</div>}
      {message && <p className="fb-muted" role="status">{message}</p>}
      {isAdmin && editing === null && <button type="button" className="button button--primary" onClick={() => edit(null)} data-testid="canned-add">{t('feedback.canned.add')}</button>}
      {editing === 'new' && editor}
      <ul className="fb-canned-list">
        {(replies.data ?? []).map((c) => (
          <li key={c.id} data-testid={`canned-${c.id}`}>
            {editing === c.id ? editor : (
              <>
                <h3>{i18n.language === 'en' ? c.titleEn : c.titleVi}</h3>
                <p className="fb-text" lang="vi">{c.bodyVi}</p>
                <p className="fb-muted">{t('feedback.canned.updated', { date: formatDateTime(c.updatedAt, i18n.language), by: c.updatedBy === 'system' ? t('feedback.staff.actor.system') : c.updatedBy })}</p>
                {isAdmin && (
                  <div className="fb-row">
                    <button type="button" className="button button--small" onClick={() => edit(c)} data-testid={`canned-edit-${c.id}`}>{t('feedback.canned.edit')}</button>
                    <button type="button" className="button button--small" onClick={() => { if (window.confirm(t('feedback.canned.confirmDelete'))) change.mutate(() => deleteCannedReply(c.id)); }} data-testid={`canned-delete-${c.id}`}>{t('feedback.canned.delete')}</button>
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
