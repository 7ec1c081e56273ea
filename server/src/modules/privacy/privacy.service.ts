// Data-subject requests (Law 91/2025): everything cityops holds about a person — data-hub
// records whose personal fields name them, citizens' reports whose contact is theirs — found,
// exported and erased through the owners' public entries, each request audited with its
// legal basis. Corrections are ordinary record edits by an admin (audited as such).
import type { Actor } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import { badRequest } from '../../platform/http/errors.ts';
import type { DatasetsService, PersonQuery } from '../datasets/index.ts';
import type { FeedbackService } from '../feedback/index.ts';
import type { SubjectData, SubjectErasure, SubjectQuery } from '../../../../shared/contracts/privacy.ts';

/** The identifiers of a request, as the owners compare them. */
function personOf(q: SubjectQuery): PersonQuery {
  const digits = q.phone?.replace(/\D/g, '') ?? '';
  const texts = [q.name, q.idNumber, q.email].map((t) => t?.trim() ?? '').filter((t) => t.length >= 2);
  if (digits.length < 8 && !texts.length) throw badRequest('name at least one identifier: a phone number (8+ digits), a name, an ID number or an e-mail');
  return { phoneDigits: digits.length >= 8 ? digits : null, texts };
}

/** Which identifiers were used (kinds only: the audit log must not become a copy of the data). */
const identifiers = (q: SubjectQuery) => (['phone', 'name', 'idNumber', 'email'] as const).filter((k) => q[k]);

export function createPrivacyService(ctx: AppContext, deps: { datasets: DatasetsService; feedback: FeedbackService }) {
  return {
    async subjectData(actor: Actor, q: SubjectQuery): Promise<SubjectData> {
      const who = personOf(q);
      const records = await deps.datasets.personalDataOf(who);
      const reports = await deps.feedback.reportsOfPerson(who);
      await ctx.audit.record(actor, {
        action: 'privacy.subject_export',
        details: { legalBasis: q.legalBasis, identifiers: identifiers(q), records: records.map((r) => `${r.datasetId}/${r.recordId}`), reports: reports.map((r) => r.id) },
      });
      return { records, reports };
    },

    async erase(actor: Actor, q: SubjectQuery): Promise<SubjectErasure> {
      const who = personOf(q);
      const records = await deps.datasets.erasePersonalDataOf(actor, who);
      const reports = await deps.feedback.reportsOfPerson(who);
      const forgotten = await deps.feedback.forgetContacts(reports.map((r) => r.id));
      await ctx.audit.record(actor, {
        action: 'privacy.subject_erasure',
        details: { legalBasis: q.legalBasis, identifiers: identifiers(q), records: records.map((r) => `${r.datasetId}/${r.recordId}`), reports: reports.map((r) => r.id) },
      });
      return { records: records.length, reports: forgotten };
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
