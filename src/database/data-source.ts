import * as fs from 'fs';
import * as path from 'path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { Env } from '../config/env.validation';

/**
 * Migrations live in the top-level `migrations/` folder. Under ts-jest the `.ts` sources run;
 * after `npm run build` the compiled copies in `dist/migrations` do.
 */
export function migrationsGlob(): string {
  if (__filename.endsWith('.ts')) return path.resolve(__dirname, '..', '..', 'migrations', '*.ts');
  // dist/database → dist/migrations; dist-bench/src/database → dist-bench/migrations
  const beside = path.resolve(__dirname, '..', 'migrations');
  return fs.existsSync(beside)
    ? path.join(beside, '*.js')
    : path.resolve(__dirname, '..', '..', 'migrations', '*.js');
}

export function entitiesGlob(): string {
  const ext = __filename.endsWith('.ts') ? 'ts' : 'js';
  return path.resolve(__dirname, '..', `**/*.entity.${ext}`);
}

/** Options shared by the API, the worker, scripts and tests. Never `synchronize`. */
export function dataSourceOptions(
  env: Pick<Env, 'DATABASE_URL'> & Partial<Pick<Env, 'DATABASE_REPLICA_URLS'>>,
  poolSize = 20,
): DataSourceOptions {
  const replicas = env.DATABASE_REPLICA_URLS ?? [];
  return {
    type: 'postgres',
    ...(replicas.length
      ? {
          replication: {
            master: { url: env.DATABASE_URL },
            slaves: replicas.map((url) => ({ url })),
          },
        }
      : { url: env.DATABASE_URL }),
    entities: [entitiesGlob()],
    migrations: [migrationsGlob()],
    migrationsTableName: 'migrations',
    synchronize: false,
    // Failed queries surface as errors the filter logs (or maps to 4xx); no raw SQL on the console.
    logging: false,
    extra: {
      max: poolSize,
      // Fail fast instead of queueing forever when Postgres is down.
      connectionTimeoutMillis: 5000,
      statement_timeout: 60000,
      application_name: 'silkbridge',
    },
  };
}

/** For the TypeORM CLI (`npx typeorm -d dist/database/data-source.js migration:generate`). */
export default new DataSource(
  dataSourceOptions({
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/silkbridge',
  }),
);
