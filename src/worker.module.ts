import { Module } from '@nestjs/common';
import { coreImports } from './app.module';
import { SystemProcessor } from './system/system.processor';
import { WorkerHealthServer } from './worker-health';
import { ReportsWorkerModule } from './reports/reports-worker.module';

/** The worker process: queue consumers and job schedulers, no HTTP API. */
@Module({
  imports: [...coreImports('worker'), ReportsWorkerModule],
  providers: [SystemProcessor, WorkerHealthServer],
})
export class WorkerModule {}
