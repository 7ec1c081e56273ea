// Small PDFs with Vietnamese text (pdfkit, DejaVu Sans): the demo's document files, and the
// test inputs (including an encrypted one).
import PDFDocument from 'pdfkit';
import { FONT_BOLD, FONT_REGULAR } from './registers.ts';

export function vietnamesePdf(title: string, body: string, opts: { userPassword?: string } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, ...(opts.userPassword ? { userPassword: opts.userPassword, pdfVersion: '1.7' as const } : {}) });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('r', FONT_REGULAR);
  doc.registerFont('b', FONT_BOLD);
  doc.font('b').fontSize(11).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center' });
  doc.font('r').fontSize(10).text('Độc lập - Tự do - Hạnh phúc', { align: 'center' }).moveDown(1.5);
  doc.font('b').fontSize(13).text(title, { align: 'center' }).moveDown();
  doc.font('r').fontSize(11).text(body, { align: 'justify' });
  doc.end();
  return done;
}
