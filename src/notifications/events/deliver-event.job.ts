import { Injectable, Logger } from '@nestjs/common';
import { isLocale, Locale, translate } from '../../common/i18n';
import { EmailDeliveryService, EmailToDeliver } from '../../mail/email-delivery.service';
import { renderEmail } from '../../mail/email-template';
import { UserLookup } from '../../users/user-lookup';
import { NotificationsService } from '../notifications.service';
import { renderEventMessage } from './event-message';
import { NotificationEventsRepository, StoredEvent } from './notification-events.repository';

export type EventDeliveryResult =
  | { outcome: 'delivered'; inApp: number; emails: number }
  | { outcome: 'skipped'; reason: 'unknown' | 'already-delivered' };

/**
 * Tells one event's recipients: an in-app notification per user, then an email per user who
 * wants them and per person named in the audience. Every write carries a delivery key
 * (`event:<id>:<recipient>`), so a retry, a restart or a second worker never tells anyone twice;
 * the event is marked delivered only when nothing failed, and a failed email retries the job.
 * After the job's last attempt the event is marked failed (see {@link giveUp}).
 */
@Injectable()
export class EventDelivery {
  private readonly logger = new Logger(EventDelivery.name);

  constructor(
    private readonly events: NotificationEventsRepository,
    private readonly users: UserLookup,
    private readonly notifications: NotificationsService,
    private readonly email: EmailDeliveryService,
  ) {}

  /** The job's last attempt failed: recorded on the event, so the sweep stops re-enqueueing it. */
  async giveUp(eventId: string, error: Error): Promise<void> {
    this.logger.error(
      `event ${eventId}: delivery gave up after its last attempt: ${error.message}`,
    );
    await this.events.markFailed(eventId, error.message);
  }

  async deliver(eventId: string): Promise<EventDeliveryResult> {
    const event = await this.events.find(eventId);
    if (!event) return { outcome: 'skipped', reason: 'unknown' };
    if (event.deliveredAt) return { outcome: 'skipped', reason: 'already-delivered' };

    const users = await this.users.eventRecipients(event.audience);
    const eventKey = `event:${event.id}`;

    let inApp = 0;
    const byLocale = new Map<Locale, string[]>();
    for (const u of users) {
      const locale = isLocale(u.locale) ? u.locale : 'en';
      byLocale.set(locale, [...(byLocale.get(locale) ?? []), u.id]);
    }
    for (const [locale, userIds] of byLocale) {
      const message = renderEventMessage(event, locale);
      inApp += await this.notifications.notify(null, {
        userIds,
        kind: event.kind,
        entityType: event.entityType,
        entityId: event.entityId,
        title: message.title,
        body: message.body,
        deliveryKey: eventKey,
      });
    }

    const mails = [
      ...users
        .filter((u) => u.emailNotifications)
        .map((u) => ({
          key: u.id,
          userId: u.id,
          email: u.email,
          name: u.displayName,
          locale: u.locale,
        })),
      ...(event.audience.people ?? []).map((p) => ({ ...p, userId: null })),
    ];
    const emails = await this.sendEmails(event, eventKey, mails);
    await this.events.markDelivered(event.id);
    return { outcome: 'delivered', inApp, emails };
  }

  private async sendEmails(
    event: StoredEvent,
    eventKey: string,
    mails: { key: string; userId: string | null; email: string; name: string; locale: Locale }[],
  ): Promise<number> {
    if (mails.length === 0 || !this.email.enabled) return 0;
    const failures: string[] = [];
    let sent = 0;
    const smtp = this.email.openSession();
    try {
      for (const to of mails) {
        const locale = isLocale(to.locale) ? to.locale : 'en';
        const message = renderEventMessage(event, locale);
        try {
          const mail = await renderEmail({
            locale,
            subject: message.title,
            recipientName: to.name,
            paragraphs: [message.body],
            reason: translate(locale, 'email.notificationReason'),
          });
          const email: EmailToDeliver = {
            deliveryKey: `${eventKey}:${to.key}:email`,
            userId: to.userId,
            to: to.email,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
          };
          if ((await this.email.deliverOnce(email, smtp)) === 'sent') sent++;
        } catch (err) {
          // One bad address must not hold back the others; the retry skips those already sent.
          failures.push(`${to.key}: ${(err as Error).message}`);
        }
      }
    } finally {
      smtp?.close();
    }
    if (failures.length > 0)
      throw new Error(
        `email failed for ${failures.length} recipient(s); retrying: ${failures.slice(0, 3).join('; ')}`,
      );
    if (sent > 0) this.logger.log(`event ${event.id} (${event.kind}): ${sent} email(s)`);
    return sent;
  }
}
