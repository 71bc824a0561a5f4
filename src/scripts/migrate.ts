import { loadDatabaseEnv } from '../config/env.validation';
import { runMigrations } from '../database/migrate';

runMigrations(loadDatabaseEnv())
  .then((ran) => {
    console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date');
  })
  .catch((err: Error) => {
    console.error(`migration failed: ${err.message}`);
    process.exit(1);
  });
