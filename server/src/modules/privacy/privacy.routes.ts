// Admin API of data-subject requests (Law 91/2025).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import { SubjectDataSchema, SubjectErasureSchema, SubjectQuerySchema } from '../../../../shared/contracts/privacy.ts';
import type { PrivacyService } from './privacy.service.ts';

export function privacyRoutes(app: FastifyInstance, privacy: PrivacyService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['privacy'];
  r.post('/api/privacy/subject-data', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: "Everything held about a person (records' personal fields, reports' contacts), in clear, for the person's request; audited with its legal basis", body: SubjectQuerySchema, response: { 200: SubjectDataSchema, 400: ErrorBody } },
  }, async (req) => privacy.subjectData(actorOf(req), req.body));
  r.post('/api/privacy/subject-erasure', {
    config: { access: access.roles('admin') },
    schema: { tags, summary: "Erase a person's personal data: record fields (and their history) and reports' contacts; audited with its legal basis", body: SubjectQuerySchema, response: { 200: SubjectErasureSchema, 400: ErrorBody } },
  }, async (req) => privacy.erase(actorOf(req), req.body));
}
