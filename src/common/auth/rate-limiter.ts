import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Env } from '../../config/env.validation';
import { RateLimitedError } from '../errors';
import { REDIS } from '../redis/redis.module';

/**
 * Fixed-window counters in Redis (rate-limiter-flexible's RateLimiterRedis), shared by every API
 * instance. A hit is reserved atomically before the (slow) work it guards, so a burst of
 * parallel requests cannot all slip in while the counter still reads low; a success can give its
 * hit back ({@link refund}), which is the library's login brute-force recipe (count failures by
 * account and by address). When Redis is down the limiter lets requests through (logged):
 * locking everyone out would be worse.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  /** One limiter per bucket, made again only if a caller changes the bucket's limit. */
  private readonly limiters = new Map<
    string,
    { limit: number; windowSeconds: number; limiter: RateLimiterRedis }
  >();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: Env,
  ) {}

  private limiter(bucket: string, limit: number, windowSeconds: number): RateLimiterRedis {
    const known = this.limiters.get(bucket);
    if (known && known.limit === limit && known.windowSeconds === windowSeconds)
      return known.limiter;
    const limiter = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${this.env.QUEUE_PREFIX}:rl:${bucket}`,
      points: limit,
      duration: windowSeconds,
      // The shared client has no offline queue: an outage rejects at once (and fails open).
      rejectIfRedisNotReady: true,
    });
    this.limiters.set(bucket, { limit, windowSeconds, limiter });
    return limiter;
  }

  /** Subjects (emails, addresses) are stored hashed: Redis never holds who tried to log in. */
  private key(subject: string): string {
    return createHash('sha256').update(subject.toLowerCase()).digest('hex').slice(0, 32);
  }

  /**
   * Counts one hit against `subject`; throws 429 RATE_LIMITED (with the limit, what remains and
   * when the window resets, for the `Retry-After` and `RateLimit-*` headers) when that makes more
   * than `limit` in the window.
   */
  async consume(
    bucket: string,
    subject: string,
    limit: number,
    windowSeconds: number,
  ): Promise<void> {
    try {
      await this.limiter(bucket, limit, windowSeconds).consume(this.key(subject));
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        const reset = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        throw new RateLimitedError(reset, { limit, remaining: 0, reset });
      }
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
    }
  }

  /** Gives back a hit, e.g. after a successful login (only failures should count). */
  async refund(bucket: string, subject: string): Promise<void> {
    const limiter = this.limiters.get(bucket)?.limiter;
    if (!limiter) return;
    try {
      await limiter.reward(this.key(subject), 1);
    } catch (err) {
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
    }
  }
}
