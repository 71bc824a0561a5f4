import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { ServiceUnavailableError } from '../common/errors';
import { QueueProducer } from '../common/queue/queue-producer.service';
import { QUEUES } from '../common/queue/queue.constants';
import { bullConnection } from '../common/redis/redis.module';
import { Env } from '../config/env.validation';

/**
 * Sends a canary job through the system queue and waits until a worker finished it: proof that
 * workers take jobs, which a Redis PING alone cannot give. One QueueEvents listener is opened
 * (and awaited ready) before the first job, so no completion can slip past it.
 */
@Injectable()
export class CanaryService implements OnModuleDestroy {
  private events?: Promise<QueueEvents>;

  constructor(
    private readonly producer: QueueProducer,
    private readonly env: Env,
  ) {}

  private listener(): Promise<QueueEvents> {
    this.events ??= (async () => {
      const events = new QueueEvents(QUEUES.system, {
        connection: bullConnection(this.env.REDIS_URL, 'blocking'),
        prefix: this.env.QUEUE_PREFIX,
      });
      events.on('error', () => undefined);
      await events.waitUntilReady();
      return events;
    })();
    return this.events;
  }

  /** Milliseconds the round trip took; 503 when no worker finished the job in time. */
  async ping(timeoutMs: number): Promise<number> {
    const started = Date.now();
    const job = await this.producer.add('system.ping', {
      sentAt: new Date().toISOString(),
    });
    try {
      let timer: NodeJS.Timeout | undefined;
      const events = await Promise.race([
        this.listener(),
        new Promise<never>(
          (_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)),
        ),
      ]).finally(() => clearTimeout(timer));
      await job.waitUntilFinished(events, timeoutMs);
      return Date.now() - started;
    } catch {
      throw new ServiceUnavailableError('worker');
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.events) await (await this.events.catch(() => undefined))?.close();
  }
}
