import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CitiesModule } from './cities/cities.module';
import { RedisModule } from './common/redis/redis.module';
import { QueueModule } from './common/queue/queue.module';
import { loggerParams } from './common/http/logger';
import { ConfigModule } from './config/config.module';
import { Env } from './config/env.validation';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { SystemModule } from './system/system.module';
import { UsersModule } from './users/users.module';
import { ReportsModule } from './reports/reports.module';

/** Modules shared by the API and the worker: config, database, Redis, queues, audit. */
export const coreImports = (role: 'api' | 'worker') => [
  ConfigModule,
  LoggerModule.forRootAsync({ inject: [Env], useFactory: (env: Env) => loggerParams(env) }),
  TypeOrmModule.forRootAsync({
    inject: [Env],
    useFactory: (env: Env) => ({ ...dataSourceOptions(env, role === 'api' ? 20 : 10), migrationsRun: false }),
  }),
  RedisModule,
  QueueModule.forRole(role),
  AuditModule,
];

/** Domain modules with HTTP routes. */
export const domainModules = [UsersModule, CitiesModule, ReportsModule];

@Module({
  imports: [...coreImports('api'), AuthModule, HealthModule, SystemModule, ...domainModules],
})
export class AppModule {}
