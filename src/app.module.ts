import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AidProjectsModule } from './aid-projects/aid-projects.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CitiesModule } from './cities/cities.module';
import { ClockModule } from './common/clock';
import { TransactionRunnerModule } from './common/database/transaction-runner';
import { DatedRecordOutboxModule } from './common/outbox/dated-record-outbox';
import { RedisModule } from './common/redis/redis.module';
import { QueueModule } from './common/queue/queue.module';
import { InFlightRequests } from './common/http/in-flight-requests';
import { loggerParams } from './common/http/logger';
import { ConfigModule } from './config/config.module';
import { Env } from './config/env.validation';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { ScholarshipsModule } from './scholarships/scholarships.module';
import { PartnershipsModule } from './partnerships/partnerships.module';
import { ProgramsModule } from './programs/programs.module';
import { SystemModule } from './system/system.module';
import { UsersModule } from './users/users.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ParticipantsModule } from './participants/participants.module';
import { RemindersModule } from './reminders/reminders.module';
import { ReportsModule } from './reports/reports.module';

/** Modules shared by the API and the worker: config, database, Redis, queues, audit. */
export const coreImports = (role: 'api' | 'worker') => [
  ConfigModule,
  LoggerModule.forRootAsync({ inject: [Env], useFactory: (env: Env) => loggerParams(env) }),
  TypeOrmModule.forRootAsync({
    inject: [Env],
    useFactory: (env: Env) => ({
      ...dataSourceOptions(env, role === 'api' ? env.DATABASE_POOL_SIZE : 10),
      migrationsRun: false,
    }),
  }),
  RedisModule,
  QueueModule.forRole(role),
  AuditModule,
  ClockModule,
  TransactionRunnerModule,
  DatedRecordOutboxModule,
];

/** Domain modules with HTTP routes. */
export const domainModules = [
  UsersModule,
  CitiesModule,
  OrganizationsModule,
  ParticipantsModule,
  PartnershipsModule,
  ProgramsModule,
  ScholarshipsModule,
  AidProjectsModule,
  RemindersModule,
  ReportsModule,
];

@Module({
  imports: [...coreImports('api'), AuthModule, HealthModule, SystemModule, ...domainModules],
  // Root-level, so its shutdown hook runs before the global database and Redis modules'.
  providers: [InFlightRequests],
})
export class AppModule {}
