import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createHttpAdapter } from './common/http/configure-app';
import { loadEnv } from './config/env.validation';
import { runMigrations } from './database/migrate';

/** The HTTP API. Migrates the database (creating it if needed) before it listens. */
export async function bootstrapApi(): Promise<NestFastifyApplication> {
  const env = loadEnv();
  if (env.MIGRATIONS_RUN) await runMigrations(env);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(env), {
    bufferLogs: true,
    bodyParser: false,
  });
  await configureApp(app, env);
  await app.listen(env.PORT, '0.0.0.0');
  return app;
}

if (require.main === module) {
  bootstrapApi().catch((err: Error) => {
    // Config errors name the bad variable; print them plainly and stop.
    console.error(`silkbridge api failed to start: ${err.message}`);
    process.exit(1);
  });
}
