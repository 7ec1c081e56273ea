// Files of documents: what a file really is (its first bytes, not its name), whether a PDF can
// be read (pdfinfo: corrupt, encrypted), and its text — the PDF's text layer (pdftotext), the
// DOCX's word/document.xml, else OCR of a copy with Tesseract's Vietnamese model. The stored
// file is never altered: OCR reads a rendered copy in a temporary folder.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipEntry } from '../../platform/zip.ts';
import { HttpError } from '../../platform/http/errors.ts';

export type FileKind = 'pdf' | 'docx' | 'png' | 'jpeg' | 'tiff';

const MEDIA: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
};
const NAMES: Record<FileKind, string> = { pdf: 'a PDF file', docx: 'a DOCX document', png: 'a PNG image', jpeg: 'a JPEG image', tiff: 'a TIFF image' };
const BY_EXTENSION: Record<string, FileKind> = { pdf: 'pdf', docx: 'docx', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', tif: 'tiff', tiff: 'tiff' };

/** What the bytes are, whatever the name says. */
export function sniff(data: Buffer): FileKind | 'zip' | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (data.length > 8 && data.readUInt32BE(0) === 0x89504e47) return 'png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  const head = data.subarray(0, 4).toString('latin1');
  if (head === 'II*\0' || head === 'MM\0*') return 'tiff';
  if (head === 'PK\x03\x04') return zipEntry(data, 'word/document.xml') ? 'docx' : 'zip';
  return null;
}

/**
 * Checks that a file is one of the kinds kept (PDF, DOCX, PNG, JPEG, TIFF) and is what its
 * name says; answers its media type. A clear 415 otherwise.
 */
export function checkUpload(filename: string, data: Buffer): { kind: FileKind; mediaType: string } {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const claimed = BY_EXTENSION[ext];
  if (!claimed) throw new HttpError(415, 'unsupported_file_type', `${filename}: only PDF, DOCX, PNG, JPEG and TIFF files are kept (name ending .pdf, .docx, .png, .jpg, .tif)`);
  if (!data.length) throw new HttpError(400, 'empty_file', `${filename} is empty`);
  const actual = sniff(data);
  if (actual !== claimed) {
    const what = actual === null ? 'not a file type we recognise' : actual === 'zip' ? 'a ZIP archive' : NAMES[actual];
    throw new HttpError(415, 'file_type_mismatch', `${filename} is not ${NAMES[claimed]}: its content is ${what}`);
  }
  return { kind: claimed, mediaType: MEDIA[claimed] };
}


function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let tesseractVie: Promise<boolean> | null = null;
/** Whether Tesseract with its Vietnamese model is installed (Debian tesseract-ocr-vie). */
export function ocrAvailable(): Promise<boolean> {
  tesseractVie ??= run('tesseract', ['--list-langs'], 10_000).then((r) => r.code === 0 && /^vie$/m.test(r.stdout + r.stderr));
  return tesseractVie;
}

export interface Extracted { text: string; source: 'text-layer' | 'ocr' | 'docx' | 'none' }

/** Text of a DOCX: the paragraphs of word/document.xml. */
function docxText(data: Buffer): string {
  const xml = zipEntry(data, 'word/document.xml');
  if (!xml) throw new HttpError(422, 'corrupt_docx', 'the DOCX file cannot be read (no readable word/document.xml)');
  return xml.toString('utf8')
    .replace(/<\/w:p>/g, '\n').replace(/<w:tab\/>/g, '\t').replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n').trim();
}

async function ocrImages(dir: string, images: string[], timeoutMs: number): Promise<string> {
  const parts: string[] = [];
  for (const img of images) {
    const r = await run('tesseract', [join(dir, img), '-', '-l', 'vie'], timeoutMs);
    if (r.code === 0) parts.push(r.stdout.trim());
  }
  return parts.join('\n\n').trim();
}

/**
 * Inspects a checked file and reads its text. PDFs: a corrupt or encrypted one is refused (422);
 * the text layer first, OCR of rendered pages (at most `ocrPages`) when it has none.
 */
export async function extractText(kind: FileKind, data: Buffer, opts: { ocr: boolean; ocrPages: number; timeoutMs: number }): Promise<Extracted> {
  if (kind === 'docx') return { text: docxText(data), source: 'docx' };
  const dir = await mkdtemp(join(tmpdir(), 'cityops-doc-'));
  try {
    const file = join(dir, `in.${kind}`);
    await writeFile(file, data);
    if (kind === 'pdf') {
      const info = await run('pdfinfo', [file], opts.timeoutMs);
      if (/^Encrypted:\s+yes/m.test(info.stdout) || /Incorrect password/i.test(info.stderr)) {
        throw new HttpError(422, 'encrypted_pdf', 'the PDF is encrypted (password-protected): send it without encryption');
      }
      if (info.code !== 0 || !/^Pages:\s+[1-9]/m.test(info.stdout)) {
        throw new HttpError(422, 'corrupt_pdf', `the PDF cannot be read (damaged or incomplete): ${info.stderr.split('\n')[0]?.slice(0, 200) ?? ''}`.trim());
      }
      const txt = await run('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], opts.timeoutMs);
      const text = txt.stdout.replace(/\f/g, '\n').trim();
      if (txt.code === 0 && text.replace(/\s/g, '').length >= 20) return { text, source: 'text-layer' };
      if (!opts.ocr || !(await ocrAvailable())) return { text, source: text ? 'text-layer' : 'none' };
      const r = await run('pdftoppm', ['-r', '200', '-gray', '-png', '-l', String(opts.ocrPages), file, join(dir, 'page')], opts.timeoutMs);
      if (r.code !== 0) return { text, source: text ? 'text-layer' : 'none' };
      const pages = (await readdir(dir)).filter((f) => f.startsWith('page') && f.endsWith('.png')).sort();
      const ocr = await ocrImages(dir, pages, opts.timeoutMs);
      return ocr ? { text: ocr, source: 'ocr' } : { text, source: text ? 'text-layer' : 'none' };
    }
    if (!opts.ocr || !(await ocrAvailable())) return { text: '', source: 'none' };
    const ocr = await ocrImages(dir, [`in.${kind}`], opts.timeoutMs);
    return { text: ocr, source: ocr ? 'ocr' : 'none' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
