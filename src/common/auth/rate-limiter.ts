import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'crypto';
import type { Redis } from 'ioredis';
import { Env } from '../../config/env.validation';
import { RateLimitedError } from '../errors';
import { REDIS } from '../redis/redis.module';

/** INCR, and start the window on the first hit, atomically. */
const CONSUME = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {c, redis.call('TTL', KEYS[1])}`;

/**
 * Fixed-window counters in Redis, shared by every API instance. A hit is reserved atomically
 * before the (slow) work it guards, so a burst of parallel requests cannot all slip in while
 * the counter still reads low. When Redis is down the limiter lets requests through (logged):
 * locking everyone out would be worse.
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

  /** Counts one hit against `subject`; throws 429 when that makes more than `limit` in the window. */
  async consume(
    bucket: string,
    subject: string,
    limit: number,
    windowSeconds: number,
  ): Promise<void> {
    let count: number;
    let ttl: number;
    try {
      [count, ttl] = (await this.redis.eval(
        CONSUME,
        1,
        this.key(bucket, subject),
        windowSeconds,
      )) as [number, number];
    } catch (err) {
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
      return;
    }
    if (count > limit) throw new RateLimitedError(ttl > 0 ? ttl : windowSeconds);
  }

  /** Gives back a hit, e.g. after a successful login (only failures should count). */
  async refund(bucket: string, subject: string): Promise<void> {
    try {
      await this.redis.decr(this.key(bucket, subject));
    } catch (err) {
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
    }
  }
}
