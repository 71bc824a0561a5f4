import { installConstraintContainer } from '../validation/constraint-container';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { INestApplication, RequestMethod } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Socket } from 'net';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { Env } from '../../config/env.validation';
import { AllExceptionsFilter } from '../errors';
import { requestLocale } from '../i18n';
import { mountOpenApi } from '../openapi/openapi';
import { InputTextPipe } from '../validation/input-text.pipe';
import { createValidationPipe } from '../validation/validation.pipe';
import { parseByteSize } from './byte-size';
import { endKeepAliveWhileClosing, InFlightRequests } from './in-flight-requests';
import { emptyTolerantJsonParser } from './json-body';
import { openRequestContext, requestIdOf } from './logger';
import { drainOversizedBody } from './oversized-body';
import { serveWebApp } from './serve-web';

/**
 * The HTTP server: Fastify, which measured about 1.5× Express on the same Nest route
 * (`npm run bench -- adapters`, docs/operations.md). Request ids are made where Fastify makes
 * them, so every log line and error of a request carries the same one.
 */
export function createHttpAdapter(env: Env): FastifyAdapter {
  const filter = new AllExceptionsFilter();
  return new FastifyAdapter({
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    bodyLimit: parseByteSize(env.BODY_LIMIT),
    genReqId: requestIdOf,
    requestIdHeader: false,
    // Logging is nestjs-pino's (src/common/http/logger.ts), not Fastify's own.
    logger: false,
    // As under Express: `/things/` is `/things`, paths match in any case, and a long path
    // parameter reaches validation (400 VALIDATION_FAILED) rather than a 414.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 2048 },
    // Node's own limit on receiving a whole request (Fastify would wait forever).
    requestTimeout: 300_000,
    // While closing, requests still in flight on kept-alive connections are served (or fail in
    // the contract's shape), rather than Fastify's own 503 body without a `code`.
    return503OnClosing: false,
    // Errors Fastify meets before routing (a malformed %-escape) in the contract's shape.
    frameworkErrors: (
      err: Error,
      req: { headers?: Record<string, string | string[] | undefined> },
      reply: FastifyReply,
    ) => {
      const body = filter.toBody(err, requestLocale(req?.headers));
      void reply.status(body.statusCode).send(body);
    },
    clientErrorHandler: writeClientError,
  });
}

/** A request Node's HTTP parser refused (never reaches Fastify): answered in the contract's shape. */
function writeClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
        : [400, 'BAD_REQUEST', 'Malformed HTTP request'];
  const body = JSON.stringify({ statusCode: status, code, message });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${code.replace(/_/g, ' ')}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  socket.destroy(err);
}

/** Everything main.ts and the e2e tests both need, so tests run the app as shipped. */
export async function configureApp(
  app: NestFastifyApplication,
  env: Env,
): Promise<INestApplication> {
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Before any route exists, so every handler is counted and shutdown waits for it.
  fastify.addHook('onRoute', app.get(InFlightRequests).wrapRoute);
  endKeepAliveWhileClosing(fastify);
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header('X-Request-Id', req.id);
    done();
  });
  // Fastify runs the handler synchronously from the last preHandler's `done`: guards, pipes,
  // the handler and the exception filter all see this context.
  fastify.addHook('preHandler', openRequestContext);
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  // JSON only: a text/plain body is 415, as any other type the API does not take.
  fastify.removeContentTypeParser('text/plain');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: parseByteSize(env.BODY_LIMIT) },
    emptyTolerantJsonParser(fastify),
  );
  // A refused body is read to its end (up to a bound) so the client sees the 413, not a reset.
  fastify.addHook('onSend', drainOversizedBody);
  // CSV uploads (participants import) stream to a temporary file; see common/http/upload.ts.
  await app.register(multipart, {
    limits: { fileSize: env.UPLOAD_LIMIT_BYTES, files: 1, fields: 10, parts: 11 },
  });
  setApiPrefix(app);
  // The NUL and length checks run first so they see the raw input, before any transform.
  app.useGlobalPipes(new InputTextPipe(), createValidationPipe());
  // Custom constraints that need a provider (the Clock) are the Nest-built instances.
  installConstraintContainer();
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  mountOpenApi(app);
  await serveWebApp(app);
  return app;
}

/** `/api/v1` before every route but the health probes (also used to build the OpenAPI document alone). */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
}

/** TRUST_PROXY as Express spelled it: a hop count, true/false, or addresses and names. */
function trustProxySetting(value: string): boolean | number | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
