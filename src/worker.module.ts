import { Module } from '@nestjs/common';
import { coreImports } from './app.module';
import { CanaryService } from './system/canary.service';
import { SystemProcessor } from './system/system.processor';
import { WorkerHealthServer } from './worker-health';
import { RemindersWorkerModule } from './reminders/reminders-worker.module';
import { ReportsWorkerModule } from './reports/reports-worker.module';

/** The worker process: queue consumers and job schedulers, no HTTP API. */
@Module({
  imports: [...coreImports('worker'), RemindersWorkerModule, ReportsWorkerModule],
  providers: [SystemProcessor, CanaryService, WorkerHealthServer],
})
export class WorkerModule {}
