import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { loadEnv } from './config/env.validation';
import { WorkerModule } from './worker.module';

/**
 * The worker process. On SIGTERM/SIGINT Nest closes each BullMQ worker, which waits for the
 * job in hand to finish before the process exits.
 */
export async function bootstrapWorker(): Promise<INestApplicationContext> {
  loadEnv();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return app;
}

if (require.main === module) {
  bootstrapWorker().catch((err: Error) => {
    console.error(`silkbridge worker failed to start: ${err.message}`);
    process.exit(1);
  });
}
