import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { Env } from '../../config/env.validation';
import { EmailDeliveryService } from '../../mail/email-delivery.service';
import { NotificationsService } from '../../notifications/notifications.service';
import { renderReminder } from '../reminder-message';
import { ReminderScheduler } from '../reminder-scheduler.service';
import { RemindersRepository } from '../reminders.repository';
import { TargetRegistry } from '../targets/target-registry';
import { stillTargets } from '../targets/target-state';
import { recipientZone } from '../time-zones';
import { nextWindowStart } from '../working-hours';

/** How early a job may fire before its reminder's due time and still deliver (clock skew). */
const EARLY_TOLERANCE_MS = 1000;

export type DeliveryResult =
  | { outcome: 'delivered'; recipients: number; inApp: number; emails: number }
  | {
      outcome: 'discarded';
      reason: 'missing' | 'not-scheduled' | 'rule-inactive' | 'record-closed' | 'date-moved';
    };

/** Delivery keys: one per (reminder, recipient, channel); unique in Postgres. */
export const reminderEventKey = (reminderId: string) => `reminder:${reminderId}`;
export const reminderEmailKey = (reminderId: string, userId: string) =>
  `reminder:${reminderId}:${userId}:email`;

/**
 * Handler of `reminder.deliver {reminderId}`. At-least-once underneath (retries, stalled jobs
 * taken over by another worker), exactly once on top:
 * 1. re-checks Postgres: the reminder still `scheduled`, its rule active, its record open and its
 *    date unchanged; anything else is discarded (and the record rescheduled);
 * 2. resolves recipients now (people who joined since scheduling are included);
 * 3. per recipient and channel, delivers under a unique delivery key (in-app: INSERT … ON
 *    CONFLICT DO NOTHING; email: {@link EmailDeliveryService}); recipients outside the rule's
 *    working hours wait: the job re-delays itself to the earliest window start;
 * 4. marks the reminder delivered once every recipient is done; a yearly target then schedules
 *    its next occurrence.
 */
@Injectable()
export class DeliverReminderJob {
  private readonly logger = new Logger(DeliverReminderJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: RemindersRepository,
    private readonly targets: TargetRegistry,
    private readonly scheduler: ReminderScheduler,
    private readonly notifications: NotificationsService,
    private readonly email: EmailDeliveryService,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  async run(job: Pick<Job, 'data' | 'moveToDelayed'>, token?: string): Promise<DeliveryResult> {
    const { reminderId } = job.data as { reminderId: string };
    const reminder = await this.repo.reminder(this.dataSource, reminderId);
    if (!reminder) return { outcome: 'discarded', reason: 'missing' };
    if (reminder.status !== 'scheduled') return { outcome: 'discarded', reason: 'not-scheduled' };
    const rule = await this.repo.rule(this.dataSource, reminder.rule_id);
    if (!rule || !rule.active) {
      await this.repo.cancel(this.dataSource, [reminder.id]);
      return { outcome: 'discarded', reason: 'rule-inactive' };
    }
    const provider = this.targets.byTarget(rule.target);
    const state = (await provider.resolve(this.dataSource, [reminder.entity_id])).get(
      reminder.entity_id,
    );
    const dueMatches =
      reminder.due_at.getTime() === reminder.target_at.getTime() - rule.offset_seconds * 1000;
    if (!state || !stillTargets(state, reminder.target_at) || !dueMatches) {
      // Stale: the outbox may not have been drained yet. Cancel and reconcile now, so the right
      // reminder (if any) exists; that one has its own job.
      await this.repo.cancel(this.dataSource, [reminder.id]);
      await this.scheduler.scheduleEntity(reminder.entity_type, reminder.entity_id);
      return { outcome: 'discarded', reason: state ? 'date-moved' : 'record-closed' };
    }

    const now = this.clock.now();
    if (reminder.due_at.getTime() - now.getTime() > EARLY_TOLERANCE_MS) {
      await this.delayUntil(job, reminder.due_at, token);
    }

    const description = await provider.describe(this.dataSource, reminder.entity_id);
    if (!description) {
      await this.repo.cancel(this.dataSource, [reminder.id]);
      return { outcome: 'discarded', reason: 'record-closed' };
    }
    const recipients = await this.repo.recipients(
      this.dataSource,
      await provider.recipients(this.dataSource, reminder.entity_id),
    );
    const hours =
      rule.working_hours_start !== null && rule.working_hours_end !== null
        ? { start: rule.working_hours_start, end: rule.working_hours_end }
        : null;
    let waitUntil = null as Date | null;
    let inApp = 0;
    let emails = 0;
    const failures: string[] = [];
    // One SMTP connection for the whole batch.
    const smtp = rule.channels.includes('email') ? this.email.openSession() : undefined;

    try {
      for (const user of recipients) {
        const zone = recipientZone(
          { timeZone: user.time_zone, orgCountry: user.org_country },
          this.env.REPORT_TIME_ZONE,
        );
        if (hours) {
          const opens = nextWindowStart(now, zone, hours);
          if (opens.getTime() > now.getTime()) {
            if (!waitUntil || opens.getTime() < waitUntil.getTime()) waitUntil = opens;
            continue;
          }
        }
        const message = renderReminder({
          target: rule.target,
          description,
          targetAt: reminder.target_at,
          zone,
          recipientName: user.display_name,
        });
        if (rule.channels.includes('in_app')) {
          inApp += await this.notifications.notify(null, {
            userIds: [user.id],
            kind: 'reminder',
            entityType: reminder.entity_type,
            entityId: reminder.entity_id,
            title: message.title,
            body: message.body,
            deliveryKey: reminderEventKey(reminder.id),
          });
        }
        if (rule.channels.includes('email') && this.email.enabled) {
          try {
            const outcome = await this.email.deliverOnce(
              {
                deliveryKey: reminderEmailKey(reminder.id, user.id),
                userId: user.id,
                to: user.email,
                subject: message.title,
                text: message.emailText,
              },
              smtp,
            );
            if (outcome === 'sent') emails++;
          } catch (err) {
            // Keep going: one bad address or SMTP hiccup must not hold back the other recipients.
            failures.push(`${user.id}: ${(err as Error).message}`);
          }
        }
      }
    } finally {
      smtp?.close();
    }

    if (failures.length > 0) {
      throw new Error(
        `email failed for ${failures.length} recipient(s); retrying: ${failures.slice(0, 3).join('; ')}`,
      );
    }
    if (waitUntil) await this.delayUntil(job, waitUntil, token);

    await this.repo.markDelivered(this.dataSource, reminder.id);
    if (state.kind === 'yearly')
      await this.scheduler.scheduleEntity(reminder.entity_type, reminder.entity_id);
    this.logger.log(`reminder ${reminder.id} delivered to ${recipients.length} recipient(s)`);
    return { outcome: 'delivered', recipients: recipients.length, inApp, emails };
  }

  /** Puts the job back to wait (same job id; not counted as an attempt). */
  private async delayUntil(
    job: Pick<Job, 'moveToDelayed'>,
    at: Date,
    token?: string,
  ): Promise<never> {
    await job.moveToDelayed(at.getTime(), token);
    throw new DelayedError();
  }
}
