// Documents (văn bản đến/đi, Decree 30/2020/NĐ-CP): the register, files, case files and search
// (server module documents, web page /documents). TypeBox schemas with their static types.
import { Type, type Static } from 'typebox';
import { lit, Nullable } from './schema.ts';

/** The 29 administrative document types of Art. 7, Decree 30/2020/NĐ-CP (code, Vietnamese, English). */
export const DOCUMENT_TYPES = [
  ['nghi-quyet', 'Nghị quyết', 'Resolution'], ['quyet-dinh', 'Quyết định', 'Decision'], ['chi-thi', 'Chỉ thị', 'Directive'],
  ['quy-che', 'Quy chế', 'Regulation'], ['quy-dinh', 'Quy định', 'Rules'], ['thong-cao', 'Thông cáo', 'Communiqué'],
  ['thong-bao', 'Thông báo', 'Notice'], ['huong-dan', 'Hướng dẫn', 'Guidance'], ['chuong-trinh', 'Chương trình', 'Programme'],
  ['ke-hoach', 'Kế hoạch', 'Plan'], ['phuong-an', 'Phương án', 'Option plan'], ['de-an', 'Đề án', 'Scheme'], ['du-an', 'Dự án', 'Project'],
  ['bao-cao', 'Báo cáo', 'Report'], ['bien-ban', 'Biên bản', 'Minutes'], ['to-trinh', 'Tờ trình', 'Submission'], ['hop-dong', 'Hợp đồng', 'Contract'],
  ['cong-van', 'Công văn', 'Official letter'], ['cong-dien', 'Công điện', 'Official dispatch'], ['ban-ghi-nho', 'Bản ghi nhớ', 'Memorandum'],
  ['ban-thoa-thuan', 'Bản thỏa thuận', 'Agreement'], ['giay-uy-quyen', 'Giấy ủy quyền', 'Power of attorney'], ['giay-moi', 'Giấy mời', 'Invitation'],
  ['giay-gioi-thieu', 'Giấy giới thiệu', 'Letter of introduction'], ['giay-nghi-phep', 'Giấy nghỉ phép', 'Leave permit'], ['phieu-gui', 'Phiếu gửi', 'Dispatch slip'],
  ['phieu-chuyen', 'Phiếu chuyển', 'Transfer slip'], ['phieu-bao', 'Phiếu báo', 'Notification slip'], ['thu-cong', 'Thư công', 'Official letter (thư công)'],
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number][0];
export const DOCUMENT_TYPE_CODES = DOCUMENT_TYPES.map((t) => t[0]) as DocumentType[];
export const URGENCIES = ['normal', 'khan', 'thuong-khan', 'hoa-toc'] as const;
export const SECRECIES = ['normal', 'mat', 'toi-mat', 'tuyet-mat'] as const;
export const DIRECTIONS = ['incoming', 'outgoing'] as const;
export type DocumentDirection = (typeof DIRECTIONS)[number];

const UnitRef = Type.Object({ id: Type.Integer(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String() });

export const DocumentFileSchema = Type.Object({
  id: Type.Integer(),
  filename: Type.String(),
  mediaType: Type.String(),
  bytes: Type.Integer(),
  sha256: Type.String(),
  textSource: lit(['text-layer', 'ocr', 'docx', 'none'] as const),
  textChars: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type DocumentFile = Static<typeof DocumentFileSchema>;

export const DocumentSchema = Type.Object({
  id: Type.Integer(),
  direction: lit(DIRECTIONS),
  docType: lit(DOCUMENT_TYPE_CODES),
  number: Type.String({ description: 'số' }),
  notation: Type.String({ description: 'ký hiệu' }),
  /** "12/QĐ-UBND" as printed. */
  numberNotation: Type.String(),
  issuer: Type.String(),
  issuedDate: Type.String({ format: 'date' }),
  subject: Type.String({ description: 'trích yếu' }),
  signerName: Nullable(Type.String()),
  signerPosition: Nullable(Type.String()),
  urgency: lit(URGENCIES),
  secrecy: lit(SECRECIES),
  recipients: Type.Array(Type.String()),
  dueDate: Nullable(Type.String({ format: 'date' })),
  series: lit(['regular', 'secret'] as const),
  registerYear: Type.Integer(),
  registerNumber: Type.Integer({ description: 'arrival number (incoming) or register number (outgoing), per year and series' }),
  arrivalDate: Nullable(Type.String({ format: 'date' })),
  handlerUnit: Nullable(UnitRef),
  handlingDue: Nullable(Type.String({ format: 'date' })),
  routingNote: Nullable(Type.String()),
  caseFileId: Nullable(Type.Integer()),
  files: Type.Array(DocumentFileSchema),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Document = Static<typeof DocumentSchema>;

export const DocumentHitSchema = Type.Object({
  document: DocumentSchema,
  rank: Nullable(Type.Number()),
  /** Text around the first match, with matches wrapped in «» (no HTML). */
  snippet: Nullable(Type.String()),
});
export const DocumentListSchema = Type.Object({ documents: Type.Array(DocumentHitSchema), total: Type.Integer() });
export type DocumentList = Static<typeof DocumentListSchema>;

export const DocumentCreateSchema = Type.Object({
  direction: lit(DIRECTIONS),
  docType: lit(DOCUMENT_TYPE_CODES),
  number: Type.Optional(Type.String({ minLength: 1, maxLength: 30, description: 'số of an incoming document (outgoing ones are numbered by the system)' })),
  notation: Type.Optional(Type.String({ maxLength: 60, description: 'ký hiệu, e.g. QĐ-UBND' })),
  issuer: Type.String({ minLength: 1, maxLength: 300 }),
  issuedDate: Type.String({ format: 'date' }),
  subject: Type.String({ minLength: 1, maxLength: 500 }),
  signerName: Type.Optional(Type.String({ maxLength: 200 })),
  signerPosition: Type.Optional(Type.String({ maxLength: 200 })),
  urgency: Type.Optional(lit(URGENCIES)),
  secrecy: Type.Optional(lit(SECRECIES)),
  recipients: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100 })),
  dueDate: Type.Optional(Type.String({ format: 'date' })),
  arrivalDate: Type.Optional(Type.String({ format: 'date', description: 'incoming: day of arrival (default today)' })),
  registerNumber: Type.Optional(Type.Integer({ minimum: 1, description: 'a number already given (registering paper documents); default: the next in the series' })),
  handlerUnitCode: Type.Optional(Type.String({ maxLength: 100, description: 'incoming: unit that handles it (routing)' })),
  handlingDue: Type.Optional(Type.String({ format: 'date' })),
  routingNote: Type.Optional(Type.String({ maxLength: 2000 })),
  caseFileId: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Register it although a document with the same số, ký hiệu and issuer exists. */
  confirmDuplicate: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type DocumentCreate = Static<typeof DocumentCreateSchema>;

export const DocumentUpdateSchema = Type.Object({
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  signerName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  signerPosition: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  urgency: Type.Optional(lit(URGENCIES)),
  recipients: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100 })),
  dueDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  handlerUnitCode: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  handlingDue: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  routingNote: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  caseFileId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
}, { additionalProperties: false });
export type DocumentUpdate = Static<typeof DocumentUpdateSchema>;

export const CaseFileSchema = Type.Object({
  id: Type.Integer(), code: Type.String(), title: Type.String(), year: Type.Integer(), maintenance: Type.String(), documentCount: Type.Integer(),
});
export type CaseFile = Static<typeof CaseFileSchema>;
export const CaseFileCreateSchema = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 60 }),
  title: Type.String({ minLength: 1, maxLength: 500 }),
  year: Type.Integer({ minimum: 1990, maximum: 2100 }),
  maintenance: Type.Optional(Type.String({ maxLength: 60 })),
}, { additionalProperties: false });
