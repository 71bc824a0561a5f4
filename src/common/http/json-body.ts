import type { FastifyInstance, FastifyRequest } from 'fastify';

type Done = (err: Error | null, body?: unknown) => void;

/**
 * Fastify's own JSON parser (prototype-poisoning checks included), except that an empty body
 * with a JSON content type is no body, as under Express: `POST /…/approve` sent by a client
 * that always sets the header must not fail as malformed JSON.
 */
export function emptyTolerantJsonParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (req: FastifyRequest, body: Buffer, done: Done): void => {
    if (body.length === 0) return done(null, undefined);
    parse(req, body.toString('utf8'), done);
  };
}
