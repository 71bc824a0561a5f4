import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.module';
import { ServiceUnavailableError } from '../errors';
import {
  DEFAULT_JOB_OPTIONS,
  JOB_OPTIONS,
  JOB_QUEUES,
  JobName,
  JobPayloads,
  QueueName,
  QUEUES,
} from './queue.constants';

const ADD_TIMEOUT_MS = 3000;

/** The one way to enqueue: applies per-job options and turns a Redis outage into 503. */
@Injectable()
export class QueueProducer implements OnModuleInit {
  private readonly logger = new Logger(QueueProducer.name);
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly moduleRef: ModuleRef,
    /** The shared fail-fast client: when it is not connected, neither is the queue's. */
    @Optional() @Inject(REDIS) private readonly redis?: Redis,
  ) {}

  /** Connection errors are expected while Redis is down; report them once a minute, not per retry. */
  onModuleInit(): void {
    let lastWarned = 0;
    for (const name of Object.values(QUEUES)) {
      this.queue(name).on('error', (err: Error) => {
        if (Date.now() - lastWarned < 60_000) return;
        lastWarned = Date.now();
        this.logger.warn(`queue connection: ${err.message}`);
      });
    }
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * 503 at once while Redis is not connected. BullMQ waits for a connection that is down instead
   * of failing: an add would sit in memory and run later, after the client was told 503.
   */
  assertConnected(what: string): void {
    if (this.redis && this.redis.status !== 'ready') {
      this.logger.warn(`${what} refused: Redis is ${this.redis.status}`);
      throw new ServiceUnavailableError('queue');
    }
  }

  /** Enqueues job `name` on its registered queue with its registered options (`opts` override them). */
  async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: JobsOptions = {}) {
    const queue = JOB_QUEUES[name];
    const options = { ...DEFAULT_JOB_OPTIONS, ...JOB_OPTIONS[name], ...opts };
    this.assertConnected(`enqueue ${queue}/${name}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.queue(queue).add(name, payload, options),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('enqueue timed out')), ADD_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      this.logger.warn(`enqueue ${queue}/${name} failed: ${(err as Error).message}`);
      throw new ServiceUnavailableError('queue');
    } finally {
      clearTimeout(timer);
    }
  }
}
