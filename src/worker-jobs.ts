import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobHandlerHost, jobHandlerProblems } from './common/queue/job-handlers';
import { EventsProcessor } from './notifications/events/events.processor';
import { RemindersProcessor } from './reminders/reminders.processor';
import { ReportsProcessor } from './reports/jobs/build-report.job';
import { MaintenanceProcessor } from './system/maintenance.processor';
import { SystemProcessor } from './system/system.processor';

/** The worker's queue consumers, one per queue. */
export const WORKER_PROCESSORS = [
  RemindersProcessor,
  ReportsProcessor,
  SystemProcessor,
  EventsProcessor,
  MaintenanceProcessor,
];

/**
 * Fails the worker's start-up (before any BullMQ worker takes a job) when a registered job name
 * has no handler or two, or a processor handles a name that is not registered: such a worker
 * would fail jobs at run time instead.
 */
@Injectable()
export class WorkerJobsCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const hosts = this.discovery
      .getProviders()
      .map((w) => w.instance as Partial<JobHandlerHost> | undefined)
      .filter(
        (i): i is JobHandlerHost => !!i && typeof i === 'object' && !!i.handlers && !!i.queueName,
      );
    const problems = jobHandlerProblems(hosts);
    if (problems.length) throw new Error(`job handlers: ${problems.join('; ')}`);
  }
}
