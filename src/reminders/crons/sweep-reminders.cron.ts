import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueProducer } from '../../common/queue/queue-producer.service';
import {
  JOB_OPTIONS,
  QUEUES,
  REMINDER_SWEEP_SCHEDULER_ID,
} from '../../common/queue/queue.constants';
import { Env } from '../../config/env.validation';
import { ReminderScheduler } from '../reminder-scheduler.service';

/** Only one sweep at a time across all workers (session-level advisory lock). */
const SWEEP_LOCK_KEY = 727_701;

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
 * 3. re-enqueues scheduled reminders whose job is missing (Redis was down or lost its data).
 *
 * The worker (re)creates the job scheduler at start-up and checks on it periodically, so a Redis
 * that restarted empty gets it back without a worker restart.
 */
@Injectable()
export class RemindersSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RemindersSweep.name);
  private watchdog?: NodeJS.Timeout;
  private ensuring = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: ReminderScheduler,
    private readonly producer: QueueProducer,
    private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    void this.ensureScheduler();
    this.watchdog = setInterval(
      () => void this.ensureScheduler(),
      Math.max(1000, Math.min(this.env.REMINDER_SWEEP_EVERY_MS * 2, 5 * 60_000)),
    );
    this.watchdog.unref();
  }

  onApplicationShutdown(): void {
    if (this.watchdog) clearInterval(this.watchdog);
  }

  /** Upserts the job scheduler unless it is there with the configured interval. */
  async ensureScheduler(): Promise<void> {
    if (this.ensuring) return;
    this.ensuring = true;
    try {
      const queue = this.producer.queue(QUEUES.notifications);
      const every = this.env.REMINDER_SWEEP_EVERY_MS;
      const existing = await queue.getJobScheduler(REMINDER_SWEEP_SCHEDULER_ID);
      const { removeOnComplete, removeOnFail } = JOB_OPTIONS['reminders.sweep'];
      // Retention is compared too, so a scheduler saved with older options gets the current ones.
      const sameRetention =
        JSON.stringify(existing?.template?.opts?.removeOnComplete) ===
          JSON.stringify(removeOnComplete) &&
        JSON.stringify(existing?.template?.opts?.removeOnFail) === JSON.stringify(removeOnFail);
      if (existing && Number(existing.every) === every && sameRetention) return;
      await queue.upsertJobScheduler(
        REMINDER_SWEEP_SCHEDULER_ID,
        { every },
        {
          name: 'reminders.sweep',
          data: { reason: 'schedule' },
          opts: { removeOnComplete, removeOnFail },
        },
      );
      this.logger.log(`reminders sweep scheduled every ${every} ms`);
    } catch (err) {
      this.logger.warn(
        `could not schedule the reminders sweep (will retry): ${(err as Error).message}`,
      );
    } finally {
      this.ensuring = false;
    }
  }

  async run(): Promise<SweepResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [
        SWEEP_LOCK_KEY,
      ]);
      if (!locked) return { skipped: true, outbox: 0, rules: 0, caughtUp: 0 };
      try {
        const outbox = await this.scheduler.drainOutbox();
        const rules = await this.scheduler.applyRuleChanges();
        // Look one period ahead, so a lost job is back before its reminder is due.
        const caughtUp = await this.scheduler.catchUp(this.env.REMINDER_SWEEP_EVERY_MS);
        if (outbox || rules || caughtUp)
          this.logger.log(
            `sweep: ${outbox} outbox row(s), ${rules} rule(s), ${caughtUp} job(s) re-enqueued`,
          );
        return { outbox, rules, caughtUp };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [SWEEP_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
