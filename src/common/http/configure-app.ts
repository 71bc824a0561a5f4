import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { Env } from '../../config/env.validation';
import { AllExceptionsFilter } from '../errors';
import { mountOpenApi } from '../openapi/openapi';
import { createValidationPipe } from '../validation/validation.pipe';
import { parseByteSize } from './byte-size';
import { emptyTolerantJsonParser } from './json-body';
import { openRequestContext, requestIdOf } from './logger';

/**
 * The HTTP server: Fastify, which measured about 1.5× Express on the same Nest route
 * (`npm run bench -- adapters`, docs/operations.md). Request ids are made where Fastify makes
 * them, so every log line and error of a request carries the same one.
 */
export function createHttpAdapter(env: Env): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    bodyLimit: parseByteSize(env.BODY_LIMIT),
    genReqId: requestIdOf,
    requestIdHeader: false,
    // Logging is nestjs-pino's (src/common/http/logger.ts), not Fastify's own.
    logger: false,
    // `/things/` and `/things` are the same route, as they were under Express.
    routerOptions: { ignoreTrailingSlash: true },
  });
}

/** Everything main.ts and the e2e tests both need, so tests run the app as shipped. */
export async function configureApp(
  app: NestFastifyApplication,
  env: Env,
): Promise<INestApplication> {
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header('X-Request-Id', req.id);
    done();
  });
  // Opened just before the handler: a context opened earlier would not survive body parsing.
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
  // CSV uploads (participants import) stream to a temporary file; see common/http/upload.ts.
  await app.register(multipart, {
    limits: { fileSize: env.UPLOAD_LIMIT_BYTES, files: 1, fields: 10, parts: 11 },
  });
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  mountOpenApi(app);
  return app;
}

/** TRUST_PROXY as Express spelled it: a hop count, true/false, or addresses and names. */
function trustProxySetting(value: string): boolean | number | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
