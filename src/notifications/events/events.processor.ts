import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import {
  dispatch,
  isLastAttempt,
  JobHandlerHost,
  JobHandlers,
} from '../../common/queue/job-handlers';
import { QUEUES } from '../../common/queue/queue.constants';
import { EventDelivery } from './deliver-event.job';
import { EventsSweep } from './sweep-events.cron';

/** Consumer of the events queue: notification events and their sweep. */
@Processor(QUEUES.events)
export class EventsProcessor extends WorkerHost implements JobHandlerHost<'events'> {
  readonly queueName = QUEUES.events;
  readonly handlers: JobHandlers<'events'>;

  constructor(delivery: EventDelivery, sweep: EventsSweep) {
    super();
    this.handlers = {
      'event.deliver': (job) =>
        delivery.deliver(job.data.eventId).catch(async (err: Error) => {
          if (isLastAttempt(job)) await delivery.giveUp(job.data.eventId, err);
          throw err;
        }),
      'events.sweep': () => sweep.run(),
    };
  }

  process(job: Job): Promise<unknown> {
    return dispatch(this, job);
  }
}
