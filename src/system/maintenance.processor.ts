import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { dispatch, JobHandlerHost, JobHandlers } from '../common/queue/job-handlers';
import { QUEUES } from '../common/queue/queue.constants';
import { ParticipantSearchIndexes } from '../participants/search-indexes.cron';

/**
 * Consumer of the maintenance queue: slow housekeeping of the database (index builds), kept off
 * the system queue so the canary and the expiry notices never wait behind it.
 */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost implements JobHandlerHost<'maintenance'> {
  readonly queueName = QUEUES.maintenance;
  readonly handlers: JobHandlers<'maintenance'>;

  constructor(searchIndexes: ParticipantSearchIndexes) {
    super();
    this.handlers = {
      'participants.search-indexes': () => searchIndexes.run(),
    };
  }

  process(job: Job): Promise<unknown> {
    return dispatch(this, job);
  }
}
