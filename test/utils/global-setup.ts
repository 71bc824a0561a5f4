import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dbUrl, PG_SERVER, templateName } from './test-env';

/**
 * Builds (once per migration set) a template database by running the real migrations; every
 * test file then clones it, which takes a fraction of a second.
 */
export default async function globalSetup(): Promise<void> {
  process.env.SB_TEST_RUN = randomBytes(4).toString('hex');
  const template = templateName();
  const admin = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(727100)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      const migrationsDir = path.resolve(__dirname, '..', '..', 'migrations');
      const classes = fs
        .readdirSync(migrationsDir)
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .flatMap(
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          (f) => Object.values(require(path.join(migrationsDir, f))) as (new () => object)[],
        );
      const ds = new DataSource({
        type: 'postgres',
        url: dbUrl(building),
        migrations: classes as never,
        migrationsTransactionMode: 'each',
        logging: ['error'],
      });
      await ds.initialize();
      await ds.runMigrations();
      await ds.destroy();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    }
    await admin.query('SELECT pg_advisory_unlock(727100)');
  } finally {
    await admin.end();
  }
}
