import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../common/database/transaction-runner';
import { QueueProducer } from '../../common/queue/queue-producer.service';
import { PeriodicJobs } from '../../common/queue/periodic-jobs';
import { Env } from '../../config/env.validation';
import { lastClosedPeriod } from '../report-period';
import { ReportSchedulesRepository } from '../report-schedules.repository';
import { ReportsRepository } from '../reports.repository';
import { enqueueBuild } from '../reports.service';

/** Stable id of the BullMQ job scheduler: every worker upserts the same one. */
export const TICK_SCHEDULER_ID = 'report.schedules.tick';

/** A scheduled report still `queued` this long after its creation is enqueued again (lost enqueue). */
const REQUEUE_AFTER = '5 minutes';

export interface TickResult {
  created: string[];
  requeued: string[];
}

/**
 * Scheduled reports. A BullMQ job scheduler (stable id, every REPORT_TICK_EVERY_MS) runs
 * `report.schedules.tick`; the tick, for each active schedule, computes the last closed
 * calendar period in the schedule's zone and INSERTs its report row with ON CONFLICT on the
 * unique (schedule_id, period_start) index DO NOTHING. Only the transaction that inserted the
 * row enqueues the build, so any number of workers and ticks build each period once, also
 * across restarts.
 */
@Injectable()
export class ReportSchedulesCron implements OnApplicationBootstrap {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly schedules: ReportSchedulesRepository,
    private readonly reports: ReportsRepository,
    private readonly producer: QueueProducer,
    private readonly periodic: PeriodicJobs,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  /** Installed and repaired like the reminders sweep; REPORT_TICK_EVERY_MS=0 turns it off. */
  onApplicationBootstrap(): void {
    if (!this.env.REPORT_TICK_EVERY_MS) return;
    this.periodic.keep({
      schedulerId: TICK_SCHEDULER_ID,
      name: 'report.schedules.tick',
      data: {},
      every: this.env.REPORT_TICK_EVERY_MS,
    });
  }

  async tick(): Promise<TickResult> {
    const now = this.clock.now();
    const schedules = await this.schedules.findActive();
    const created: string[] = [];
    for (const s of schedules) {
      const period = lastClosedPeriod(s.frequency, now, s.time_zone);
      const id = await this.tx.run(async (m) => {
        const inserted = await this.reports.insertScheduled(m, {
          scheduleId: s.id,
          kind: s.kind,
          format: s.format,
          periodStart: period.start,
          periodEnd: period.end,
        });
        if (!inserted) return null;
        await this.audit.record(m, {
          action: 'report.scheduled',
          entityType: 'report',
          entityId: inserted,
          after: {
            scheduleId: s.id,
            kind: s.kind,
            format: s.format,
            periodStart: period.start,
            periodEnd: period.end,
          },
          actor: null,
        });
        return inserted;
      });
      if (id) {
        await enqueueBuild(this.producer, id);
        created.push(id);
      }
    }
    // A row whose enqueue was lost (Redis down right after the insert) is enqueued again; the
    // deterministic job id makes this a no-op while its job still exists.
    const stale = await this.reports.findStaleScheduled(REQUEUE_AFTER);
    for (const id of stale) await enqueueBuild(this.producer, id);
    return { created, requeued: stale };
  }
}
