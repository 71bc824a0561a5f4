import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthGuard } from '../auth/auth.guard';
import { AllExceptionsFilter, ForbiddenError, UnauthenticatedError } from '../common/errors';
import { QueueProducer } from '../common/queue/queue-producer.service';
import { QUEUES } from '../common/queue/queue.constants';
import { Env } from '../config/env.validation';

/** Where the BullMQ dashboard lives (outside Nest's router, so the global prefix is spelled out). */
export const QUEUE_DASHBOARD_PATH = '/api/v1/admin/queues';
/** HttpOnly cookie carrying the access token for the dashboard's own page and XHR requests. */
export const QUEUE_DASHBOARD_COOKIE = 'sb_queues_token';

/** Reads one cookie from the raw header (no cookie-parser dependency). */
function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        throw new UnauthenticatedError('Malformed dashboard cookie');
      }
  }
  return undefined;
}

/**
 * Mounts @bull-board at {@link QUEUE_DASHBOARD_PATH} in the API process, for admins only.
 * Authentication is the API's own ({@link AuthGuard.authenticate}); a browser cannot add a bearer
 * header, so the page also accepts the access token once as `?token=`: it is then moved into an
 * HttpOnly, SameSite=Strict cookie scoped to the dashboard path and the browser is redirected to
 * the same URL without it. Errors use the contract's shape (401 UNAUTHENTICATED, 403 FORBIDDEN).
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger(QueueDashboard.name);
  private readonly errors = new AllExceptionsFilter();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly producer: QueueProducer,
    private readonly env: Env,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost?.httpAdapter;
    if (!http) return; // the worker has no HTTP server
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: Object.values(QUEUES).map((name) => new BullMQAdapter(this.producer.queue(name))),
      // @bull-board/fastify pins its own copy of @bull-board/api: same shape, separate type identity.
      serverAdapter: serverAdapter as unknown as Parameters<
        typeof createBullBoard
      >[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: 'Silkbridge queues' } },
    });
    // Errors on the dashboard's own routes (a body it cannot parse, say) in the contract's shape.
    serverAdapter.setErrorHandler((err) => {
      const body = this.errors.toBody(err);
      return { status: body.statusCode as 500, body };
    });
    const fastify = http.getInstance<FastifyInstance>();
    // Its own encapsulated context, so the admin check guards the dashboard's routes only.
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', this.adminOnly());
      await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    });
    this.logger.log(`queue dashboard mounted at ${QUEUE_DASHBOARD_PATH}`);
  }

  private adminOnly() {
    const auth = this.moduleRef.get(AuthGuard, { strict: false });
    // Answering ends the request here; returning nothing lets it through to the dashboard.
    return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      const header = req.headers.authorization;
      const query = req.query as Record<string, unknown> | undefined;
      const fromQuery = typeof query?.token === 'string' ? query.token : undefined;
      let token: string | undefined;
      try {
        token = header ? undefined : (readCookie(req, QUEUE_DASHBOARD_COOKIE) ?? fromQuery);
        const authorization = header ?? (token ? `Bearer ${token}` : undefined);
        if (!authorization) throw new UnauthenticatedError();
        const actor = await auth.authenticate({ headers: { authorization } });
        if (actor.role !== 'admin') throw new ForbiddenError('The queue dashboard is for admins');
      } catch (err) {
        const body = this.errors.toBody(err);
        return reply.status(body.statusCode).send(body);
      }
      if (!header && fromQuery && token === fromQuery) {
        reply.header(
          'Set-Cookie',
          dashboardCookie(fromQuery, this.env.ACCESS_TOKEN_TTL_SECONDS, req.protocol === 'https'),
        );
        const url = new URL(req.url, 'http://local');
        url.searchParams.delete('token');
        return reply.redirect(url.pathname + url.search, 302);
      }
      return undefined;
    };
  }
}

/** The HttpOnly, SameSite=Strict cookie that carries the token for the dashboard path only. */
function dashboardCookie(token: string, ttlSeconds: number, secure: boolean): string {
  const expires = new Date(Date.now() + ttlSeconds * 1000).toUTCString();
  return [
    `${QUEUE_DASHBOARD_COOKIE}=${encodeURIComponent(token)}`,
    `Max-Age=${ttlSeconds}`,
    `Path=${QUEUE_DASHBOARD_PATH}`,
    `Expires=${expires}`,
    'HttpOnly',
    ...(secure ? ['Secure'] : []),
    'SameSite=Strict',
  ].join('; ');
}
