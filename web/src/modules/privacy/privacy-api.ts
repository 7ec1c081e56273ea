// Calls of the privacy pages: retention policies and data-subject requests (admins).
import { api } from '../../app/api.ts';
import type { RetentionList } from '../../../../shared/contracts/retention.ts';
import type { PersonalReads } from '../../../../shared/contracts/audit.ts';
import type { SubjectData, SubjectErasure, SubjectQuery } from '../../../../shared/contracts/privacy.ts';

export const privacyKeys = { retention: ['privacy', 'retention'] as const, reads: ['privacy', 'personal-reads'] as const };

export const fetchRetention = (signal?: AbortSignal) => api<RetentionList>('/retention', { signal });
export const runRetention = () => api<RetentionList>('/retention/run', { method: 'POST' });
export const subjectData = (q: SubjectQuery) => api<SubjectData>('/privacy/subject-data', { method: 'POST', body: q });
export const subjectErasure = (q: SubjectQuery) => api<SubjectErasure>('/privacy/subject-erasure', { method: 'POST', body: q });
export const fetchPersonalReads = (signal?: AbortSignal) => api<PersonalReads>('/audit/personal-reads?days=14', { signal });
