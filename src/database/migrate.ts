import { DataSource } from 'typeorm';
import { Env } from '../config/env.validation';
import { dataSourceOptions } from './data-source';
import { ensureDatabase } from './ensure-database';

/**
 * Creates the database if needed and applies pending migrations, each in its own transaction.
 * A Postgres advisory lock keeps two API instances from migrating at the same time.
 */
export async function runMigrations(env: Pick<Env, 'DATABASE_URL'>): Promise<string[]> {
  await ensureDatabase(env.DATABASE_URL);
  // The primary only: replicas (DATABASE_REPLICA_URLS) have no part in migrating.
  const base = dataSourceOptions({ DATABASE_URL: env.DATABASE_URL }, 2);
  // Migrations may build indexes on big tables or wait for another instance's lock: no timeout.
  const ds = new DataSource({
    ...base,
    extra: { ...(base.extra as object), statement_timeout: 0 },
    migrationsTransactionMode: 'each',
  } as typeof base);
  await ds.initialize();
  try {
    // The lock lives on one session, so hold it on a dedicated query runner.
    const lock = ds.createQueryRunner();
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(727001)');
    try {
      const ran = await ds.runMigrations();
      return ran.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock(727001)');
      await lock.release();
    }
  } finally {
    await ds.destroy();
  }
}
