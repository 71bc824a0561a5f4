import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUES } from '../common/queue/queue.constants';

/** Answers canary jobs: proof that a worker is taking jobs, not merely connected. */
@Processor(QUEUES.system)
export class SystemProcessor extends WorkerHost {
  async process(job: Job): Promise<unknown> {
    if (job.name === 'system.ping') return { pong: true, at: new Date().toISOString() };
    throw new Error(`no handler for ${job.name}`);
  }
}
