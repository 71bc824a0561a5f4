import * as argon2 from 'argon2';
import { Client } from 'pg';
import { runMigrations } from '../src/database/migrate';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { ensureSearchYearIndexes } from '../src/participants/search-indexes.cron';
import { ParticipantSearchIndexesRepository } from '../src/participants/search-indexes.repository';
import { BENCH, databaseUrl } from './lib/env';
import { FULL_SCALE, seedLarge, SMOKE_SCALE } from './lib/seed-large';

/** `node dist-bench/bench/seed.js`: creates, migrates and fills the bench database. */
export async function prepareBenchDatabase(): Promise<void> {
  await runMigrations({ DATABASE_URL: databaseUrl() });
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const hash = await argon2.hash(BENCH.password, {
      type: argon2.argon2id,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    await seedLarge(client, BENCH.scale === 'smoke' ? SMOKE_SCALE : FULL_SCALE, hash);
  } finally {
    await client.end();
  }
  await buildSearchYearIndexes();
}

/** What the worker's participants.search-indexes job keeps (the bench runs no worker). */
async function buildSearchYearIndexes(): Promise<void> {
  const ds = await new DataSource(
    dataSourceOptions({ DATABASE_URL: databaseUrl() }, 1),
  ).initialize();
  try {
    const built = await ensureSearchYearIndexes(
      new ParticipantSearchIndexesRepository(ds),
      new Date(),
    );
    if (built?.length) console.log(`  participant search indexes: ${built.join(', ')}`);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  const started = Date.now();
  prepareBenchDatabase()
    .then(() =>
      console.log(`bench database ready in ${((Date.now() - started) / 1000).toFixed(0)} s`),
    )
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
