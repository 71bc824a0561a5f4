import { Injectable, Logger } from '@nestjs/common';
import { Env } from '../config/env.validation';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import {
  MailAttachment,
  MailService,
  messageIdFor,
  SmtpSendError,
  SmtpSession,
} from './mail.service';

/** An email that must reach its recipient once. */
export interface EmailToDeliver {
  /** Unique per (event, recipient, channel), e.g. `reminder:<id>:<userId>:email`. */
  deliveryKey: string;
  userId: string | null;
  to: string;
  subject: string;
  text: string;
  /** The HTML alternative (src/mail/email-template.ts); sent as multipart/alternative with `text`. */
  html?: string;
  /** Files sent with it (e.g. a ready report); not stored in `email_deliveries`. */
  attachments?: MailAttachment[];
}

/**
 * - `sent`: this call sent it;
 * - `already-sent`: an earlier attempt (or another worker) did;
 * - `disabled`: email is off (SMTP_URL unset); nothing is recorded.
 */
export type EmailOutcome = 'sent' | 'already-sent' | 'disabled';

/**
 * Exactly-once email on top of at-least-once jobs, with `email_deliveries.delivery_key` unique.
 *
 * The claim is a row lock, not a committed flag: one transaction inserts (or re-claims) the
 * delivery row, talks SMTP up to the end of the message body, marks the row `sent`, and writes
 * COMMIT to Postgres in the same turn of the event loop as the end-of-data marker to the SMTP
 * server. So:
 * - a second worker with the same key waits on the row lock, then sees `sent` and skips;
 * - a worker killed before that point leaves Postgres to roll back (the row is unclaimed again)
 *   and the SMTP server with an unterminated message, which it discards: the retry sends once;
 * - the only double-or-nothing windows are microseconds wide (between the two socket writes) or
 *   need a second fault (the COMMIT failing after the marker: retried as `sent` on a fresh
 *   connection; the server dropping the connection before answering the marker: kept as `sent`,
 *   `last_error` says the outcome is unknown). See docs/domains/reminders.md.
 */
@Injectable()
export class EmailDeliveryService {
  private readonly logger = new Logger(EmailDeliveryService.name);

  constructor(
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly mail: MailService,
    private readonly env: Env,
  ) {}

  get enabled(): boolean {
    return this.mail.enabled;
  }

  /** An SMTP session for a batch of {@link deliverOnce} calls; close it when done. */
  openSession(): SmtpSession | undefined {
    return this.mail.enabled ? this.mail.session() : undefined;
  }

  /** Sends the email unless its delivery key was sent before. Pass a session to reuse a connection. */
  async deliverOnce(email: EmailToDeliver, session?: SmtpSession): Promise<EmailOutcome> {
    if (!this.mail.enabled) return 'disabled';
    const claim = await this.deliveries.openClaim();
    let broken = false;
    let commit: Promise<unknown> | undefined;
    try {
      // A live holder of the lock is bounded by the SMTP timeouts; a dead one by Postgres noticing.
      const claimed = await claim.claim(email, {
        lockTimeout: `${this.env.SMTP_TIMEOUT_MS * 3}ms`,
        idleInTransactionTimeout: `${this.env.SMTP_TIMEOUT_MS * 4}ms`,
      });
      if (!claimed) return 'already-sent';
      const message = {
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        attachments: email.attachments,
        messageId: messageIdFor(email.deliveryKey, this.mail.from),
        headers: { 'X-Silkbridge-Delivery-Key': email.deliveryKey },
      };
      const beforeEndOfData = async () => {
        await claim.markSent();
        // Not awaited: the COMMIT is on Postgres' socket when the end-of-data marker is written.
        commit = claim.commit();
        commit.catch(() => undefined);
      };
      try {
        if (session) await session.send(message, beforeEndOfData);
        else await this.mail.sendGated(message, beforeEndOfData);
      } catch (err) {
        if (!commit) {
          await claim.rollback();
          await this.recordFailure(email, (err as Error).message);
          throw err;
        }
        await this.settleCommit(email, commit).catch(() => undefined);
        const smtp = err as SmtpSendError;
        if (smtp.responseCode && smtp.responseCode >= 400) {
          // The server answered the end of data with a refusal: nothing was delivered; retry.
          await this.deliveries.markRejected(
            email.deliveryKey,
            `rejected after data (${smtp.responseCode}): ${smtp.message}`.slice(0, 1000),
          );
          throw err;
        }
        // No answer to the end of data: the server may have it. Never resend (at most once).
        await this.deliveries.noteError(
          email.deliveryKey,
          `outcome unknown, not resent: ${smtp.message}`.slice(0, 1000),
        );
        this.logger.warn(
          `email ${email.deliveryKey}: outcome unknown after end of data (${smtp.message}); not resent`,
        );
        return 'sent';
      }
      await this.settleCommit(email, commit!);
      return 'sent';
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      claim.release(broken);
    }
  }

  /**
   * Waits for the COMMIT written next to the end-of-data marker. Should it fail, the message has
   * most likely been accepted: record it as sent on a fresh connection so no retry resends it.
   */
  private async settleCommit(email: EmailToDeliver, commit: Promise<unknown>): Promise<void> {
    try {
      await commit;
    } catch (err) {
      this.logger.error(
        `email ${email.deliveryKey}: COMMIT failed after end of data (${(err as Error).message}); recording as sent`,
      );
      await this.deliveries.recordSent(email, 'commit failed after end of data');
    }
  }

  /** A failure before the end of data: nothing was delivered; keep the attempt visible. */
  private async recordFailure(email: EmailToDeliver, message: string): Promise<void> {
    await this.deliveries
      .recordFailure(email, message.slice(0, 1000))
      .catch((err: Error) => this.logger.warn(`could not record email failure: ${err.message}`));
  }
}
