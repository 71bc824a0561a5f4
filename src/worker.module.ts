import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { coreImports } from './app.module';
import { CanaryService } from './system/canary.service';
import { MaintenanceProcessor } from './system/maintenance.processor';
import { SystemProcessor } from './system/system.processor';
import { WorkerHealthServer } from './worker-health';
import { WorkerJobsCheck } from './worker-jobs';
import { RemindersWorkerModule } from './reminders/reminders-worker.module';
import { ReportsWorkerModule } from './reports/reports-worker.module';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { OrganizationsWorkerModule } from './organizations/organizations-worker.module';
import { ParticipantsWorkerModule } from './participants/participants-worker.module';

/** The worker process: queue consumers and job schedulers, no HTTP API. */
@Module({
  imports: [
    ...coreImports('worker'),
    DiscoveryModule,
    RemindersWorkerModule,
    ReportsWorkerModule,
    NotificationsWorkerModule,
    OrganizationsWorkerModule,
    ParticipantsWorkerModule,
  ],
  providers: [
    SystemProcessor,
    MaintenanceProcessor,
    CanaryService,
    WorkerHealthServer,
    WorkerJobsCheck,
  ],
})
export class WorkerModule {}
