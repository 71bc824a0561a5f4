import type { IncomingMessage } from 'http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** How much of a refused body is still read (and thrown away) so its sender sees the answer. */
export const OVERSIZED_BODY_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * `onSend` hook: before a 413 goes out, reads and discards the rest of the request body (up to
 * {@link OVERSIZED_BODY_DRAIN_BYTES}). Fastify answers an oversized body without reading it and
 * closes the connection; closing a socket with unread data resets it, and a client still
 * uploading (Node's fetch among them) then fails with EPIPE instead of receiving the 413.
 */
export async function drainOversizedBody(
  req: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (reply.statusCode === 413) await drain(req.raw, OVERSIZED_BODY_DRAIN_BYTES);
  return payload;
}

/** Resolves once the body has ended, the request is gone, or `limit` more bytes were read. */
export function drain(raw: IncomingMessage, limit: number): Promise<void> {
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    const finish = () => {
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('close', finish);
      raw.off('error', finish);
      resolve();
    };
    const onData = (chunk: Buffer | string) => {
      read += chunk.length;
      if (read > limit) finish();
    };
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('close', finish);
    raw.once('error', finish);
    raw.resume();
  });
}
