import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicJob, PeriodicJobs } from '../../common/queue/periodic-jobs';
import { REMINDER_SWEEP_SCHEDULER_ID } from '../../common/queue/queue.constants';
import { Env } from '../../config/env.validation';
import { ReminderScheduler } from '../reminder-scheduler.service';
import { RemindersRepository } from '../reminders.repository';

export interface SweepResult {
  skipped?: boolean;
  outbox: number;
  rules: number;
  caughtUp: number;
}

/**
 * The periodic sweep (`reminders.sweep`, a BullMQ job scheduler with a stable id, every
 * REMINDER_SWEEP_EVERY_MS):
 * 1. drains the reminder outbox (records other modules touched) and reschedules those records;
 * 2. applies created/changed reminder rules to existing records;
 * 3. re-enqueues scheduled reminders whose job is missing (Redis was down or lost its data);
 * 4. forgets outbox rows processed more than a week ago.
 *
 * The worker installs and repairs the job scheduler through {@link PeriodicJobs}, like the
 * report schedule tick.
 */
@Injectable()
export class RemindersSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersSweep.name);

  constructor(
    private readonly repo: RemindersRepository,
    private readonly scheduler: ReminderScheduler,
    private readonly periodic: PeriodicJobs,
    private readonly env: Env,
  ) {}

  /** The sweep's job scheduler as configured. */
  get periodicJob(): PeriodicJob<'reminders.sweep'> {
    return {
      schedulerId: REMINDER_SWEEP_SCHEDULER_ID,
      name: 'reminders.sweep',
      data: { reason: 'schedule' },
      every: this.env.REMINDER_SWEEP_EVERY_MS,
    };
  }

  onApplicationBootstrap(): void {
    this.periodic.keep(this.periodicJob);
  }

  async run(): Promise<SweepResult> {
    const result = await this.repo.withSweepLock(async () => {
      const outbox = await this.scheduler.drainOutbox();
      const rules = await this.scheduler.applyRuleChanges();
      // Look one period ahead, so a lost job is back before its reminder is due.
      const caughtUp = await this.scheduler.catchUp(this.env.REMINDER_SWEEP_EVERY_MS);
      await this.scheduler.purgeOutbox();
      if (outbox || rules || caughtUp)
        this.logger.log(
          `sweep: ${outbox} outbox row(s), ${rules} rule(s), ${caughtUp} job(s) re-enqueued`,
        );
      return { outbox, rules, caughtUp };
    });
    return result ?? { skipped: true, outbox: 0, rules: 0, caughtUp: 0 };
  }
}
