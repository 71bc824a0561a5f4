import IORedis from 'ioredis';
import { Client } from 'pg';
import { PG_SERVER, REDIS_URL } from './test-env';

/** Drops the databases and Redis keys this run created (files normally clean up after themselves). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.SB_TEST_RUN;
  if (!run) return;
  const admin = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();
  try {
    const left = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `sbt_${run}_%`,
    ]);
    for (const row of left.rows)
      await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redis = new IORedis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `sbt:${run}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
