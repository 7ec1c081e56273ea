// The registers of Appendix IV, Decree 30/2020/NĐ-CP: incoming (Sổ đăng ký văn bản đến),
// outgoing (Sổ đăng ký văn bản đi) and the follow-up of incoming documents (Sổ theo dõi giải
// quyết văn bản đến), with the decree's column headings, as XLSX (exceljs) or PDF (pdfkit,
// DejaVu Sans for the Vietnamese letters).
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Actor } from '../../platform/actor.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { DOCUMENT_TYPES } from '../../../../shared/contracts/documents.ts';
import { numberNotation, type DocumentsService } from './documents.service.ts';

export const REGISTER_KINDS = ['incoming', 'outgoing', 'incoming-follow-up'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

const TITLES: Record<RegisterKind, string> = {
  incoming: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN',
  outgoing: 'SỔ ĐĂNG KÝ VĂN BẢN ĐI',
  'incoming-follow-up': 'SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN',
};
const HEADINGS: Record<RegisterKind, string[]> = {
  incoming: ['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng VB', 'Tên loại và trích yếu', 'Đơn vị hoặc người nhận', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'],
  outgoing: ['Số, ký hiệu', 'Ngày tháng VB', 'Tên loại và trích yếu', 'Người ký', 'Nơi nhận', 'Đơn vị, người nhận bản lưu', 'Số lượng bản', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'],
  'incoming-follow-up': ['Số đến', 'Tên loại, số, ký hiệu, ngày, CQ ban hành', 'Đơn vị/người nhận', 'Thời hạn giải quyết', 'Tiến độ giải quyết', 'Số, ký hiệu VB trả lời', 'Ghi chú'],
};
const WIDTHS: Record<RegisterKind, number[]> = {
  incoming: [10, 7, 22, 14, 11, 40, 20, 10, 8, 10],
  outgoing: [14, 11, 40, 18, 26, 18, 7, 10, 8, 10],
  'incoming-follow-up': [7, 40, 20, 12, 14, 16, 14],
};

const vnDate = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');
const typeName = (code: string) => DOCUMENT_TYPES.find((t) => t[0] === code)?.[1] ?? code;

/** Fonts with Vietnamese letters (Debian fonts-dejavu-core). */
export const FONT_REGULAR = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
export const FONT_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

export async function registerRows(documents: DocumentsService, actor: Actor, kind: RegisterKind, year: number): Promise<string[][]> {
  const rows = await documents.registerRows(actor, kind === 'outgoing' ? 'outgoing' : 'incoming', year);
  return rows.map((d) => {
    const nn = numberNotation(d.number, d.notation);
    const secret = d.series === 'secret' ? ' (mật)' : '';
    switch (kind) {
      case 'incoming':
        return [vnDate(d.arrival_date), `${d.register_number}${secret}`, d.issuer, nn, vnDate(d.issued_date), `${typeName(d.doc_type)}: ${d.subject}`, d.handler_name ?? '', '', '', d.routing_note ?? ''];
      case 'outgoing':
        return [`${nn}${secret}`, vnDate(d.issued_date), `${typeName(d.doc_type)}: ${d.subject}`, d.signer_name ?? '', d.recipients.join('; '), d.issuer, '', '', '', ''];
      case 'incoming-follow-up':
        return [`${d.register_number}${secret}`, `${typeName(d.doc_type)} số ${nn}, ngày ${vnDate(d.issued_date)}, ${d.issuer}`, d.handler_name ?? '', vnDate(d.handling_due ?? d.due_date), '', '', d.routing_note ?? ''];
    }
  });
}

export async function registerFile(documents: DocumentsService, actor: Actor, kind: RegisterKind, year: number, format: 'xlsx' | 'pdf'): Promise<{ data: Buffer; mediaType: string; filename: string }> {
  const rows = await registerRows(documents, actor, kind, year);
  const filename = `so-${kind}-${year}.${format}`;
  if (format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(`${year}`);
    ws.addRow([`${TITLES[kind]} NĂM ${year}`]).font = { bold: true, size: 14 };
    ws.addRow([]);
    const head = ws.addRow(HEADINGS[kind]);
    head.font = { bold: true };
    head.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    for (const r of rows) ws.addRow(r).alignment = { wrapText: true, vertical: 'top' };
    WIDTHS[kind].forEach((w, i) => (ws.getColumn(i + 1).width = w));
    return { data: Buffer.from(await wb.xlsx.writeBuffer()), mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename };
  }
  return { data: await registerPdf(kind, year, rows), mediaType: 'application/pdf', filename };
}

async function registerPdf(kind: RegisterKind, year: number, rows: string[][]): Promise<Buffer> {
  if (!existsSync(FONT_REGULAR) || !existsSync(FONT_BOLD)) throw new HttpError(503, 'font_missing', 'the PDF register needs the DejaVu fonts (Debian package fonts-dejavu-core)');
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 28, info: { Title: `${TITLES[kind]} ${year}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('r', FONT_REGULAR);
  doc.registerFont('b', FONT_BOLD);
  const widths = WIDTHS[kind];
  const total = widths.reduce((a, b) => a + b, 0);
  const usable = doc.page.width - 56;
  const cols = widths.map((w) => (w / total) * usable);
  const fontSize = 7.5;
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'b' : 'r').fontSize(fontSize);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cols[i]! - 4 }))) + 4;
    if (doc.y + h > doc.page.height - 28) {
      doc.addPage();
      if (!bold) drawRow(HEADINGS[kind], true);
    }
    const y = doc.y;
    let x = 28;
    cells.forEach((c, i) => {
      doc.rect(x, y, cols[i]!, h).stroke();
      doc.text(c, x + 2, y + 2, { width: cols[i]! - 4 });
      x += cols[i]!;
    });
    doc.x = 28;
    doc.y = y + h;
  };
  doc.font('b').fontSize(13).text(`${TITLES[kind]} NĂM ${year}`, { align: 'center' });
  doc.moveDown(0.8);
  drawRow(HEADINGS[kind], true);
  for (const r of rows) drawRow(r, false);
  doc.end();
  return done;
}
