import { randomUUID } from 'crypto';
import type { IncomingMessage } from 'http';
import type { Params } from 'nestjs-pino';
import { Env } from '../../config/env.validation';
import { requestContext } from './request-context';

/** Levels at which pino-http writes its one line per request. */
const REQUEST_LOG_LEVELS = new Set(['info', 'debug', 'trace']);

/**
 * JSON logs with a request id on every line; the id is echoed in `X-Request-Id`.
 *
 * With request logs on (`LOG_LEVEL` info or finer) pino-http runs on every route and binds the
 * request to each line. Above info it would still build and serialise a child logger per request
 * for lines it never writes (about a sixth of a list request's CPU), so it is not mounted then,
 * and the few lines that are written get the request id from the request context instead.
 */
export function loggerParams(env: Env): Params {
  const requestLogs = REQUEST_LOG_LEVELS.has(env.LOG_LEVEL);
  return {
    pinoHttp: {
      level: env.LOG_LEVEL,
      ...(requestLogs ? {} : { mixin: () => requestIdBinding() }),
      genReqId: (req: IncomingMessage & { id?: unknown }) => String(req.id ?? randomUUID()),
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.query.token'],
      serializers: {
        // Calendar feed and dashboard tokens travel in the query string; keep them out of logs.
        req: (req: { url?: string }) => {
          if (req.url) req.url = req.url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
          return req;
        },
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      customProps: () => ({ service: 'silkbridge-api' }),
    },
    // Also runs the request inside nestjs-pino's AsyncLocalStorage (its request-bound logger).
    forRoutes: requestLogs ? ['*path'] : [],
  };
}

/** `{reqId}` of the request being served, for log lines written outside pino-http. */
export function requestIdBinding(): { reqId?: string } {
  const id = requestContext.getStore()?.requestId;
  return id ? { reqId: id } : {};
}

/**
 * Fastify's `genReqId`: the caller's X-Request-Id if sane, else a new one. Also set on the raw
 * request, where pino-http (a middleware, so it sees the raw request) looks for it.
 */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string {
  const incoming = req.headers['x-request-id'];
  const id =
    typeof incoming === 'string' && /^[\w-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  req.id = id;
  return id;
}

/**
 * `preHandler` hook that opens the request context (request id, later the actor). Fastify calls
 * the route handler synchronously from the last hook's `done`, so the handler, its guards and
 * everything they await run inside it. Errors raised earlier (body parsing) are outside it.
 */
export function openRequestContext(req: { id: string }, _reply: unknown, done: () => void): void {
  requestContext.run({ requestId: req.id }, done);
}
