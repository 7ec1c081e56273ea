// Renders an issued consolidated report to PDF (pdfkit, DejaVu fonts of the documents module),
// XLSX (exceljs) and DOCX (docx) in the Vietnamese administrative layout (Decree 30/2020):
// issuer and national heading side by side, number, place and date, title, body table,
// recipients and signer block. Every figure names its source submissions ("phiếu số …").
import PDFDocument from 'pdfkit';
import ExcelJS from 'exceljs';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { FONT_BOLD, FONT_REGULAR } from '../documents/index.ts';
import type { Figure, ReportRun } from '../../../../shared/contracts/reporting.ts';
import { periodLabelVi } from './periods.ts';

export interface RenderInput {
  run: ReportRun;
  issuerVi: string;
  placeVi: string;
  signerTitleVi: string;
  signerName: string;
  /** Form titles by code (for the reports missing). */
  formTitles: Record<string, string>;
}

/** The reports missing at issue, in words: "Phường Tân Hưng (Báo cáo …)". */
function missingText(r: RenderInput): string {
  const names = new Map(r.run.figures.flatMap((f) => f.byUnit.map((u) => [u.code, u.nameVi] as const)));
  return r.run.missing.map((m) => `${names.get(m.unit) ?? m.unit} (${r.formTitles[m.form] ?? m.form})`).join('; ');
}

/** A number as Vietnamese documents write it: 1.234,5 */
export function numberVi(v: number | null): string {
  if (v === null) return '—';
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(v);
}

const dateLine = (place: string, issuedAt: string) => {
  const d = new Date(new Date(issuedAt).getTime() + 7 * 3600_000);
  return `${place}, ngày ${String(d.getUTCDate()).padStart(2, '0')} tháng ${String(d.getUTCMonth() + 1).padStart(2, '0')} năm ${d.getUTCFullYear()}`;
};
const sources = (f: Figure) => f.byUnit.filter((u) => u.submissionId !== null).map((u) => `#${u.submissionId}`).join(', ');
const title = (r: RenderInput) => `${r.run.titleVi} ${periodLabelVi(r.run.period)}`.toUpperCase();

export function renderPdf(r: RenderInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${r.run.number} ${r.run.titleVi}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('r', FONT_REGULAR);
  doc.registerFont('b', FONT_BOLD);
  const left = 50, width = 495, col = 200;
  const top = doc.y;
  doc.font('b').fontSize(10).text(r.issuerVi.toUpperCase(), left, top, { width: col, align: 'center' });
  doc.font('r').fontSize(10).text(`Số: ${r.run.number}`, left, doc.y + 4, { width: col, align: 'center' });
  doc.font('b').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + col, top, { width: width - col, align: 'center' });
  doc.font('b').fontSize(10).text('Độc lập - Tự do - Hạnh phúc', left + col, doc.y, { width: width - col, align: 'center' });
  doc.font('r').fontSize(10).text(dateLine(r.placeVi, r.run.issuedAt), left + col, doc.y + 8, { width: width - col, align: 'center', oblique: true });
  doc.moveDown(2);
  doc.font('b').fontSize(13).text('BÁO CÁO', left, doc.y, { width, align: 'center' });
  doc.font('b').fontSize(12).text(title(r), { width, align: 'center' });
  doc.moveDown();
  doc.font('r').fontSize(10.5).text(`Tổng hợp số liệu đã được phê duyệt của các đơn vị, kỳ ${periodLabelVi(r.run.period)}. Mỗi số liệu ghi rõ phiếu báo cáo nguồn (#mã phiếu).`, { width, align: 'justify' });
  doc.moveDown();
  // The table: indicator, unit, total, then one row per ward with its source.
  const cols = [230, 70, 90, 105];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    let x = left;
    let h = 0;
    cells.forEach((c, i) => {
      doc.font(bold ? 'b' : 'r').fontSize(9.5);
      const hh = doc.heightOfString(c, { width: cols[i]! - 6 });
      h = Math.max(h, hh);
      doc.text(c, x + 3, y + 2, { width: cols[i]! - 6, align: i >= 2 ? 'right' : 'left' });
      x += cols[i]!;
    });
    doc.rect(left, y, width, h + 4).lineWidth(0.5).stroke();
    doc.x = left;
    doc.y = y + h + 4;
    if (doc.y > 740) doc.addPage();
  };
  row(['Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Nguồn (phiếu)'], true);
  for (const f of r.run.figures) {
    row([f.nameVi, f.unitVi, numberVi(f.value), sources(f)], true);
    for (const u of f.byUnit) row([`   ${u.nameVi}`, f.unitVi, numberVi(u.value), u.submissionId === null ? 'chưa có' : `#${u.submissionId}`]);
  }
  doc.moveDown();
  if (r.run.missing.length) {
    doc.font('r').fontSize(10).text(`Chưa có số liệu được phê duyệt khi ban hành: ${missingText(r)}.`, left, doc.y, { width });
    doc.moveDown();
  }
  const y = doc.y + 10;
  doc.font('b').fontSize(10).text('Nơi nhận:', left, y, { width: 220 });
  doc.font('r').fontSize(9).text('- Như trên;\n- Lưu: VT.', left, doc.y, { width: 220 });
  doc.font('b').fontSize(10).text(r.signerTitleVi.toUpperCase(), left + 260, y, { width: 235, align: 'center' });
  doc.font('r').fontSize(9).text('(Đã ký)', left + 260, doc.y + 30, { width: 235, align: 'center' });
  doc.font('b').fontSize(10).text(r.signerName, left + 260, doc.y + 20, { width: 235, align: 'center' });
  doc.end();
  return done;
}

export async function renderXlsx(r: RenderInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Báo cáo');
  ws.mergeCells('A1:B1'); ws.getCell('A1').value = r.issuerVi.toUpperCase();
  ws.mergeCells('C1:E1'); ws.getCell('C1').value = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  ws.mergeCells('A2:B2'); ws.getCell('A2').value = `Số: ${r.run.number}`;
  ws.mergeCells('C2:E2'); ws.getCell('C2').value = 'Độc lập - Tự do - Hạnh phúc';
  ws.mergeCells('C3:E3'); ws.getCell('C3').value = dateLine(r.placeVi, r.run.issuedAt);
  ws.mergeCells('A5:E5'); ws.getCell('A5').value = `BÁO CÁO ${title(r)}`;
  for (const c of ['A1', 'C1', 'C2', 'A5']) ws.getCell(c).font = { bold: true };
  ws.getRow(7).values = ['Chỉ tiêu', 'Đơn vị', 'Đơn vị tính', 'Số liệu', 'Nguồn (phiếu)'];
  ws.getRow(7).font = { bold: true };
  let n = 8;
  for (const f of r.run.figures) {
    ws.getRow(n++).values = [f.nameVi, 'Tổng', f.unitVi, f.value, sources(f)];
    for (const u of f.byUnit) ws.getRow(n++).values = [f.nameVi, u.nameVi, f.unitVi, u.value, u.submissionId === null ? '' : `#${u.submissionId}`];
  }
  n++;
  ws.getCell(`D${n}`).value = r.signerTitleVi.toUpperCase();
  ws.getCell(`D${n + 3}`).value = r.signerName;
  ws.getColumn(1).width = 50; ws.getColumn(2).width = 28; ws.getColumn(3).width = 14; ws.getColumn(4).width = 14; ws.getColumn(5).width = 30;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function renderDocx(r: RenderInput): Promise<Buffer> {
  const font = 'Times New Roman';
  const p = (text: string, o: { bold?: boolean; italics?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; size?: number } = {}) =>
    new Paragraph({ alignment: o.align ?? AlignmentType.LEFT, children: [new TextRun({ text, bold: o.bold ?? false, italics: o.italics ?? false, font, size: o.size ?? 24 })] });
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const heading = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: [new TableRow({ children: [
      new TableCell({ width: { size: 40, type: WidthType.PERCENTAGE }, children: [p(r.issuerVi.toUpperCase(), { bold: true, align: AlignmentType.CENTER, size: 24 }), p(`Số: ${r.run.number}`, { align: AlignmentType.CENTER })] }),
      new TableCell({ width: { size: 60, type: WidthType.PERCENTAGE }, children: [
        p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, align: AlignmentType.CENTER }), p('Độc lập - Tự do - Hạnh phúc', { bold: true, align: AlignmentType.CENTER, size: 26 }),
        p(dateLine(r.placeVi, r.run.issuedAt), { italics: true, align: AlignmentType.CENTER }),
      ] }),
    ] })],
  });
  const cell = (t: string, bold = false) => new TableCell({ children: [p(t, { bold, size: 22 })] });
  const rows = [new TableRow({ children: ['Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Nguồn (phiếu)'].map((t) => cell(t, true)) })];
  for (const f of r.run.figures) {
    rows.push(new TableRow({ children: [cell(f.nameVi, true), cell(f.unitVi), cell(numberVi(f.value), true), cell(sources(f))] }));
    for (const u of f.byUnit) rows.push(new TableRow({ children: [cell(`   ${u.nameVi}`), cell(f.unitVi), cell(numberVi(u.value)), cell(u.submissionId === null ? 'chưa có' : `#${u.submissionId}`)] }));
  }
  const doc = new Document({ sections: [{ children: [
    heading, p(''), p('BÁO CÁO', { bold: true, align: AlignmentType.CENTER, size: 28 }), p(title(r), { bold: true, align: AlignmentType.CENTER }), p(''),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }), p(''),
    p(r.signerTitleVi.toUpperCase(), { bold: true, align: AlignmentType.RIGHT }), p('(Đã ký)', { italics: true, align: AlignmentType.RIGHT }), p(r.signerName, { bold: true, align: AlignmentType.RIGHT }),
  ] }] });
  return Packer.toBuffer(doc);
}
