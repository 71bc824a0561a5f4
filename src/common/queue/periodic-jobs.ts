import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { QueueProducer } from './queue-producer.service';
import { JOB_OPTIONS, JOB_QUEUES, JobName, JobPayloads } from './queue.constants';

/** A periodic job: a BullMQ job scheduler with a stable id that enqueues `name` every `every` ms. */
export interface PeriodicJob<N extends JobName = JobName> {
  schedulerId: string;
  name: N;
  data: JobPayloads[N];
  every: number;
}

/**
 * Installs and repairs the job schedulers of periodic jobs, all the same way: upserted at
 * start-up and checked again periodically (at twice the period, between 1 s and 5 min), so a
 * Redis that restarted empty gets them back without a worker restart. A scheduler is rewritten
 * only when it is missing or differs from the wanted period or the job's retention (so a
 * scheduler saved by an older release gets the current options, and an up-to-date one keeps its
 * next run). Redis being down never blocks start-up: the failure is logged and retried.
 */
@Injectable()
export class PeriodicJobs implements OnApplicationShutdown {
  private readonly logger = new Logger(PeriodicJobs.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly ensuring = new Set<string>();

  constructor(private readonly producer: QueueProducer) {}

  keep<N extends JobName>(job: PeriodicJob<N>): void {
    void this.ensure(job);
    const timer = setInterval(
      () => void this.ensure(job),
      Math.max(1000, Math.min(job.every * 2, 5 * 60_000)),
    );
    timer.unref();
    this.timers.push(timer);
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearInterval(t);
  }

  /** Upserts the scheduler unless it is there as wanted; answers whether it wrote. */
  async ensure<N extends JobName>(job: PeriodicJob<N>): Promise<boolean> {
    if (this.ensuring.has(job.schedulerId)) return false;
    this.ensuring.add(job.schedulerId);
    try {
      const queue = this.producer.queue(JOB_QUEUES[job.name]);
      const existing = await queue.getJobScheduler(job.schedulerId);
      const { removeOnComplete, removeOnFail } = JOB_OPTIONS[job.name];
      const opts = JOB_OPTIONS[job.name];
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      if (
        existing &&
        existing.name === job.name &&
        Number(existing.every) === job.every &&
        same(existing.template?.opts?.removeOnComplete, removeOnComplete) &&
        same(existing.template?.opts?.removeOnFail, removeOnFail)
      )
        return false;
      await queue.upsertJobScheduler(
        job.schedulerId,
        { every: job.every },
        { name: job.name, data: job.data, opts },
      );
      this.logger.log(`${job.name} scheduled every ${job.every} ms`);
      return true;
    } catch (err) {
      this.logger.warn(`could not schedule ${job.name} (will retry): ${(err as Error).message}`);
      return false;
    } finally {
      this.ensuring.delete(job.schedulerId);
    }
  }
}
