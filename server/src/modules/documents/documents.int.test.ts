// The document register through the real HTTP API: numbering per year and series with its
// restart on 1 January, the duplicate alert, search with and without diacritics (đ and old/new
// tone placement) over metadata and file text, files kept unaltered, bad files refused with
// nothing stored, secret documents hidden and their reads audited, the Appendix IV registers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { Document, DocumentList } from '../../../../shared/contracts/documents.ts';
import { vietnamesePdf } from './pdf.ts';
import { createHash } from 'node:crypto';

let s: TestServer;
const tokens: Record<string, string> = {};

async function call<T>(user: string, path: string, init: { method?: string; json?: unknown; body?: FormData } = {}, status = 200): Promise<T> {
  const res = await s.api(path, { ...init, token: tokens[user] });
  const text = await res.text();
  expect(res.status, `${init.method ?? 'GET'} ${path} as ${user}: ${text}`).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}
const register = (json: Record<string, unknown>, user = 'operator', status = 201) => call<Document>(user, '/api/documents', { method: 'POST', json }, status);
function form(name: string, data: Buffer): FormData {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(data)]), name);
  return f;
}
const upload = (id: number, name: string, data: Buffer, status = 201) => call<Document & { error?: string }>('operator', `/api/documents/${id}/files`, { method: 'POST', body: form(name, data) }, status);
const search = (q: string, user = 'operator') => call<DocumentList>(user, `/api/documents?q=${encodeURIComponent(q)}`);

beforeAll(async () => {
  s = await startTestServer({ DOCUMENTS_MAX_FILE_BYTES: '300000' });
  for (const u of ['admin', 'leader', 'operator', 'officer']) tokens[u] = await s.login(u);
}, 120_000);
afterAll(async () => s?.close());

const out = { docType: 'cong-van' as const, issuer: 'UBND phường Tân Hưng', subject: 'Công văn về việc báo cáo số liệu' };

describe('numbering', () => {
  it('numbers per year and series from 1, restarting on 1 January, secret documents in their own series', async () => {
    const a = await register({ direction: 'outgoing', ...out, notation: 'UBND-VP', issuedDate: '2031-12-30' });
    const b = await register({ direction: 'outgoing', ...out, notation: 'UBND-VP', issuedDate: '2031-12-31' });
    const c = await register({ direction: 'outgoing', ...out, notation: 'UBND-VP', issuedDate: '2032-01-01' });
    const secret = await register({ direction: 'outgoing', ...out, notation: 'UBND-VP', issuedDate: '2031-12-31', secrecy: 'mat' }, 'leader');
    expect([a.registerNumber, b.registerNumber, c.registerNumber, secret.registerNumber]).toEqual([1, 2, 1, 1]);
    expect(b.numberNotation).toBe('2/UBND-VP');
    expect(secret.series).toBe('secret');
    const given = await register({ direction: 'outgoing', ...out, notation: 'UBND-VP', issuedDate: '2031-06-01', registerNumber: 10 });
    expect(given.registerNumber).toBe(10);
    expect((await register({ direction: 'outgoing', ...out, notation: 'UBND-VP', issuedDate: '2031-06-02' })).registerNumber).toBe(11);
    const dup = await register({ direction: 'outgoing', ...out, notation: 'UBND-VP', issuedDate: '2031-06-03', registerNumber: 10 }, 'operator', 409);
    expect(dup).toMatchObject({ error: 'duplicate_number' });
    // Incoming documents: arrival numbers per year of arrival.
    const i1 = await register({ direction: 'incoming', docType: 'ke-hoach', number: '77', notation: 'KH-UBND', issuer: 'UBND Thành phố Hồ Chí Minh', issuedDate: '2031-12-28', arrivalDate: '2031-12-29', subject: 'Kế hoạch tổng kết năm' });
    const i2 = await register({ direction: 'incoming', docType: 'ke-hoach', number: '1', notation: 'KH-UBND', issuer: 'UBND Thành phố Hồ Chí Minh', issuedDate: '2031-12-31', arrivalDate: '2032-01-02', subject: 'Kế hoạch đầu năm' });
    expect([i1.registerNumber, i2.registerNumber, i2.registerYear]).toEqual([1, 1, 2032]);
  });
});

describe('duplicate alert', () => {
  it('warns on the same số + ký hiệu + issuer, whatever the case and diacritics, unless confirmed', async () => {
    const doc = { direction: 'incoming', docType: 'cong-van', number: '4512', notation: 'UBND-ĐT', issuedDate: '2026-11-20', subject: 'Về việc chỉnh trang đô thị' };
    await register({ ...doc, issuer: 'UBND Thành phố Hồ Chí Minh' });
    const again = await register({ ...doc, issuer: 'ubnd thanh pho ho chi minh', notation: 'ubnd-đt' }, 'operator', 409);
    expect(again).toMatchObject({ error: 'duplicate_document' });
    await register({ ...doc, issuer: 'Sở Xây dựng' });
    await register({ ...doc, issuer: 'UBND Thành phố Hồ Chí Minh', confirmDuplicate: true });
  });
});

describe('search, files and bad input', () => {
  let id = 0;
  let pdf: Buffer;
  it('finds a document by its Vietnamese text typed without diacritics, ranked, with a snippet', async () => {
    const d = await register({
      direction: 'incoming', docType: 'chi-thi', number: '09', notation: 'CT-UBND', issuer: 'UBND Thành phố Hồ Chí Minh', issuedDate: '2026-11-02',
      subject: 'Chỉ thị về việc hoà giải tranh chấp đất đai tại đường Nguyễn Hữu Thọ',
    });
    id = d.id;
    for (const q of ['nguyen huu tho', 'Nguyễn Hữu Thọ', 'NGUYEN HUU THO', 'hòa giải', 'hoa giai', 'dat dai', 'đất đai']) {
      const r = await search(q);
      expect(r.documents[0]?.document.id, q).toBe(id);
      expect(r.documents[0]!.snippet).toContain('«');
    }
    expect((await search('hoa giai')).documents[0]!.snippet).toContain('«hoà» «giải»');
  });

  it('keeps a PDF unaltered with its SHA-256 and searches its text layer', async () => {
    pdf = await vietnamesePdf('KẾ HOẠCH', 'Nạo vét kênh Tẻ và rạch Bà Tàng, khơi thông cống thoát nước khu phố Mỹ Toàn trước mùa mưa.');
    const d = await upload(id, 'ke-hoach.pdf', pdf);
    expect(d.files).toHaveLength(1);
    expect(d.files[0]!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(d.files[0]!.textSource).toBe('text-layer');
    const r = await search('rach ba tang');
    expect(r.documents[0]?.document.id).toBe(id);
    expect(r.documents[0]!.snippet).toMatch(/«rạch» «Bà» «Tàng»/);
    const res = await s.api(`/api/documents/${id}/files/${d.files[0]!.id}`, { token: tokens.officer });
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('refuses a file that is not what its name says, a corrupt or encrypted PDF, an oversized file — and stores nothing', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(await upload(id, 'van-ban.pdf', png, 415)).toMatchObject({ error: 'file_type_mismatch' });
    expect(await upload(id, 'van-ban.exe', png, 415)).toMatchObject({ error: 'unsupported_file_type' });
    expect(await upload(id, 'hong.pdf', Buffer.concat([pdf.subarray(0, 400), Buffer.from('garbage')]), 422)).toMatchObject({ error: 'corrupt_pdf' });
    const locked = await vietnamesePdf('MẬT', 'Nội dung', { userPassword: 'secret' });
    expect(await upload(id, 'khoa.pdf', locked, 422)).toMatchObject({ error: 'encrypted_pdf' });
    const big = Buffer.concat([pdf, Buffer.alloc(400_000, 32)]);
    expect(await upload(id, 'lon.pdf', big, 413)).toMatchObject({ error: 'file_too_large' });
    expect((await call<Document>('operator', `/api/documents/${id}`)).files).toHaveLength(1);
  });

  it('reads a scanned image with Tesseract\'s Vietnamese model', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="260"><rect width="100%" height="100%" fill="white"/>
      <text x="40" y="110" font-family="DejaVu Sans" font-size="64" fill="black">THONG BAO KET LUAN</text>
      <text x="40" y="210" font-family="DejaVu Sans" font-size="64" fill="black">HOP GIAO BAN THANG</text></svg>`;
    const scan = await sharp(Buffer.from(svg)).png().toBuffer();
    const d = await register({ direction: 'incoming', docType: 'thong-bao', number: '31', notation: 'TB-VP', issuer: 'Văn phòng UBND Thành phố', issuedDate: '2026-11-05', subject: 'Thông báo (bản quét)' });
    const withScan = await upload(d.id, 'ban-quet.png', scan);
    expect(withScan.files[0]!.textSource).toBe('ocr');
    expect((await search('giao ban')).documents.map((h) => h.document.id)).toContain(d.id);
  });
});

describe('edXML exchange', () => {
  it('exports an outgoing document as a package and imports it back as an incoming one (round trip)', async () => {
    const outDoc = await register({ direction: 'outgoing', docType: 'thong-bao', notation: 'TB-UBND', issuer: 'UBND phường Tân Hưng', issuedDate: '2026-11-25', subject: 'Thông báo lịch tiếp công dân tháng 12', signerName: 'Trần Thị Thu Hà', signerPosition: 'Phó Chủ tịch', urgency: 'khan', recipients: ['Sở Nội vụ'] });
    const pdf = await vietnamesePdf('THÔNG BÁO', 'Lịch tiếp công dân định kỳ vào thứ Năm hằng tuần tại trụ sở phường.');
    await upload(outDoc.id, 'thong-bao.pdf', pdf);
    const res = await s.api(`/api/documents/${outDoc.id}/edxml`, { token: tokens.operator });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain('<edXML:CodeNotation>TB-UBND</edXML:CodeNotation>');
    expect(xml).toContain('<edXML:ContentTransferEncoded>');
    const imp = await s.api('/api/documents/edxml', { method: 'POST', token: tokens.operator, body: xml, headers: { 'content-type': 'application/xml' } });
    const back = (await imp.json()) as Document;
    expect(imp.status, JSON.stringify(back)).toBe(201);
    expect(back).toMatchObject({ direction: 'incoming', docType: 'thong-bao', number: outDoc.number, notation: 'TB-UBND', issuer: 'UBND phường Tân Hưng', subject: outDoc.subject, signerName: 'Trần Thị Thu Hà', urgency: 'khan', recipients: ['Sở Nội vụ'] });
    expect(back.files[0]!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    // The same package again is a duplicate; a broken one names its problem; nothing half-stored.
    const again = await s.api('/api/documents/edxml', { method: 'POST', token: tokens.operator, body: xml, headers: { 'content-type': 'application/xml' } });
    expect(again.status).toBe(409);
    const bad = await s.api('/api/documents/edxml', { method: 'POST', token: tokens.operator, body: xml.replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, ''), headers: { 'content-type': 'application/xml' } });
    expect(await bad.json()).toMatchObject({ error: 'bad_request', message: 'edXML: Subject is missing' });
    const before = (await search('lich tiep cong dan')).total;
    const lying = xml.replace(/(<edXML:ContentTransferEncoded>)[^<]*/, `$1${Buffer.from('not a pdf').toString('base64')}`).replace('<edXML:CodeNumber>', '<edXML:CodeNumber>9');
    const refused = await s.api('/api/documents/edxml', { method: 'POST', token: tokens.operator, body: lying, headers: { 'content-type': 'application/xml' } });
    expect(refused.status).toBe(415);
    expect((await search('lich tiep cong dan')).total).toBe(before);
    const status = await s.api(`/api/documents/${back.id}/edxml-status?status=acceptance&description=${encodeURIComponent('Đã tiếp nhận')}`, { token: tokens.operator });
    expect(await status.text()).toContain('<edXML:StatusCode>02</edXML:StatusCode>');
  });
});

describe('secret documents and registers', () => {
  it('hides secret documents from roles not allowed and audits every read', async () => {
    const d = await register({ direction: 'incoming', docType: 'cong-van', number: '5', notation: 'CV-M', issuer: 'Công an Thành phố', issuedDate: '2026-11-10', subject: 'Công văn mật về phương án bảo vệ', secrecy: 'mat' }, 'leader');
    await register({ direction: 'incoming', docType: 'cong-van', number: '6', notation: 'CV-M', issuer: 'Công an Thành phố', issuedDate: '2026-11-10', subject: 'x', secrecy: 'mat' }, 'operator', 403);
    await call('operator', `/api/documents/${d.id}`, {}, 404);
    await call('officer', `/api/documents/${d.id}`, {}, 404);
    expect((await search('phuong an bao ve', 'operator')).documents.map((h) => h.document.id)).not.toContain(d.id);
    await call('leader', `/api/documents/${d.id}`);
    const audit = await call<{ entries: { action: string; targetId: string | null }[] }>('admin', `/api/audit?targetType=document&targetId=${d.id}`);
    expect(audit.entries.map((e) => e.action)).toContain('document.read');
  });

  it('prints the Appendix IV registers as XLSX and PDF', async () => {
    const x = await s.api('/api/documents/registers/incoming?year=2032&format=xlsx', { token: tokens.operator });
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(3).values).toContain('Số đến');
    expect(ws.getRow(4).values).toContain('1/KH-UBND');
    const p = await s.api('/api/documents/registers/outgoing?year=2031&format=pdf', { token: tokens.operator });
    expect(p.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'reg-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), Buffer.from(await p.arrayBuffer()));
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2031');
      expect(text).toContain('2/UBND-VP');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
