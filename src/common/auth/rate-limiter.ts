import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'crypto';
import type { Redis } from 'ioredis';
import { Env } from '../../config/env.validation';
import { RateLimitedError } from '../errors';
import { REDIS } from '../redis/redis.module';

/**
 * Fixed-window counters in Redis, shared by every API instance. When Redis is down the
 * limiter lets requests through (logged): locking everyone out would be worse.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: Env,
  ) {}

  private key(bucket: string, subject: string): string {
    const digest = createHash('sha256').update(subject.toLowerCase()).digest('hex').slice(0, 32);
    return `${this.env.QUEUE_PREFIX}:rl:${bucket}:${digest}`;
  }

  /** Throws 429 when `subject` already used `limit` hits in the current window. */
  async assertBelow(bucket: string, subject: string, limit: number): Promise<void> {
    try {
      const count = Number((await this.redis.get(this.key(bucket, subject))) ?? 0);
      if (count >= limit) {
        const ttl = await this.redis.ttl(this.key(bucket, subject));
        throw new RateLimitedError(ttl > 0 ? ttl : undefined);
      }
    } catch (err) {
      if (err instanceof RateLimitedError) throw err;
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
    }
  }

  /** Counts one hit against `subject`. */
  async hit(bucket: string, subject: string, windowSeconds: number): Promise<void> {
    try {
      const key = this.key(bucket, subject);
      const results = await this.redis.multi().incr(key).expire(key, windowSeconds, 'NX').exec();
      void results;
    } catch (err) {
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
    }
  }
}
