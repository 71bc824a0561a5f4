import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { localizedErrorMessage, requestLocale, type Locale } from '../i18n';
import { requestContext } from '../http/request-context';
import { DomainError, RateLimitedError } from './domain.error';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Errors from Postgres or Redis that mean "a dependency is down", not "a bug". */
function isUnavailable(err: unknown): boolean {
  // When Postgres drops a connection between two queries of a transaction (restart, failover,
  // a terminated backend), TypeORM releases that transaction's query runner on the connection's
  // `error` event; the transaction's next query then throws one of these. Nothing was committed.
  if (
    err instanceof QueryRunnerAlreadyReleasedError ||
    err instanceof QueryRunnerProviderAlreadyReleasedError
  )
    return true;
  const e = err as { code?: string; message?: string; name?: string };
  const msg = e?.message ?? '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      '57P01',
      '57P03',
      '08006',
      '08001',
    ].includes(e?.code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect|Connection is closed|Stream isn't writeable|enableOfflineQueue|MaxRetriesPerRequest/i.test(
      msg,
    )
  );
}

/** Maps every error to the contract's body. Stack traces and SQL never leave the process. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    // The message in the caller's language: Accept-Language, else their own locale, else English.
    const locale = requestLocale(req?.headers, requestContext.getStore()?.actor);
    const body = this.toBody(exception, locale);
    const path = req?.routeOptions?.url ?? req?.url;
    if (body.statusCode === 503) {
      // A dependency outage: one short line per request, not an error with a stack each time.
      this.logger.warn(
        { code: body.code, path, reason: (exception as Error)?.message },
        'dependency unavailable',
      );
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: safeError(exception), path }, 'request failed');
    }
    if (reply.sent || reply.raw.headersSent) {
      // A streamed download failed midway: cut it, so the client sees an incomplete file.
      if (!reply.raw.writableEnded) reply.raw.destroy();
      return;
    }
    if (body.statusCode === 429) {
      const retry = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      reply.header('Retry-After', String(retry ?? 60));
      const window = exception instanceof RateLimitedError ? exception.window : undefined;
      if (window) {
        reply.header('RateLimit-Limit', String(window.limit));
        reply.header('RateLimit-Remaining', String(window.remaining));
        reply.header('RateLimit-Reset', String(window.reset));
      }
    }
    // Headers a failed download set (its content type, disposition) must not describe the error.
    reply.removeHeader('Content-Disposition');
    reply.type('application/json; charset=utf-8').status(body.statusCode).send(body);
  }

  /** The contract's error body, its `message` in `locale` (`code` never changes). */
  toBody(exception: unknown, locale: Locale = 'en'): ErrorBody {
    const body = this.englishBody(exception);
    if (locale === 'en') return body;
    const messageParams = exception instanceof DomainError ? exception.messageParams : undefined;
    return { ...body, message: localizedErrorMessage({ ...body, messageParams }, locale) };
  }

  private englishBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const body: ErrorBody = {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
      };
      if (exception.details !== undefined) body.details = exception.details;
      return body;
    }
    // Errors Fastify raises before a handler runs (body parsing, media type, a malformed URL), and
    // a request body the client stopped sending (400 "aborted"): the client's, never an outage.
    const fastifyError = exception as { code?: unknown; statusCode?: unknown; message?: string };
    if (
      !(exception instanceof HttpException) &&
      typeof fastifyError?.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      const status = fastifyError.statusCode;
      if (fastifyError.code === 'FST_ERR_BAD_URL')
        return { statusCode: 400, code: 'BAD_REQUEST', message: 'The request URL is malformed' };
      if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
        return {
          statusCode: 400,
          code: 'MALFORMED_JSON',
          message: 'The request body is not valid JSON',
        };
      if (status === 413)
        return {
          statusCode: 413,
          code: 'PAYLOAD_TOO_LARGE',
          message: 'The request body is too large',
        };
      return {
        statusCode: status,
        code: HTTP_CODES[status] ?? 'BAD_REQUEST',
        message: fastifyError.message ?? 'Bad request',
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as string | { message?: unknown; code?: string };
      // Nest turns a SyntaxError thrown outside a handler into a 400 carrying its message.
      if (
        status === 400 &&
        /JSON/i.test(String((response as { message?: unknown })?.message ?? response))
      ) {
        return {
          statusCode: 400,
          code: 'MALFORMED_JSON',
          message: 'The request body is not valid JSON',
        };
      }
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray(response?.message)
            ? response.message.join('; ')
            : String(response?.message ?? exception.message);
      const code =
        (typeof response === 'object' && response?.code) ||
        HTTP_CODES[status] ||
        (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
      return {
        statusCode: status,
        code,
        message: status >= 500 ? 'Internal server error' : message,
      };
    }
    if (exception instanceof QueryFailedError) {
      const pg = exception.driverError as { code?: string };
      // Constraint violations that slipped past a service's own checks are client errors.
      if (pg?.code === '23505')
        return {
          statusCode: 409,
          code: 'CONFLICT',
          message: 'A record with these values already exists',
        };
      if (pg?.code === '23503')
        return {
          statusCode: 422,
          code: 'REFERENCE_NOT_FOUND',
          message: 'A referenced record does not exist',
        };
      if (pg?.code === '23514')
        return {
          statusCode: 422,
          code: 'CONSTRAINT_VIOLATED',
          message: 'The values break a rule of the record',
        };
      if (['22P02', '22007', '22008', '22001', '22003'].includes(pg?.code ?? '')) {
        return {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'A value has the wrong format or is out of range',
        };
      }
      if (pg?.code === '23502')
        return {
          statusCode: 422,
          code: 'CONSTRAINT_VIOLATED',
          message: 'A required value is missing',
        };
      if (pg?.code === '40001' || pg?.code === '40P01') {
        return {
          statusCode: 409,
          code: 'CONCURRENT_UPDATE',
          message: 'The record was changed by a concurrent request; try again',
        };
      }
      if (pg?.code === '57014' || pg?.code === '55P03') {
        return {
          statusCode: 503,
          code: 'SERVICE_UNAVAILABLE',
          message: 'The database is busy; try again shortly',
        };
      }
    }
    if (isUnavailable(exception)) {
      return {
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'A dependency is unavailable; try again shortly',
      };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' };
  }
}

/** What may be logged of an error: never query parameters (personal data, hashes). */
function safeError(err: unknown): Record<string, unknown> {
  if (err instanceof QueryFailedError) {
    const pg = err.driverError as {
      code?: string;
      constraint?: string;
      table?: string;
      message?: string;
    };
    return {
      type: 'QueryFailedError',
      code: pg?.code,
      constraint: pg?.constraint,
      table: pg?.table,
      message: pg?.message,
    };
  }
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}
