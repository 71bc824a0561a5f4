import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobPayloads, QUEUES } from '../../common/queue/queue.constants';
import { ReportSchedulesCron } from '../crons/report-schedules.cron';
import { ReportBuilder } from '../report-builder.service';

/**
 * The reports queue's only consumer (one processor per queue, so it also takes the schedule
 * tick). Thin: the builder and the cron hold the rules.
 */
@Processor(QUEUES.reports, { concurrency: 2 })
export class ReportsProcessor extends WorkerHost {
  constructor(
    private readonly builder: ReportBuilder,
    private readonly cron: ReportSchedulesCron,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'report.build':
        return this.build(job as Job<JobPayloads['report.build']>);
      case 'report.schedules.tick':
        return this.cron.tick();
      default:
        throw new Error(`no handler for ${job.name}`);
    }
  }

  /** A failure on the last attempt marks the report failed with the reason; earlier ones retry. */
  private async build(job: Job<JobPayloads['report.build']>): Promise<unknown> {
    try {
      return await this.builder.build(job.data.reportId);
    } catch (err) {
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.builder.recordFailure(job.data.reportId, err, finalAttempt);
      throw err;
    }
  }
}
