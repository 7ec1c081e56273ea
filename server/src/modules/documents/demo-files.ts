// The demo register's files (a CLI step, not part of start-up: `npm run cli --
// demo-document-files [--count 300]`): a PDF with Vietnamese text for each of the latest demo
// documents, one in five "scanned" instead — the page rendered to a grey, slightly rotated,
// noisy PNG that only OCR can read. Each goes through the same path as an upload.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Actor } from '../../platform/actor.ts';
import { mulberry32 } from '../../platform/random.ts';
import { DOCUMENT_TYPES } from '../../../../shared/contracts/documents.ts';
import type { DocumentsService } from './documents.service.ts';
import { TOPICS } from './demo-text.ts';
import { vietnamesePdf } from './pdf.ts';

const run = promisify(execFile);

/** A scanned-looking PNG of the PDF's first page. */
async function scanned(pdf: Buffer, rand: () => number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'cityops-scan-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', ['-r', '150', '-gray', '-png', '-singlefile', join(dir, 'in.pdf'), join(dir, 'page')], { timeout: 60_000 });
    const page = await readFile(join(dir, 'page.png'));
    return sharp(page).rotate((rand() - 0.5) * 2.4, { background: '#f4f1ea' }).modulate({ brightness: 0.96 }).blur(0.6).png().toBuffer();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function generateDemoFiles(documents: DocumentsService, actor: Actor, count: number, log: (m: string) => void): Promise<number> {
  const rand = mulberry32(20261218);
  const docs = await documents.demoWithoutFiles(count);
  let n = 0;
  for (const d of docs) {
    const type = DOCUMENT_TYPES.find((t) => t[0] === d.doc_type)?.[1] ?? '';
    const topic = TOPICS.find((t) => d.subject.includes(t[0])) ?? TOPICS[0]!;
    const body = `Số: ${d.number}/${d.notation}\n${d.issuer}\n\n${d.subject}\n\n${topic[1]}\n\nĐề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện và báo cáo kết quả đúng thời hạn.\n\n${d.signer_position ?? 'TM. ỦY BAN NHÂN DÂN'}\n${d.signer_name ?? ''}`;
    const pdf = await vietnamesePdf(type.toUpperCase(), body);
    const scan = rand() < 0.2;
    const file = scan ? { filename: `van-ban-${d.id}-ban-quet.png`, data: await scanned(pdf, rand) } : { filename: `van-ban-${d.id}.pdf`, data: pdf };
    await documents.addFile(actor, Number(d.id), file);
    n++;
    if (n % 25 === 0) log(`${n}/${docs.length} files`);
  }
  return n;
}
