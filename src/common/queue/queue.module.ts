import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Env } from '../../config/env.validation';
import { bullConnection } from '../redis/redis.module';
import { PeriodicJobs } from './periodic-jobs';
import { QueueProducer } from './queue-producer.service';
import { QUEUES } from './queue.constants';

/**
 * BullMQ wiring. The API's connections fail fast (no offline queue) so a Redis outage answers
 * 503; the worker's connections retry forever, as BullMQ workers must.
 */
@Global()
@Module({})
export class QueueModule {
  static forRole(role: 'api' | 'worker'): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [Env],
          useFactory: (env: Env) => ({
            prefix: env.QUEUE_PREFIX,
            connection: bullConnection(env.REDIS_URL, role === 'api' ? 'producer' : 'blocking'),
          }),
        }),
        BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
      ],
      providers: [QueueProducer, PeriodicJobs],
      exports: [BullModule, QueueProducer, PeriodicJobs],
    };
  }
}
