import { INestApplication, RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { Env } from '../../config/env.validation';
import { AllExceptionsFilter } from '../errors';
import { mountOpenApi } from '../openapi/openapi';
import { createValidationPipe } from '../validation/validation.pipe';
import { requestContextMiddleware, requestIdMiddleware } from './logger';

/** Everything main.ts and the e2e tests both need, so tests run the app as shipped. */
export function configureApp(app: NestExpressApplication, env: Env): INestApplication {
  app.useLogger(app.get(Logger));
  app.set(
    'trust proxy',
    /^\d+$/.test(env.TRUST_PROXY)
      ? Number(env.TRUST_PROXY)
      : env.TRUST_PROXY === 'true'
        ? true
        : env.TRUST_PROXY,
  );
  app.disable('x-powered-by');
  // The request id first, so even body-parser errors carry one.
  app.use(requestIdMiddleware);
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(json({ limit: env.BODY_LIMIT }));
  app.use(urlencoded({ extended: false, limit: env.BODY_LIMIT }));
  // Body-parser errors (malformed JSON, too large) happen before Nest's filters can see them.
  const filter = new AllExceptionsFilter();
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const body = filter.toBody(err);
    res.status(body.statusCode).json(body);
  });
  app.use(requestContextMiddleware);
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(filter);
  app.enableShutdownHooks();
  mountOpenApi(app);
  return app;
}
