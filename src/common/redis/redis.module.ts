import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis, RedisOptions } from 'ioredis';
import { Env } from '../../config/env.validation';

export const REDIS = Symbol('REDIS');

/**
 * Options for connections that serve requests: no offline queue and one retry, so a Redis
 * outage surfaces at once (503) instead of requests hanging on a queue that never drains.
 */
export function failFastRedisOptions(): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  };
}

/** Parses REDIS_URL into ioredis options (host, port, password, db, tls). */
export function redisConnection(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

/** One shared fail-fast client for rate limits and health checks. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [Env],
      useFactory: (env: Env) => {
        const client = new IORedis({
          ...redisConnection(env.REDIS_URL),
          ...failFastRedisOptions(),
        });
        client.on('error', () => undefined); // reported by /health/ready, not as crashes
        return client;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}

/**
 * BullMQ connection options. `producer`: fail fast (API side, so requests answer 503);
 * `blocking`: workers and queue-event listeners, which must retry forever.
 */
export function bullConnection(
  url: string,
  kind: 'producer' | 'blocking',
): import('bullmq').ConnectionOptions {
  const base = redisConnection(url);
  const options =
    kind === 'producer'
      ? {
          ...base,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          retryStrategy: (n: number) => Math.min(n * 200, 2000),
        }
      : {
          ...base,
          enableOfflineQueue: true,
          maxRetriesPerRequest: null,
          retryStrategy: (n: number) => Math.min(n * 500, 5000),
        };
  return options as import('bullmq').ConnectionOptions;
}
