import { Worker } from 'bullmq';
import { QUEUES } from '../src/common/queue/queue.constants';
import { bullConnection } from '../src/common/redis/redis.module';

/**
 * Baseline of the `reminders` scenario: a plain BullMQ worker whose processor does nothing, with
 * the real worker's connection options, concurrency, lock duration and stalled-check interval.
 * Started as a child process (as the real worker is); reports how many jobs completed or failed
 * to its parent over IPC every 100 ms.
 *
 * Environment: REDIS_URL, QUEUE_PREFIX, WORKER_CONCURRENCY, WORKER_LOCK_DURATION_MS.
 */
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 5);
const lockDuration = Number(process.env.WORKER_LOCK_DURATION_MS ?? 30000);
let completed = 0;
let failed = 0;

const worker = new Worker(QUEUES.notifications, async () => undefined, {
  connection: bullConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'blocking'),
  prefix: process.env.QUEUE_PREFIX ?? 'bench-bare',
  concurrency,
  lockDuration,
  stalledInterval: lockDuration,
});
worker.on('completed', () => completed++);
worker.on('failed', () => failed++);
worker.on('error', (err) => console.error(`bare worker: ${err.message}`));

const report = () => process.send?.({ completed, failed });
const timer = setInterval(report, 100);
void worker.waitUntilReady().then(() => process.send?.({ ready: true, completed, failed }));

process.on('SIGTERM', () => {
  clearInterval(timer);
  void worker.close().finally(() => {
    report();
    process.exit(0);
  });
});
