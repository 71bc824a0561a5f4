import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { ServiceUnavailableError } from '../common/errors';
import { QueueProducer } from '../common/queue/queue-producer.service';
import { QUEUES } from '../common/queue/queue.constants';
import { bullConnection, REDIS } from '../common/redis/redis.module';
import { Env } from '../config/env.validation';

/**
 * Sends a canary job through the system queue and waits until a worker finished it: proof that
 * workers take jobs, which a Redis PING alone cannot give. One QueueEvents listener serves every
 * ping; it is opened before the first job is added.
 */
@Injectable()
export class CanaryService implements OnApplicationShutdown {
  private events?: QueueEvents;
  private ready?: Promise<QueueEvents>;

  constructor(
    private readonly producer: QueueProducer,
    private readonly env: Env,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * The listener reads the event stream from its last entry as of now, not from `$`. `$` means
   * the last entry when the listener's first read reaches Redis, a round trip after it reports
   * ready. A ping finished in between was never seen (BullMQ checks the job's state only once,
   * before that read), and the first ping after start-up answered 503 although a worker had
   * finished it in 17 ms.
   */
  private listener(): Promise<QueueEvents> {
    this.ready ??= (async () => {
      const queue = this.producer.queue(QUEUES.system);
      const [last] = await this.redis.xrevrange(queue.backend.keys.events, '+', '-', 'COUNT', 1);
      this.events = new QueueEvents(QUEUES.system, {
        connection: bullConnection(this.env.REDIS_URL, 'blocking'),
        prefix: this.env.QUEUE_PREFIX,
        lastEventId: last?.[0] ?? '0-0',
      });
      this.events.on('error', () => undefined);
      await this.events.waitUntilReady();
      return this.events;
    })().catch(async (err: unknown) => {
      // The next ping starts afresh; a half-made listener must not go on reconnecting.
      this.ready = undefined;
      await this.close();
      throw err;
    });
    return this.ready;
  }

  /** Milliseconds the round trip took; 503 when no worker finished the job in time. */
  async ping(timeoutMs: number): Promise<number> {
    const started = Date.now();
    this.producer.assertConnected('canary');
    let timer: NodeJS.Timeout | undefined;
    let events: QueueEvents;
    try {
      events = await Promise.race([
        this.listener(),
        new Promise<never>(
          (_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)),
        ),
      ]).finally(() => clearTimeout(timer));
    } catch {
      throw new ServiceUnavailableError('worker');
    }
    const job = await this.producer.add('system.ping', {
      sentAt: new Date().toISOString(),
    });
    try {
      await job.waitUntilFinished(events, Math.max(1, timeoutMs - (Date.now() - started)));
      return Date.now() - started;
    } catch {
      throw new ServiceUnavailableError('worker');
    }
  }

  /**
   * Not at module destroy, which comes before the HTTP server closes: a ping in hand keeps its
   * listener until the API's drain is over (SystemModule is not global, so it shuts down after
   * the root module). Closes even a listener that never connected, without waiting for it.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async close(): Promise<void> {
    const events = this.events;
    this.events = undefined;
    await events?.close().catch(() => undefined);
  }
}
