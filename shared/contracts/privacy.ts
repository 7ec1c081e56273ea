// Data-subject requests (Law 91/2025): find, export and erase what cityops holds about a person.
import { Type, type Static } from 'typebox';
import { Nullable } from './schema.ts';

export const SubjectQuerySchema = Type.Object({
  phone: Type.Optional(Type.String({ maxLength: 30, description: 'compared by its digits' })),
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
  idNumber: Type.Optional(Type.String({ minLength: 6, maxLength: 20, description: 'CCCD / CMND / passport number' })),
  email: Type.Optional(Type.String({ maxLength: 200 })),
  legalBasis: Type.String({ minLength: 5, maxLength: 500, description: 'why the request is handled: the person\'s request (with its reference), a legal obligation, …' }),
}, { additionalProperties: false });
export type SubjectQuery = Static<typeof SubjectQuerySchema>;

export const SubjectRecordSchema = Type.Object({
  datasetId: Type.String(),
  datasetTitleVi: Type.String(),
  datasetTitleEn: Type.String(),
  recordId: Type.Integer(),
  display: Type.String(),
  personal: Type.Record(Type.String(), Type.Unknown(), { description: 'the personal fields of the record, in clear' }),
});

export const SubjectReportSchema = Type.Object({
  id: Type.Integer(),
  trackingCode: Type.String(),
  status: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  description: Type.String(),
  address: Nullable(Type.String()),
});

export const SubjectDataSchema = Type.Object({
  records: Type.Array(SubjectRecordSchema),
  reports: Type.Array(SubjectReportSchema),
});
export type SubjectData = Static<typeof SubjectDataSchema>;

export const SubjectErasureSchema = Type.Object({
  records: Type.Integer({ description: 'data-hub records whose personal fields were erased (history included)' }),
  reports: Type.Integer({ description: "citizens' reports whose contact was forgotten" }),
});
export type SubjectErasure = Static<typeof SubjectErasureSchema>;
