import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { dispatch, JobHandlerHost, JobHandlers } from '../../common/queue/job-handlers';
import { JobPayloads, QUEUES } from '../../common/queue/queue.constants';
import { ReportSchedulesCron } from '../crons/report-schedules.cron';
import { ReportBuilder } from '../report-builder.service';

/**
 * The reports queue's only consumer (one processor per queue, so it also takes the schedule
 * tick). Thin: the builder and the cron hold the rules.
 */
@Processor(QUEUES.reports, { concurrency: 2 })
export class ReportsProcessor extends WorkerHost implements JobHandlerHost<'reports'> {
  readonly queueName = QUEUES.reports;
  readonly handlers: JobHandlers<'reports'> = {
    'report.build': (job) => this.build(job),
    'report.schedules.tick': () => this.cron.tick(),
  };

  constructor(
    private readonly builder: ReportBuilder,
    private readonly cron: ReportSchedulesCron,
  ) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return dispatch(this, job);
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
