import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, RouteOptions } from 'fastify';

/** How long shutdown waits for route handlers still running before it closes the pools. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Counts route handlers (guards, pipes, handler and filter) from start to finish, so shutdown
 * can wait for them before the database pool and Redis close.
 *
 * Closing the HTTP server waits only for connections that are still open. A handler whose client
 * went away (a balancer's timeout, a closed tab) keeps running with nobody waiting for it, and
 * TypeORM's pool close hands its busy connection back to the pool: another handler's statements
 * were then queued onto it, inside the first one's transaction, and the write was cut off.
 * Seen in the bench as pg's "client is already executing a query" warning.
 *
 * Non-global and provided by the API's root module, so Nest runs this shutdown hook after the
 * HTTP server has closed and before the global database and Redis modules close theirs.
 */
@Injectable()
export class InFlightRequests implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private running = 0;
  private idle?: () => void;
  /** Set while shutdown waits for handlers (tests watch it). */
  draining = false;

  get count(): number {
    return this.running;
  }

  /** Fastify `onRoute` hook: wraps every route's handler in `track`. */
  readonly wrapRoute = (route: RouteOptions): void => {
    const handler = route.handler;
    const track = this.track.bind(this);
    route.handler = function (this: unknown, request, reply) {
      return track(() => handler.call(this as never, request, reply));
    };
  };

  track<T>(run: () => T): T {
    this.running++;
    let result: T;
    try {
      result = run();
    } catch (err) {
      this.leave();
      throw err;
    }
    if (result instanceof Promise) return result.finally(() => this.leave()) as T;
    this.leave();
    return result;
  }

  private leave(): void {
    this.running--;
    if (this.running === 0) this.idle?.();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.running === 0) return;
    this.draining = true;
    this.logger.log(`waiting for ${this.running} request(s) still running`);
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      new Promise<true>((resolve) => (this.idle = () => resolve(true))),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DRAIN_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    this.idle = undefined;
    this.draining = false;
    if (!drained)
      this.logger.warn(`${this.running} request(s) still running after ${DRAIN_TIMEOUT_MS} ms`);
  }
}

/**
 * Answers sent once the server has begun to close say `Connection: close`. Fastify says so only
 * to requests that arrive after that; a request already in hand left its kept-alive connection
 * idle but open, and the closing server waited on it for Fastify's keep-alive timeout (72 s),
 * past any stop grace period.
 */
export function endKeepAliveWhileClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) void reply.header('Connection', 'close');
    done(null, payload);
  });
}
