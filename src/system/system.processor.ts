import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { dispatch, JobHandlerHost, JobHandlers } from '../common/queue/job-handlers';
import { QUEUES } from '../common/queue/queue.constants';

/** Answers canary jobs: proof that a worker is taking jobs, not merely connected. */
@Processor(QUEUES.system)
export class SystemProcessor extends WorkerHost implements JobHandlerHost<'system'> {
  readonly queueName = QUEUES.system;
  readonly handlers: JobHandlers<'system'> = {
    'system.ping': () => Promise.resolve({ pong: true, at: new Date().toISOString() }),
  };

  process(job: Job): Promise<unknown> {
    return dispatch(this, job);
  }
}
