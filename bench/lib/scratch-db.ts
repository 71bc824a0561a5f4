import IORedis from 'ioredis';
import { Client } from 'pg';
import { redisConnection } from '../../src/common/redis/redis.module';
import { runMigrations } from '../../src/database/migrate';
import { BENCH } from './env';

/**
 * Scenario-owned scratch databases (`silkbridge_bench_import`, `silkbridge_bench_reminders`):
 * dropped and re-created from the migrations at the start of each run. Never used for the large
 * shared dataset (`silkbridge_bench`), which the `list` and `report` scenarios keep between runs.
 */
const SHARED = 'silkbridge_bench';

export const scratchUrl = (name: string) => `${BENCH.pgServer}/${name}`;

function assertScratch(name: string): void {
  if (name === SHARED || !/^silkbridge_bench_[a-z0-9_]+$/.test(name))
    throw new Error(
      `refusing to drop ${name}: only silkbridge_bench_<scenario> scratch databases are dropped`,
    );
}

export async function dropScratchDatabase(name: string): Promise<void> {
  assertScratch(name);
  const admin = new Client({ connectionString: `${BENCH.pgServer}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Drops, re-creates and migrates a scratch database; returns a connected client on it. */
export async function recreateScratchDatabase(name: string): Promise<Client> {
  await dropScratchDatabase(name);
  await runMigrations({ DATABASE_URL: scratchUrl(name) });
  const client = new Client({ connectionString: scratchUrl(name) });
  await client.connect();
  return client;
}

/** The API's own password hashing, so a user inserted in SQL can log in through it. */
export { hashPassword } from '../../src/common/auth/passwords';

/** Deletes every key under a prefix (queues, job schedulers, events) once its workers stopped. */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new IORedis(redisConnection(BENCH.redisUrl));
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
