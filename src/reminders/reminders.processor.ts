import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { hostname } from 'os';
import { dispatch, JobHandlerHost, JobHandlers } from '../common/queue/job-handlers';
import { QUEUES } from '../common/queue/queue.constants';
import { loadEnv } from '../config/env.validation';
import { RemindersSweep } from './crons/sweep-reminders.cron';
import { ReminderBatcher } from './jobs/reminder-batcher';
import { ReminderScheduler } from './reminder-scheduler.service';

/**
 * Worker options read when the worker is created (after the environment was validated), not at
 * import time. `name` shows which process holds a job (`job.processedBy`, dashboard).
 */
const workerOptions = {
  get name() {
    return `${hostname()}:${process.pid}`;
  },
  get concurrency() {
    return loadEnv().NOTIFICATIONS_CONCURRENCY;
  },
  get lockDuration() {
    return loadEnv().WORKER_LOCK_DURATION_MS;
  },
  get stalledInterval() {
    return loadEnv().WORKER_LOCK_DURATION_MS;
  },
};

/** Consumer of the notifications queue: thin, each job name calls one handler. */
@Processor(QUEUES.notifications, workerOptions)
export class RemindersProcessor extends WorkerHost implements JobHandlerHost<'notifications'> {
  readonly queueName = QUEUES.notifications;
  readonly handlers: JobHandlers<'notifications'>;

  constructor(deliver: ReminderBatcher, sweep: RemindersSweep, scheduler: ReminderScheduler) {
    super();
    this.handlers = {
      'reminder.deliver': (job, token) => deliver.deliver(job, token),
      'reminders.sweep': () => sweep.run(),
      // Without the sweep's lock: claims are SKIP LOCKED and each record is reconciled under its
      // own lock, so a drain never waits for (or is skipped behind) a running sweep.
      'reminders.outbox': async () => ({ outbox: await scheduler.drainOutbox() }),
    };
  }

  process(job: Job, token?: string): Promise<unknown> {
    return dispatch(this, job, token);
  }
}
