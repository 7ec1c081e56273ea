// The one file of a multipart upload (field `file`), for routes that take a single document or
// attachment: a clear 400 when the request is not multipart or holds no file, 413 with the limit
// when the file is too large or more than one is sent.
import type { FastifyRequest } from 'fastify';
import { badRequest, HttpError } from './errors.ts';

export async function readOneFile(req: FastifyRequest, maxBytes: number): Promise<{ filename: string; data: Buffer }> {
  if (!req.isMultipart()) throw badRequest('send the file as multipart/form-data (field "file")');
  let found: { filename: string; data: Buffer } | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (!found) found = { filename: part.filename || 'file', data };
      }
    }
  } catch (e) {
    const err = e as { code?: string };
    const maxMb = Math.round(maxBytes / 1024 / 1024);
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'file_too_large', `the file is larger than ${maxMb} MB`, { maxMb });
    if (err.code === 'FST_FILES_LIMIT') throw new HttpError(413, 'too_many_files', 'send one file at a time');
    throw e;
  }
  if (!found) throw badRequest('no file in the form (field "file")');
  return found;
}
