import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalidField } from './errors.js';

export interface Upload {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * The one file of a multipart/form-data request (field "file"), read into memory. Not multipart,
 * no file, or larger than the plugin's limit: a 4xx naming the field `file`.
 */
export async function readUpload(req: FastifyRequest, what: string, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart()) throw invalidField('file', `send the ${what} as multipart/form-data`);
  const part = await req.file();
  if (!part) throw invalidField('file', 'no file in the request');
  try {
    return { filename: part.filename, contentType: part.mimetype, data: await part.toBuffer() };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError(413, 'payload_too_large', `Files may be at most ${maxBytes / 1024 / 1024} MB`, [
        { path: 'file', message: 'too large' },
      ]);
    throw err;
  }
}

/** Answers with a stored file: never sniffed; `inline` shows it (images), else it downloads. */
export function sendFile(
  reply: FastifyReply,
  file: { filename: string; contentType: string; data: Uint8Array },
  opts: { inline?: boolean; maxAgeSeconds?: number } = {},
) {
  reply
    .header('content-type', file.contentType)
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      `${opts.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    );
  if (opts.maxAgeSeconds) reply.header('cache-control', `private, max-age=${opts.maxAgeSeconds}`);
  return reply.send(Buffer.from(file.data));
}
