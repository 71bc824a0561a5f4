import { loadDatabaseEnv } from '../config/env.validation';
import { runMigrations } from '../database/migrate';
import { runSeed } from './seeds/run-seed';

(async () => {
  const env = loadDatabaseEnv();
  await runMigrations(env);
  const ctx = await runSeed(env);
  console.log(`demo data loaded (${ctx.ids.size} records known)`);
})().catch((err: Error) => {
  console.error(`seed failed: ${err.message}`);
  process.exit(1);
});
