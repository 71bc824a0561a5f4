import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { PeriodicJobs } from '../../common/queue/periodic-jobs';
import { Env } from '../../config/env.validation';
import { NotificationEvents } from './notification-events';
import { NotificationEventsRepository } from './notification-events.repository';

/** An event younger than this is left to its own after-commit enqueue. */
const GRACE_MS = 10_000;
const BATCH = 500;
const KEEP_DELIVERED_MS = 7 * 24 * 3600 * 1000;

/**
 * The safety net under after-commit enqueues (`events.sweep`, every EVENT_SWEEP_EVERY_MS):
 * events recorded while Redis was down, or whose process died between commit and enqueue, are
 * enqueued again (same job id, so at most one job per event); delivered events are purged
 * after a week.
 */
@Injectable()
export class EventsSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger(EventsSweep.name);

  constructor(
    private readonly repo: NotificationEventsRepository,
    private readonly events: NotificationEvents,
    private readonly periodic: PeriodicJobs,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.keep({
      schedulerId: 'events-sweep',
      name: 'events.sweep',
      data: {},
      every: this.env.EVENT_SWEEP_EVERY_MS,
    });
  }

  async run(): Promise<{ enqueued: number; purged: number }> {
    const now = this.clock.now().getTime();
    const ids = await this.repo.pendingIds(new Date(now - GRACE_MS), BATCH);
    for (const id of ids) await this.events.enqueue(id);
    const purged = await this.repo.purgeDelivered(new Date(now - KEEP_DELIVERED_MS));
    if (ids.length) this.logger.log(`sweep: ${ids.length} event(s) re-enqueued`);
    return { enqueued: ids.length, purged };
  }
}
