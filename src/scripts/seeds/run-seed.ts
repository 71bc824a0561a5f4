import { DataSource } from 'typeorm';
import { Env } from '../../config/env.validation';
import { dataSourceOptions } from '../../database/data-source';
import { SEEDERS } from './index';
import type { SeedContext } from '../../database/seeds/seeder';

/** Loads the essays' demo data in one transaction; running it twice adds nothing. */
export async function runSeed(env: Pick<Env, 'DATABASE_URL'>): Promise<SeedContext> {
  const ds = new DataSource(dataSourceOptions({ DATABASE_URL: env.DATABASE_URL }, 2));
  await ds.initialize();
  const ctx: SeedContext = { ids: new Map(), credentials: [] };
  try {
    await ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(727003)');
      for (const seeder of SEEDERS) await seeder.run(m, ctx);
    });
  } finally {
    await ds.destroy();
  }
  return ctx;
}
