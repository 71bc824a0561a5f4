import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { dispatch, JobHandlerHost, JobHandlers } from '../common/queue/job-handlers';
import { QUEUES } from '../common/queue/queue.constants';
import { OrganizationExpiry } from '../organizations/organization-expiry.cron';

/**
 * Consumer of the system queue: canary jobs (proof that a worker is taking jobs, not merely
 * connected) and the periodic housekeeping that belongs to no queue of its own.
 */
@Processor(QUEUES.system)
export class SystemProcessor extends WorkerHost implements JobHandlerHost<'system'> {
  readonly queueName = QUEUES.system;
  readonly handlers: JobHandlers<'system'>;

  constructor(expiry: OrganizationExpiry) {
    super();
    this.handlers = {
      'system.ping': () => Promise.resolve({ pong: true, at: new Date().toISOString() }),
      'organizations.expiry': () => expiry.run(),
    };
  }

  process(job: Job): Promise<unknown> {
    return dispatch(this, job);
  }
}
