import { Logger } from '@nestjs/common';
import { DRAIN_TIMEOUT_MS, InFlightRequests } from './in-flight-requests';

describe('InFlightRequests', () => {
  afterEach(() => jest.useRealTimers());

  it('counts a handler until its promise settles, rejected ones included', async () => {
    const inFlight = new InFlightRequests();
    let finish!: () => void;
    const ok = inFlight.track(() => new Promise<void>((resolve) => (finish = resolve)));
    const failed = inFlight.track(() => Promise.reject(new Error('boom')));
    expect(inFlight.count).toBe(2);
    await expect(failed).rejects.toThrow('boom');
    expect(inFlight.count).toBe(1);
    finish();
    await ok;
    expect(inFlight.count).toBe(0);
  });

  it('counts a handler that throws before returning, and passes its error on', () => {
    const inFlight = new InFlightRequests();
    expect(() =>
      inFlight.track(() => {
        throw new Error('sync');
      }),
    ).toThrow('sync');
    expect(inFlight.count).toBe(0);
  });

  it('shutdown resolves when the last handler finishes', async () => {
    const inFlight = new InFlightRequests();
    let finish!: () => void;
    const handler = inFlight.track(() => new Promise<void>((resolve) => (finish = resolve)));
    let drained = false;
    const shutdown = inFlight.onApplicationShutdown().then(() => (drained = true));
    expect(inFlight.draining).toBe(true);
    await Promise.resolve();
    expect(drained).toBe(false);
    finish();
    await handler;
    await shutdown;
    expect(drained).toBe(true);
    expect(inFlight.draining).toBe(false);
  });

  it('shutdown stops waiting after the bound and says how many are left', async () => {
    jest.useFakeTimers();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const inFlight = new InFlightRequests();
    void inFlight.track(() => new Promise<void>(() => undefined));
    const shutdown = inFlight.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(DRAIN_TIMEOUT_MS - 1);
    expect(inFlight.draining).toBe(true);
    await jest.advanceTimersByTimeAsync(1);
    await shutdown;
    expect(inFlight.draining).toBe(false);
    expect(inFlight.count).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^1 request\(s\) still running/));
    warn.mockRestore();
  });

  it('wraps a route handler, keeping its `this` and its result', async () => {
    const inFlight = new InFlightRequests();
    const route = {
      method: 'GET',
      url: '/x',
      handler: function (this: { name: string }) {
        return Promise.resolve(`${this.name} answered`);
      },
    };
    inFlight.wrapRoute(route as never);
    const result = (route.handler as (...a: unknown[]) => Promise<string>).call(
      { name: 'fastify' },
      {},
      {},
    );
    expect(inFlight.count).toBe(1);
    await expect(result).resolves.toBe('fastify answered');
    expect(inFlight.count).toBe(0);
  });
});
