import { Queue, Worker } from 'bullmq';
import { randomBytes } from 'crypto';
import { QueueProducer } from '../../src/common/queue/queue-producer.service';
import {
  JOB_OPTIONS,
  QUEUES,
  REMINDER_SWEEP_SCHEDULER_ID,
  reminderJobId,
} from '../../src/common/queue/queue.constants';
import { Env } from '../../src/config/env.validation';
import { PeriodicJobs } from '../../src/common/queue/periodic-jobs';
import { RemindersSweep } from '../../src/reminders/crons/sweep-reminders.cron';
import { bullConnection } from '../../src/common/redis/redis.module';
import { drainQueues } from '../utils/queues';
import { REDIS_URL } from '../utils/test-env';

/**
 * Found by the scale-out drill: delivered reminders' jobs vanished from the queue (dashboard)
 * within a few sweeps. BullMQ applies a finished job's removeOnComplete/removeOnFail to the
 * queue's WHOLE completed/failed set, and the sweep (every REMINDER_SWEEP_EVERY_MS) shares the
 * notifications queue with reminder deliveries, so its `count: 20` trimmed their history.
 */
describe('notifications queue retention', () => {
  const prefix = `sbt:retention:${randomBytes(3).toString('hex')}`;
  let queue: Queue;
  let worker: Worker | undefined;

  beforeAll(() => {
    queue = new Queue(QUEUES.notifications, {
      connection: bullConnection(REDIS_URL, 'blocking'),
      prefix,
    });
  });

  afterAll(async () => {
    await worker?.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('finished sweeps keep the completed reminder deliveries (and remove only themselves)', async () => {
    const delivered = Array.from({ length: 3 }, (_, i) => `delivered-${i}`);
    for (const id of delivered)
      await queue.add(
        'reminder.deliver',
        { reminderId: id },
        { ...JOB_OPTIONS['reminder.deliver'], jobId: reminderJobId(id) },
      );
    for (let i = 0; i < 30; i++)
      await queue.add('reminders.sweep', { reason: 'schedule' }, JOB_OPTIONS['reminders.sweep']);

    worker = new Worker(QUEUES.notifications, async () => 'ok', {
      connection: bullConnection(REDIS_URL, 'blocking'),
      prefix,
      concurrency: 1,
    });
    await drainQueues({ queuePrefix: prefix, redisUrl: REDIS_URL }, [QUEUES.notifications]);

    for (const id of delivered)
      expect(await queue.getJobState(reminderJobId(id))).toBe('completed');
    const completed = await queue.getJobs(['completed'], 0, -1);
    expect(completed.map((j) => j.name)).toEqual(delivered.map(() => 'reminder.deliver'));
  });

  it('the sweep scheduler keeps that retention, and one saved with older options is updated', async () => {
    const periodic = new PeriodicJobs({ queue: () => queue } as unknown as QueueProducer);
    const sweep = new RemindersSweep(
      {} as never,
      {} as never,
      periodic,
      Object.assign(new Env(), { REMINDER_SWEEP_EVERY_MS: 60000 }),
    ).periodicJob;
    // As an earlier release saved it.
    await queue.upsertJobScheduler(
      REMINDER_SWEEP_SCHEDULER_ID,
      { every: 60000 },
      {
        name: 'reminders.sweep',
        data: { reason: 'schedule' },
        opts: { removeOnComplete: { count: 20 } },
      },
    );
    expect(await periodic.ensure(sweep)).toBe(true);
    const { removeOnComplete, removeOnFail } = JOB_OPTIONS['reminders.sweep'];
    const saved = await queue.getJobScheduler(REMINDER_SWEEP_SCHEDULER_ID);
    expect(saved?.template?.opts).toMatchObject({ removeOnComplete, removeOnFail });
    // Up to date: a second check leaves it alone (the next run is not pushed back).
    const next = saved?.next;
    expect(await periodic.ensure(sweep)).toBe(false);
    expect((await queue.getJobScheduler(REMINDER_SWEEP_SCHEDULER_ID))?.next).toBe(next);
  });
});
