import { Queue, QueueEvents } from 'bullmq';
import { QUEUES, QueueName } from '../../src/common/queue/queue.constants';
import { bullConnection } from '../../src/common/redis/redis.module';
import type { TestApp } from './create-app';
import { waitFor } from './wait';

/** Where a test's queues live; a TestApp knows both, a bare BullMQ test passes them. */
export interface QueueSite {
  queuePrefix: string;
  redisUrl: string;
}

const siteOf = (t: TestApp | QueueSite): QueueSite =>
  'redisUrl' in t ? t : { queuePrefix: t.queuePrefix, redisUrl: t.env.REDIS_URL };

function openQueue(t: TestApp | QueueSite, name: QueueName): Queue {
  const site = siteOf(t);
  return new Queue(name, {
    connection: bullConnection(site.redisUrl, 'blocking'),
    prefix: site.queuePrefix,
  });
}

/**
 * Waits until the test's queues have no work that is due: nothing waiting, active or
 * prioritized, and no delayed job whose time has come (a retry's backoff, a reminder due now).
 * Jobs delayed into the future (a job scheduler's next tick, a reminder due later) are not work
 * left yet, so they are not waited for; wait for such a job by its id instead.
 */
export async function drainQueues(
  t: TestApp | QueueSite,
  names: QueueName[] = Object.values(QUEUES),
  timeoutMs = 20000,
): Promise<void> {
  const queues = names.map((name) => openQueue(t, name));
  let last = '';
  try {
    await waitFor(
      async () => {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(
            'waiting',
            'active',
            'prioritized',
            'waiting-children',
          );
          const now = Date.now();
          const due = (await queue.getDelayed()).filter((j) => j.timestamp + j.delay <= now);
          if (Object.values(counts).some((n) => n > 0) || due.length) {
            last = `${queue.name}: ${JSON.stringify({ ...counts, delayedDue: due.length })}`;
            return false;
          }
        }
        return true;
      },
      timeoutMs,
      `queues drained (${names.join(', ')})`,
      50,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last seen ${last}`);
    });
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

/**
 * Waits until each job is finished (completed, or failed with no retry left) or gone (removed,
 * e.g. a cancelled reminder's job): nothing it does can arrive after this.
 */
export async function jobsFinished(
  t: TestApp | QueueSite,
  name: QueueName,
  jobIds: string[],
  timeoutMs = 20000,
): Promise<void> {
  const queue = openQueue(t, name);
  try {
    await waitFor(
      async () => {
        const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
        return states.every((s) => ['completed', 'failed', 'unknown'].includes(s));
      },
      timeoutMs,
      `jobs finished (${jobIds.join(', ')})`,
      50,
    );
  } finally {
    await queue.close();
  }
}

/**
 * Counts a queue's completed jobs from now on, so a test can wait for a positive signal (e.g.
 * "two more runs of a job scheduler") instead of sleeping. Job schedulers name their jobs
 * `repeat:<schedulerId>:<millis>`; pass that prefix to count one scheduler's runs.
 */
export async function watchCompletions(
  t: TestApp | QueueSite,
  name: QueueName,
): Promise<{
  /** Waits until `count` jobs whose id starts with `jobIdPrefix` completed since watching began. */
  seen(jobIdPrefix: string, count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}> {
  const site = siteOf(t);
  const events = new QueueEvents(name, {
    connection: bullConnection(site.redisUrl, 'blocking'),
    prefix: site.queuePrefix,
  });
  const completed: string[] = [];
  events.on('completed', ({ jobId }) => completed.push(jobId));
  await events.waitUntilReady();
  return {
    seen: async (jobIdPrefix, count, timeoutMs = 20000) => {
      await waitFor(
        async () => completed.filter((id) => id.startsWith(jobIdPrefix)).length >= count,
        timeoutMs,
        `${count} completed ${jobIdPrefix}* job(s) on ${name}`,
        50,
      );
    },
    close: () => events.close(),
  };
}
