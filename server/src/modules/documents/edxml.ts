// edXML packages for the document exchange axis, following the public structure of QCVN
// 102:2016/BTTTT (amended by TT 01/2022/TT-BTTTT): an envelope with a header (MessageHeader:
// From, To, Code, Promulgation, DocumentType, Subject, SignerInfo, DueDate, ToPlaces,
// OtherInfo; TraceHeaderList) and a body of base64 attachments; and the status messages a
// receiver sends back. The exact status codes are not public [U]: STATUS_CODES is data.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { badRequest } from '../../platform/http/errors.ts';

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
/** Status feedback kinds and the codes used for them (unconfirmed: configurable data). */
export const STATUS_CODES = { inbox: '01', acceptance: '02', rejection: '03', processing: '04', done: '05', fail: '06' } as const;
export type EdxmlStatus = keyof typeof STATUS_CODES;

export interface EdxmlDocument {
  fromOrgan: string;
  to: string[];
  number: string;
  notation: string;
  issuedDate: string;
  place: string;
  typeName: string;
  subject: string;
  signerName: string | null;
  signerPosition: string | null;
  dueDate: string | null;
  /** Priority digit of Appendix VI: urgency (0 normal … 3 hỏa tốc). */
  priority: number;
  attachments: { name: string; contentType: string; data: Buffer }[];
}

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: false, processEntities: true });

export function buildEdxml(d: EdxmlDocument, at: Date): string {
  const e = (v: string | null | undefined) => v ?? '';
  const env = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'edXML:edXMLEnvelope': {
      '@_xmlns:edXML': EDXML_NS,
      'edXML:edXMLHeader': {
        'edXML:MessageHeader': {
          'edXML:From': { 'edXML:OrganId': '', 'edXML:OrganName': d.fromOrgan },
          'edXML:To': d.to.map((o) => ({ 'edXML:OrganId': '', 'edXML:OrganName': o })),
          'edXML:Code': { 'edXML:CodeNumber': d.number, 'edXML:CodeNotation': d.notation },
          'edXML:Promulgation': { 'edXML:Place': d.place, 'edXML:PromulgationDate': d.issuedDate },
          'edXML:DocumentType': { 'edXML:Type': '1', 'edXML:TypeName': d.typeName },
          'edXML:Subject': d.subject,
          'edXML:Content': '',
          'edXML:SignerInfo': { 'edXML:Competence': '', 'edXML:Position': e(d.signerPosition), 'edXML:FullName': e(d.signerName) },
          'edXML:DueDate': e(d.dueDate),
          'edXML:ToPlaces': { 'edXML:Place': d.to },
          'edXML:OtherInfo': { 'edXML:Priority': String(d.priority), 'edXML:SphereOfPromulgation': '', 'edXML:TyperNotation': '', 'edXML:PromulgationAmount': '1', 'edXML:PageAmount': '1' },
        },
        'edXML:TraceHeaderList': { 'edXML:TraceHeader': { 'edXML:OrganId': '', 'edXML:Timestamp': at.toISOString() } },
      },
      'edXML:edXMLBody': {
        'edXML:Attachment': d.attachments.map((a, i) => ({
          'edXML:ContentId': `att-${i + 1}`, 'edXML:ContentType': a.contentType, 'edXML:Description': a.name, 'edXML:AttachmentName': a.name,
          'edXML:ContentTransferEncoded': a.data.toString('base64'),
        })),
      },
    },
  };
  return builder.build(env) as string;
}

/** A status message (edXML:Status) answering a received package. */
export function buildStatus(o: { from: string; to: string; number: string; notation: string; issuedDate: string; status: EdxmlStatus; description: string; at: Date }): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'edXML:Status': {
      '@_xmlns:edXML': EDXML_NS,
      'edXML:Header': {
        'edXML:From': { 'edXML:OrganId': '', 'edXML:OrganName': o.from },
        'edXML:To': { 'edXML:OrganId': '', 'edXML:OrganName': o.to },
        'edXML:ResponseFor': { 'edXML:Code': `${o.number}/${o.notation}`, 'edXML:PromulgationDate': o.issuedDate },
        'edXML:StatusCode': STATUS_CODES[o.status],
        'edXML:Description': o.description,
        'edXML:Timestamp': o.at.toISOString(),
      },
    },
  }) as string;
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true, isArray: (name) => ['To', 'Place', 'Attachment'].includes(name) });
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Reads a package; a clear 400 naming what is missing or wrong. */
export function parseEdxml(xml: string): EdxmlDocument {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (e) {
    throw badRequest(`not a well-formed edXML package: ${(e as Error).message.split('\n')[0]}`);
  }
  const env = doc.edXMLEnvelope as Record<string, Record<string, unknown>> | undefined;
  const h = (env?.edXMLHeader as Record<string, Record<string, unknown>> | undefined)?.MessageHeader as Record<string, Record<string, unknown>> | undefined;
  if (!env || !h) throw badRequest('not an edXML package: edXMLEnvelope/edXMLHeader/MessageHeader is missing');
  const need = (v: string, what: string) => {
    if (!v.trim()) throw badRequest(`edXML: ${what} is missing`);
    return v.trim();
  };
  const date = (v: string, what: string) => {
    if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v.slice(0, 10))) throw badRequest(`edXML: ${what} must be a date YYYY-MM-DD (got "${v.slice(0, 30)}")`);
    return v ? v.slice(0, 10) : null;
  };
  const body = (env.edXMLBody ?? {}) as Record<string, unknown>;
  const atts = (body.Attachment as Record<string, unknown>[] | undefined) ?? [];
  return {
    fromOrgan: need(text(h.From?.OrganName), 'From/OrganName'),
    to: ((h.To as unknown as Record<string, unknown>[] | undefined) ?? []).map((t) => text(t.OrganName)).filter(Boolean),
    number: need(text(h.Code?.CodeNumber), 'Code/CodeNumber'),
    notation: text(h.Code?.CodeNotation).trim(),
    issuedDate: date(need(text(h.Promulgation?.PromulgationDate), 'Promulgation/PromulgationDate'), 'PromulgationDate')!,
    place: text(h.Promulgation?.Place),
    typeName: text(h.DocumentType?.TypeName),
    subject: need(text(h.Subject), 'Subject').slice(0, 500),
    signerName: text(h.SignerInfo?.FullName) || null,
    signerPosition: text(h.SignerInfo?.Position) || null,
    dueDate: date(text(h.DueDate), 'DueDate'),
    priority: Number(text(h.OtherInfo?.Priority)) || 0,
    attachments: atts.map((a, i) => {
      const b64 = text(a.ContentTransferEncoded).replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw badRequest(`edXML: attachment ${i + 1} is not base64`);
      return { name: text(a.AttachmentName) || text(a.Description) || `attachment-${i + 1}`, contentType: text(a.ContentType), data: Buffer.from(b64, 'base64') };
    }),
  };
}
