import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { Clock } from '../../common/clock';
import { Env } from '../../config/env.validation';
import { recipientLocale, translate } from '../../common/i18n';
import { EmailDeliveryService } from '../../mail/email-delivery.service';
import { UserLookup } from '../../users/user-lookup';
import { renderEmail } from '../../mail/email-template';
import { renderReminder } from '../reminder-message';
import { ReminderScheduler } from '../reminder-scheduler.service';
import { RemindersRepository, ReminderRow, RuleRow } from '../reminders.repository';
import { TargetRegistry } from '../targets/target-registry';
import { stillTargets, TargetState } from '../targets/target-state';
import { recipientZone } from '../../common/time/time-zones';
import { deliveryWindow, eventEndsAt } from '../working-hours';
import type { Queryable } from '../targets/target-provider';

/** How early a job may fire before its reminder's due time and still deliver (clock skew). */
export const EARLY_TOLERANCE_MS = 1000;

export type DeliveryResult =
  | { outcome: 'delivered'; recipients: number; inApp: number; emails: number }
  | {
      outcome: 'discarded';
      reason:
        | 'missing'
        | 'not-scheduled'
        | 'rule-inactive'
        | 'record-closed'
        | 'date-moved'
        | 'cancelled-midway';
    };

type InAppMessage = { userId: string; title: string; body: string };

/**
 * Whether a scheduled reminder still matches its record and rule: the record's date is the one
 * it was scheduled for, and its due time is that date minus the rule's offset. Otherwise it is
 * stale (the outbox may not have been drained yet) and must be cancelled and reconciled.
 */
export function stillCurrent(
  reminder: Pick<ReminderRow, 'due_at' | 'target_at'>,
  rule: Pick<RuleRow, 'offset_seconds'>,
  state: TargetState,
): boolean {
  return (
    stillTargets(state, reminder.target_at) &&
    reminder.due_at.getTime() === reminder.target_at.getTime() - rule.offset_seconds * 1000
  );
}

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
 *    working hours wait (the job re-delays itself to the earliest window start) when their window
 *    opens before the event (for a date-only target, before its day is over); otherwise they
 *    get it at once, or not at all once the event began if it was meant to come before it;
 * 4. marks the reminder delivered once every recipient is done; without emails, all in-app rows
 *    and the mark are one statement (one round trip, one commit). A yearly target then schedules
 *    its next occurrence.
 */
@Injectable()
export class DeliverReminderJob {
  private readonly logger = new Logger(DeliverReminderJob.name);
  /** The hot path's statements, prepared once per pooled connection. */
  private readonly db: Queryable;

  constructor(
    private readonly repo: RemindersRepository,
    private readonly targets: TargetRegistry,
    private readonly scheduler: ReminderScheduler,
    private readonly email: EmailDeliveryService,
    private readonly users: UserLookup,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {
    this.db = repo.prepared;
  }

  async run(job: Pick<Job, 'data' | 'moveToDelayed'>, token?: string): Promise<DeliveryResult> {
    const { reminderId } = job.data as { reminderId: string };
    const found = await this.repo.reminderWithRule(this.db, reminderId);
    if (!found) return { outcome: 'discarded', reason: 'missing' };
    const { reminder, rule } = found;
    if (reminder.status !== 'scheduled') return { outcome: 'discarded', reason: 'not-scheduled' };
    if (!rule || !rule.active) {
      await this.repo.cancel(this.repo.primary, [reminder.id]);
      return { outcome: 'discarded', reason: 'rule-inactive' };
    }
    const provider = this.targets.byTarget(rule.target);
    const state = (await provider.resolve(this.db, [reminder.entity_id])).get(reminder.entity_id);
    if (!state || !stillCurrent(reminder, rule, state)) {
      // Stale: the outbox may not have been drained yet. Cancel and reconcile now, so the right
      // reminder (if any) exists; that one has its own job.
      await this.repo.cancel(this.repo.primary, [reminder.id]);
      await this.scheduler.scheduleEntity(reminder.entity_type, reminder.entity_id);
      return { outcome: 'discarded', reason: state ? 'date-moved' : 'record-closed' };
    }

    const now = this.clock.now();
    if (reminder.due_at.getTime() - now.getTime() > EARLY_TOLERANCE_MS) {
      await this.delayUntil(job, reminder.due_at, token);
    }

    // Independent reads, side by side on two pooled connections.
    const [description, recipients] = await Promise.all([
      provider.describe(this.db, [reminder.entity_id]).then((d) => d.get(reminder.entity_id)),
      provider
        .recipients(this.db, [reminder.entity_id])
        .then((ids) => this.users.activeRecipients(this.db, ids.get(reminder.entity_id) ?? [])),
    ]);
    if (!description) {
      await this.repo.cancel(this.repo.primary, [reminder.id]);
      return { outcome: 'discarded', reason: 'record-closed' };
    }
    const hours =
      rule.working_hours_start !== null && rule.working_hours_end !== null
        ? { start: rule.working_hours_start, end: rule.working_hours_end }
        : null;
    const times = {
      dueAt: reminder.due_at,
      eventAt: eventEndsAt(reminder.target_at, description),
    };
    let waitUntil = null as Date | null;
    let inApp = 0;
    let emails = 0;
    let skipped = 0;
    const inAppMessages: InAppMessage[] = [];
    const sendsEmail = rule.channels.includes('email') && this.email.enabled;
    const inAppRow = (messages: InAppMessage[], markDelivered: boolean) => ({
      reminderId: reminder.id,
      entityType: reminder.entity_type,
      entityId: reminder.entity_id,
      eventKey: reminderEventKey(reminder.id),
      messages,
      markDelivered,
    });
    const failures: string[] = [];
    // One SMTP connection for the whole batch.
    const smtp = rule.channels.includes('email') ? this.email.openSession() : undefined;

    let cancelledMidway = false;
    try {
      for (const user of recipients) {
        // An email loop can take long: a reminder cancelled meanwhile (program cancelled, date
        // moved) stops it, rather than mailing the remaining recipients about it.
        if (sendsEmail && !(await this.repo.isScheduled(this.db, reminder.id))) {
          cancelledMidway = true;
          break;
        }
        const zone = recipientZone(
          { timeZone: user.time_zone, orgCountry: user.org_country },
          this.env.REPORT_TIME_ZONE,
        );
        const window = deliveryWindow(now, times, zone, hours);
        if (window.kind === 'skip') {
          skipped++;
          continue;
        }
        if (window.kind === 'wait') {
          if (!waitUntil || window.until.getTime() < waitUntil.getTime()) waitUntil = window.until;
          continue;
        }
        // The recipient's language once recipient rows carry users.locale; English until then.
        const locale = recipientLocale(user);
        const message = renderReminder({
          target: rule.target,
          description,
          targetAt: reminder.target_at,
          zone,
          recipientName: user.display_name,
          locale,
        });
        if (rule.channels.includes('in_app')) {
          const inAppMessage = { userId: user.id, title: message.title, body: message.body };
          // With emails going out, each recipient's in-app row is written before their email,
          // so a long SMTP batch does not hold the in-app ones back; otherwise they are written
          // together after the loop.
          if (sendsEmail)
            inApp += (await this.repo.deliverInApp(this.db, inAppRow([inAppMessage], false))).inApp;
          else inAppMessages.push(inAppMessage);
        }
        if (sendsEmail) {
          try {
            const mail = await renderEmail({
              locale,
              subject: message.title,
              recipientName: user.display_name,
              paragraphs: [message.body],
              reason: translate(locale, 'reminders.emailReason'),
            });
            const outcome = await this.email.deliverOnce(
              {
                deliveryKey: reminderEmailKey(reminder.id, user.id),
                userId: user.id,
                to: user.email,
                subject: message.title,
                text: message.emailText,
                html: mail.html,
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

    if (cancelledMidway) {
      this.logger.log(`reminder ${reminder.id} cancelled while it was being delivered: stopped`);
      return { outcome: 'discarded', reason: 'cancelled-midway' };
    }

    // The remaining in-app rows and, when nobody is left (no email failure, nobody outside
    // working hours), the reminder marked delivered: one statement, one commit. A failure or a
    // wait keeps the in-app rows (their delivery keys make the retry skip them) and leaves the
    // reminder `scheduled`.
    const complete = failures.length === 0 && !waitUntil;
    if (inAppMessages.length > 0 || complete)
      inApp += (await this.repo.deliverInApp(this.db, inAppRow(inAppMessages, complete))).inApp;

    if (failures.length > 0) {
      throw new Error(
        `email failed for ${failures.length} recipient(s); retrying: ${failures.slice(0, 3).join('; ')}`,
      );
    }
    if (waitUntil) await this.delayUntil(job, waitUntil, token);
    if (state.kind === 'yearly')
      await this.scheduler.scheduleEntity(reminder.entity_type, reminder.entity_id);
    this.logger.log(
      `reminder ${reminder.id} delivered to ${recipients.length - skipped} recipient(s)` +
        (skipped ? `; ${skipped} outside working hours skipped, the event has begun` : ''),
    );
    return { outcome: 'delivered', recipients: recipients.length - skipped, inApp, emails };
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
