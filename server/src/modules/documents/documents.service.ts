// The document register (Decree 30/2020/NĐ-CP): incoming and outgoing documents numbered per
// year and series, a duplicate alert on số + ký hiệu + issuer, files kept unaltered with their
// SHA-256 and text, accent-insensitive full-text search with snippets, case files; secret
// documents only for the allowed roles, every read of one audited.
import { createHash } from 'node:crypto';
import { readModuleSettings } from '../../config.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor, AuthenticatedUser } from '../../platform/actor.ts';
import { badRequest, HttpError, notFound } from '../../platform/http/errors.ts';
import type { AccountRole } from '../../../../shared/contracts/roles.ts';
import { foldText, foldWords, stripDiacritics } from '../../../../shared/text/vietnamese.ts';
import {
  DOCUMENT_TYPES, type CaseFile, type Document, type DocumentCreate, type DocumentList, type DocumentUpdate,
} from '../../../../shared/contracts/documents.ts';
import { documentsRepository, type DocumentRow } from './documents.repository.ts';
import { checkUpload, extractText } from './files.ts';
import { buildEdxml, buildStatus, parseEdxml, type EdxmlStatus } from './edxml.ts';

export function readDocumentsSettings(ctx: AppContext) {
  return readModuleSettings(ctx.config, (env) => {
    const roles = env.str('DOCUMENTS_SECRET_ROLES', 'admin,leader').split(',').map((r) => r.trim()).filter(Boolean);
    for (const r of roles) if (!['admin', 'leader', 'operator', 'officer'].includes(r)) env.problem(`DOCUMENTS_SECRET_ROLES lists an unknown role "${r}"`);
    return {
      maxFileBytes: env.int('DOCUMENTS_MAX_FILE_BYTES', 20 * 1024 * 1024, 10_000, 200 * 1024 * 1024),
      secretRoles: roles as AccountRole[],
      ocr: env.bool('DOCUMENTS_OCR', true),
      ocrPages: env.int('DOCUMENTS_OCR_PAGES', 5, 1, 200),
      toolTimeoutMs: env.int('DOCUMENTS_TOOL_TIMEOUT_MS', 60_000, 1000, 600_000),
    };
  });
}
export type DocumentsSettings = ReturnType<typeof readDocumentsSettings>;

const OFFSET_MS = 7 * 3600_000;
const localToday = (at: Date) => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** "12/QĐ-UBND" as printed on the document. */
export const numberNotation = (number: string, notation: string) => (notation ? `${number}/${notation}` : number);

/** The folded words of a document's metadata, for search. */
function metadataText(d: Pick<DocumentRow, 'doc_type' | 'number' | 'notation' | 'issuer' | 'subject' | 'signer_name' | 'signer_position' | 'recipients' | 'routing_note'>): string {
  const type = DOCUMENT_TYPES.find((t) => t[0] === d.doc_type)?.[1] ?? '';
  return foldWords([type, d.number, d.notation, numberNotation(d.number, d.notation), d.issuer, d.subject, d.signer_name ?? '', d.signer_position ?? '', ...d.recipients, d.routing_note ?? ''].join(' '));
}

/** A to_tsquery made only of folded letters and digits (every word required, the last one as a prefix). */
export function tsQuery(q: string): string | null {
  const words = foldWords(q).split(' ').map((w) => w.replace(/[^a-z0-9]/g, '')).filter(Boolean).slice(0, 12);
  if (!words.length) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/**
 * Text around the first match of the query's words, with matches wrapped in «»: matched on the
 * folded text, cut from the original one (folding keeps one character per character).
 */
export function snippet(text: string, q: string, width = 200): string | null {
  const words = foldWords(q).split(' ').filter((w) => w.length > 0);
  if (!words.length || !text) return null;
  const original = [...text.normalize('NFC')];
  const folded = original.map((c) => {
    const f = stripDiacritics(c).toLowerCase();
    return f.length === 1 ? f : c.length === 1 ? c.toLowerCase().slice(0, 1) || ' ' : ' ';
  });
  const hay = folded.join('');
  const isWordChar = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch);
  const hits: [number, number][] = [];
  for (const w of words) {
    let from = 0;
    for (;;) {
      const i = hay.indexOf(w, from);
      if (i < 0) break;
      if (!isWordChar(hay[i - 1])) {
        let end = i + w.length;
        while (isWordChar(hay[end])) end++;
        hits.push([i, end]);
      }
      from = i + 1;
    }
  }
  if (!hits.length) return null;
  hits.sort((a, b) => a[0] - b[0]);
  const start = Math.max(0, hits[0]![0] - Math.floor(width / 3));
  const stop = Math.min(original.length, start + width);
  let out = start > 0 ? '…' : '';
  let pos = start;
  for (const [a, b] of hits) {
    if (a < pos || a >= stop) continue;
    out += original.slice(pos, a).join('') + '«' + original.slice(a, Math.min(b, stop)).join('') + '»';
    pos = Math.min(b, stop);
  }
  out += original.slice(pos, stop).join('') + (stop < original.length ? '…' : '');
  return out.replace(/\s+/g, ' ').trim();
}

export function createDocumentsService(ctx: AppContext) {
  const repo = documentsRepository(ctx.db.kysely);
  let settingsCache: DocumentsSettings | null = null;
  const settings = () => (settingsCache ??= readDocumentsSettings(ctx));

  const userOf = (actor: Actor): AuthenticatedUser => {
    if (!actor.user) throw new HttpError(401, 'unauthorized', 'sign in first');
    return actor.user;
  };
  const secretAllowed = (u: AuthenticatedUser) => settings().secretRoles.includes(u.role);

  async function unitMaps() {
    const units = await repo.units();
    return { byId: new Map(units.map((u) => [u.id, u])), byCode: new Map(units.map((u) => [u.code, u])) };
  }

  async function toDocuments(rows: DocumentRow[]): Promise<Document[]> {
    const units = await unitMaps();
    const files = await repo.files(rows.map((r) => Number(r.id)));
    return rows.map((d) => {
      const u = d.handler_unit_id === null ? undefined : units.byId.get(d.handler_unit_id);
      return {
        id: Number(d.id), direction: d.direction as Document['direction'], docType: d.doc_type as Document['docType'], number: d.number, notation: d.notation,
        numberNotation: numberNotation(d.number, d.notation), issuer: d.issuer, issuedDate: d.issued_date, subject: d.subject,
        signerName: d.signer_name, signerPosition: d.signer_position, urgency: d.urgency as Document['urgency'], secrecy: d.secrecy as Document['secrecy'],
        recipients: d.recipients, dueDate: d.due_date, series: d.series as Document['series'], registerYear: d.register_year, registerNumber: d.register_number,
        arrivalDate: d.arrival_date, handlerUnit: u ? { id: u.id, code: u.code, nameVi: u.name_vi, nameEn: u.name_en } : null,
        handlingDue: d.handling_due, routingNote: d.routing_note, caseFileId: d.case_file_id === null ? null : Number(d.case_file_id),
        files: files.filter((f) => Number(f.document_id) === Number(d.id)).map((f) => ({
          id: Number(f.id), filename: f.filename, mediaType: f.media_type, bytes: f.bytes, sha256: f.sha256,
          textSource: f.text_source as Document['files'][number]['textSource'], textChars: f.text_chars, createdAt: new Date(f.created_at).toISOString(),
        })),
        createdAt: new Date(d.created_at).toISOString(),
      };
    });
  }

  /** A document the caller may read; secret ones only for the allowed roles, each read audited. */
  async function readable(actor: Actor, id: number, action = 'document.read'): Promise<DocumentRow> {
    const user = userOf(actor);
    const d = await repo.get(id);
    if (!d) throw notFound(`document ${id}`);
    if (d.series === 'secret') {
      if (!secretAllowed(user)) throw notFound(`document ${id}`);
      await ctx.audit.record(actor, { action, targetType: 'document', targetId: id, details: { secrecy: d.secrecy } });
    }
    return d;
  }

  async function handlerUnit(code: string | null | undefined): Promise<number | null> {
    if (!code) return null;
    const u = (await unitMaps()).byCode.get(code);
    if (!u) throw badRequest(`handlerUnitCode: no unit "${code}"`);
    return u.id;
  }

  return {
    settings,

    async search(actor: Actor, q: { q?: string | undefined; direction?: 'incoming' | 'outgoing' | undefined; docType?: string | undefined; year?: number | undefined; caseFileId?: number | undefined; limit: number; offset: number }): Promise<DocumentList> {
      const user = userOf(actor);
      const text = q.q?.trim() ?? '';
      const tsquery = text ? tsQuery(text) : null;
      if (text && !tsquery) throw badRequest('q has no letters or digits to search for');
      const { rows, total } = await repo.search({ tsquery, direction: q.direction, docType: q.docType, year: q.year, caseFileId: q.caseFileId, secretAllowed: secretAllowed(user), limit: q.limit, offset: q.offset });
      const docs = await toDocuments(rows);
      const secret = rows.filter((r) => r.series === 'secret');
      if (secret.length) await ctx.audit.record(actor, { action: 'document.list-secret', targetType: 'document', details: { ids: secret.map((r) => Number(r.id)) } });
      // Snippets: from the subject when it matches, else from the files' text (read in one query).
      const subjectSnippets = rows.map((d) => (text ? snippet(d.subject, text) : null));
      const texts = await repo.textsOf(rows.filter((_, i) => text && !subjectSnippets[i]).map((d) => Number(d.id)));
      const hits = rows.map((d, i) => ({
        document: docs[i]!,
        rank: d.rank === null ? null : Math.round(d.rank * 1e6) / 1e6,
        snippet: !text ? null : subjectSnippets[i] ?? snippet(texts.get(Number(d.id)) ?? '', text) ?? snippet(`${d.issuer} · ${numberNotation(d.number, d.notation)}`, text),
      }));
      return { documents: hits, total };
    },

    async get(actor: Actor, id: number): Promise<Document> {
      return (await toDocuments([await readable(actor, id)]))[0]!;
    },

    /** Registers a document; 409 duplicate_document when số + ký hiệu + issuer exist already (unless confirmed). */
    async create(actor: Actor, input: DocumentCreate): Promise<Document> {
      const user = userOf(actor);
      const at = ctx.clock.now();
      const secrecy = input.secrecy ?? 'normal';
      const series = secrecy === 'normal' ? 'regular' : 'secret';
      if (series === 'secret' && !secretAllowed(user)) throw new HttpError(403, 'forbidden', 'your role may not register secret documents');
      const notation = (input.notation ?? '').trim();
      let number = (input.number ?? '').trim();
      if (input.direction === 'incoming' && !number) throw badRequest('number (số) of the incoming document is required');
      if (input.direction === 'outgoing' && number) throw badRequest('an outgoing document is numbered by the register: leave number out (registerNumber sets it explicitly)');
      const arrival = input.direction === 'incoming' ? (input.arrivalDate ?? localToday(at)) : null;
      if (arrival && arrival < input.issuedDate) throw badRequest(`arrivalDate ${arrival} is before issuedDate ${input.issuedDate}`);
      const year = Number((arrival ?? input.issuedDate).slice(0, 4));
      if (input.direction === 'outgoing') number = input.registerNumber ? String(input.registerNumber) : '';
      if (input.caseFileId && !(await repo.caseFileExists(input.caseFileId))) throw badRequest(`caseFileId: no case file ${input.caseFileId}`);
      // The duplicate alert: số + ký hiệu + issuing body (issuer compared without case or diacritics).
      // (Outgoing documents take their number from the register, which refuses a used one.)
      if (input.direction === 'incoming' && !input.confirmDuplicate) {
        const same = (await repo.sameNumber(number, notation)).filter((d) => foldText(d.issuer) === foldText(input.issuer));
        if (same.length) {
          throw new HttpError(409, 'duplicate_document', `a document ${numberNotation(number, notation)} of ${input.issuer} is already registered (document ${same.map((d) => d.id).join(', ')}); send confirmDuplicate: true to register it anyway`, { existing: same.map((d) => Number(d.id)) });
        }
      }
      const row = {
        direction: input.direction, doc_type: input.docType, number, notation, issuer: input.issuer.trim(), issued_date: input.issuedDate,
        subject: input.subject.trim(), signer_name: input.signerName?.trim() || null, signer_position: input.signerPosition?.trim() || null,
        urgency: input.urgency ?? 'normal', secrecy, recipients: (input.recipients ?? []).map((r) => r.trim()), due_date: input.dueDate ?? null,
        series, register_year: year, register_number: input.registerNumber ?? null, arrival_date: arrival,
        handler_unit_id: await handlerUnit(input.handlerUnitCode), handling_due: input.handlingDue ?? null, routing_note: input.routingNote?.trim() || null,
        case_file_id: input.caseFileId ?? null, created_by: user.id, at, search_folded: '',
      };
      const id = await repo.insert({ ...row, search_folded: metadataText({ ...row, number: number || '0' }) });
      const stored = (await repo.get(id))!;
      if (!number) await repo.update(id, { search_folded: metadataText(stored) }, at);
      if (series === 'secret') await ctx.audit.record(actor, { action: 'document.create', targetType: 'document', targetId: id, details: { secrecy } });
      return this.get(actor, id);
    },

    async update(actor: Actor, id: number, patch: DocumentUpdate): Promise<Document> {
      const d = await readable(actor, id, 'document.update');
      const set: Partial<DocumentRow> = {};
      if (patch.subject !== undefined) set.subject = patch.subject.trim();
      if (patch.signerName !== undefined) set.signer_name = patch.signerName;
      if (patch.signerPosition !== undefined) set.signer_position = patch.signerPosition;
      if (patch.urgency !== undefined) set.urgency = patch.urgency;
      if (patch.recipients !== undefined) set.recipients = patch.recipients;
      if (patch.dueDate !== undefined) set.due_date = patch.dueDate;
      if (patch.handlerUnitCode !== undefined) set.handler_unit_id = await handlerUnit(patch.handlerUnitCode);
      if (patch.handlingDue !== undefined) set.handling_due = patch.handlingDue;
      if (patch.routingNote !== undefined) set.routing_note = patch.routingNote;
      if (patch.caseFileId !== undefined) {
        if (patch.caseFileId !== null && !(await repo.caseFileExists(patch.caseFileId))) throw badRequest(`caseFileId: no case file ${patch.caseFileId}`);
        set.case_file_id = patch.caseFileId;
      }
      const merged = { ...d, ...set };
      set.search_folded = [metadataText(merged), foldWords((await repo.fileTexts(id)).join('\n'))].join(' ').trim();
      await repo.update(id, set, ctx.clock.now());
      return this.get(actor, id);
    },

    async remove(actor: Actor, id: number): Promise<void> {
      await readable(actor, id, 'document.delete');
      await repo.delete(id);
      await ctx.audit.record(actor, { action: 'document.delete', targetType: 'document', targetId: id });
    },

    /** Checks, reads and stores a file: a refused file stores nothing. */
    async addFile(actor: Actor, id: number, file: { filename: string; data: Buffer }): Promise<Document> {
      const user = userOf(actor);
      const d = await readable(actor, id, 'document.add-file');
      const s = settings();
      if (file.data.length > s.maxFileBytes) throw new HttpError(413, 'file_too_large', `${file.filename} is larger than ${Math.round(s.maxFileBytes / 1024 / 1024)} MB`);
      const checked = checkUpload(file.filename, file.data);
      const extracted = await extractText(checked.kind, file.data, { ocr: s.ocr, ocrPages: s.ocrPages, timeoutMs: s.toolTimeoutMs });
      const texts = [...(await repo.fileTexts(id)), extracted.text];
      await repo.addFile({
        documentId: id, filename: file.filename.slice(0, 255), mediaType: checked.mediaType, sha256: createHash('sha256').update(file.data).digest('hex'),
        data: file.data, text: extracted.text.replace(/\0/g, ''), textSource: extracted.source, userId: user.id, at: ctx.clock.now(),
      }, [metadataText(d), foldWords(texts.join('\n'))].join(' ').trim());
      return this.get(actor, id);
    },

    async file(actor: Actor, id: number, fileId: number) {
      await readable(actor, id, 'document.read-file');
      const f = await repo.fileContent(id, fileId);
      if (!f) throw notFound(`file ${fileId} of document ${id}`);
      return f;
    },

    async caseFiles(): Promise<CaseFile[]> {
      return (await repo.caseFiles()).map((c) => ({ id: Number(c.id), code: c.code, title: c.title, year: c.year, maintenance: c.maintenance, documentCount: c.document_count }));
    },

    async createCaseFile(input: { code: string; title: string; year: number; maintenance?: string | undefined }): Promise<CaseFile> {
      const id = await repo.createCaseFile({ code: input.code.trim(), title: input.title.trim(), year: input.year, maintenance: input.maintenance ?? 'permanent' });
      return (await this.caseFiles()).find((c) => c.id === id)!;
    },

    /** The rows of an Appendix IV register for a year (secret documents only for the allowed roles). */
    async registerRows(actor: Actor, direction: 'incoming' | 'outgoing', year: number) {
      const user = userOf(actor);
      const rows = await repo.register(direction, year, secretAllowed(user));
      if (rows.some((r) => r.series === 'secret')) await ctx.audit.record(actor, { action: 'document.register-secret', targetType: 'document', details: { direction, year } });
      return rows;
    },

    /** The document as an edXML package (header, body, its files as base64 attachments). */
    async exportEdxml(actor: Actor, id: number): Promise<{ xml: string; filename: string }> {
      const d = await readable(actor, id, 'document.export');
      const files = await repo.files([id]);
      const attachments = [];
      for (const f of files) {
        const c = (await repo.fileContent(id, Number(f.id)))!;
        attachments.push({ name: c.filename, contentType: c.media_type, data: Buffer.from(c.content) });
      }
      const xml = buildEdxml({
        fromOrgan: d.issuer, to: d.recipients, number: d.number, notation: d.notation, issuedDate: d.issued_date, place: '',
        typeName: DOCUMENT_TYPES.find((t) => t[0] === d.doc_type)?.[1] ?? '', subject: d.subject, signerName: d.signer_name, signerPosition: d.signer_position,
        dueDate: d.due_date, priority: ['normal', 'khan', 'thuong-khan', 'hoa-toc'].indexOf(d.urgency), attachments,
      }, ctx.clock.now());
      return { xml, filename: `edxml-${d.register_year}-${d.register_number}.xml` };
    },

    /**
     * Registers an incoming document from an edXML package. Every attachment is checked and read
     * first; the document and its files are then stored, or nothing (a failure removes the document).
     */
    async importEdxml(actor: Actor, xml: string, confirmDuplicate: boolean): Promise<Document> {
      const user = userOf(actor);
      const p = parseEdxml(xml);
      const s = settings();
      const ready = [];
      for (const a of p.attachments) {
        if (a.data.length > s.maxFileBytes) throw new HttpError(413, 'file_too_large', `attachment ${a.name} is larger than ${Math.round(s.maxFileBytes / 1024 / 1024)} MB`);
        const checked = checkUpload(a.name, a.data);
        ready.push({ a, checked, text: await extractText(checked.kind, a.data, { ocr: s.ocr, ocrPages: s.ocrPages, timeoutMs: s.toolTimeoutMs }) });
      }
      const type = DOCUMENT_TYPES.find((t) => foldText(t[1]) === foldText(p.typeName))?.[0] ?? 'cong-van';
      const urgency = (['normal', 'khan', 'thuong-khan', 'hoa-toc'] as const)[Math.min(3, Math.max(0, p.priority))]!;
      const created = await this.create(actor, {
        direction: 'incoming', docType: type, number: p.number, notation: p.notation, issuer: p.fromOrgan, issuedDate: p.issuedDate, subject: p.subject,
        ...(p.signerName ? { signerName: p.signerName } : {}), ...(p.signerPosition ? { signerPosition: p.signerPosition } : {}), urgency,
        recipients: p.to, ...(p.dueDate ? { dueDate: p.dueDate } : {}), ...(confirmDuplicate ? { confirmDuplicate: true } : {}),
        arrivalDate: localToday(ctx.clock.now()) < p.issuedDate ? p.issuedDate : localToday(ctx.clock.now()),
      });
      try {
        const texts: string[] = [];
        const d = (await repo.get(created.id))!;
        for (const r of ready) {
          texts.push(r.text.text);
          await repo.addFile({
            documentId: created.id, filename: r.a.name.slice(0, 255), mediaType: r.checked.mediaType, sha256: createHash('sha256').update(r.a.data).digest('hex'),
            data: r.a.data, text: r.text.text.replace(/\0/g, ''), textSource: r.text.source, userId: user.id, at: ctx.clock.now(),
          }, [metadataText(d), foldWords(texts.join('\n'))].join(' ').trim());
        }
      } catch (e) {
        await repo.delete(created.id);
        throw e;
      }
      await ctx.audit.record(actor, { action: 'document.import-edxml', targetType: 'document', targetId: created.id });
      return this.get(actor, created.id);
    },

    /** A status message answering a received document (inbox, acceptance, rejection, processing, done, fail). */
    async edxmlStatus(actor: Actor, id: number, status: EdxmlStatus, description: string): Promise<string> {
      const d = await readable(actor, id, 'document.read');
      if (d.direction !== 'incoming') throw badRequest('status messages answer incoming documents');
      return buildStatus({ from: d.recipients[0] ?? '', to: d.issuer, number: d.number, notation: d.notation, issuedDate: d.issued_date, status, description, at: ctx.clock.now() });
    },

    /** Demo documents still without a file. */
    demoWithoutFiles: (limit: number) => repo.demoWithoutFiles(limit),

    /** The plain ILIKE query the benchmark compares search with. */
    searchIlike: (term: string, limit: number) => repo.searchIlike(term, limit),
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
