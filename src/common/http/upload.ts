import { randomUUID } from 'crypto';
import type { FastifyRequest } from 'fastify';
import { createWriteStream, promises as fs } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { DomainError, PayloadTooLargeError, ValidationFailedError } from '../errors';

/** A file received from a multipart request, on disk until {@link remove} is called. */
export interface UploadedFile {
  path: string;
  remove(): Promise<void>;
}

/**
 * Streams the multipart file part named `field` to a temporary file, never holding it in memory.
 * Limits are @fastify/multipart's (set in configure-app.ts from UPLOAD_LIMIT_BYTES): a file cut
 * off at the limit is removed and answered 413 PAYLOAD_TOO_LARGE. Undefined when the request
 * carries no file part; a file under another field name, too many parts or a malformed
 * multipart body are a 400.
 */
export async function receiveFile(
  req: FastifyRequest,
  field: string,
): Promise<UploadedFile | undefined> {
  if (!req.isMultipart()) return undefined;
  try {
    return await saveFilePart(req, field);
  } catch (err) {
    throw asClientError(err, field);
  }
}

async function saveFilePart(req: FastifyRequest, field: string): Promise<UploadedFile | undefined> {
  const part = await req.file();
  if (!part) return undefined;
  if (part.fieldname !== field) {
    part.file.resume();
    throw new ValidationFailedError([
      { field, message: `the file must be sent in the multipart field "${field}"` },
    ]);
  }
  const target = path.join(tmpdir(), `silkbridge-upload-${randomUUID()}`);
  const remove = () => fs.rm(target, { force: true });
  try {
    await pipeline(part.file, createWriteStream(target, { mode: 0o600 }));
    if (part.file.truncated) throw new PayloadTooLargeError('The uploaded file is too large');
    return { path: target, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

/** Busboy's parse errors and the part-count limits are the client's: 400, as under multer. */
function asClientError(err: unknown, field: string): unknown {
  // Our own errors, and the disk's (no space, no permission), are not the client's.
  if (err instanceof DomainError || (err as { syscall?: string })?.syscall) return err;
  const code = (err as { code?: string })?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new PayloadTooLargeError('The uploaded file is too large');
  const message =
    code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT'
      ? 'the multipart body has too many parts: send one file'
      : 'the multipart body is malformed';
  return new ValidationFailedError([{ field, message }]);
}
