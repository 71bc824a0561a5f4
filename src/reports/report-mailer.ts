import { Injectable, Logger } from '@nestjs/common';
import { translate } from '../common/i18n';
import { EmailDeliveryService } from '../mail/email-delivery.service';
import { renderEmail } from '../mail/email-template';
import type { ReportKind } from './report.model';
import { reportTitle } from './report-i18n';
import type { NotifiedUser } from './report-notifier';

/** A ready report to mail: the "report ready" message's parameters, and the file. */
export interface ReportMail {
  reportId: string;
  kind: ReportKind;
  /** The message parameters but the title, which each admin reads in their own language. */
  params: {
    periodStart: string;
    periodEnd: string;
    frequency: string;
    format: string;
    size: string;
  };
  fileName: string;
  contentType: string;
  content: Buffer;
}

/**
 * Emails a ready report (file attached) to the admins just notified, each in their language,
 * when email is on. Sent through the mail domain's exactly-once deliveries, keyed
 * `report-email:<reportId>:<userId>`, so a retry never sends one twice. Best effort: a failed
 * send is recorded there and logged; it never fails the report.
 */
@Injectable()
export class ReportMailer {
  private readonly logger = new Logger(ReportMailer.name);

  constructor(private readonly email: EmailDeliveryService) {}

  get enabled(): boolean {
    return this.email.enabled;
  }

  /** Returns how many emails this call sent. */
  async send(mail: ReportMail, recipients: NotifiedUser[]): Promise<number> {
    if (!this.enabled || recipients.length === 0) return 0;
    let sent = 0;
    const smtp = this.email.openSession();
    try {
      for (const r of recipients) {
        try {
          const params = { ...mail.params, title: reportTitle(mail.kind, r.locale) };
          const rendered = await renderEmail({
            locale: r.locale,
            subject: translate(r.locale, 'notifications.reportReady.title', params),
            recipientName: r.displayName,
            paragraphs: [translate(r.locale, 'notifications.reportReady.body', params)],
            reason: translate(r.locale, 'email.notificationReason'),
          });
          const outcome = await this.email.deliverOnce(
            {
              deliveryKey: `report-email:${mail.reportId}:${r.userId}`,
              userId: r.userId,
              to: r.email,
              subject: rendered.subject,
              text: rendered.text,
              html: rendered.html,
              attachments: [
                { filename: mail.fileName, content: mail.content, contentType: mail.contentType },
              ],
            },
            smtp,
          );
          if (outcome === 'sent') sent++;
        } catch (err) {
          // One bad address must not hold back the other admins.
          this.logger.warn(`report email to user ${r.userId} failed: ${(err as Error).message}`);
        }
      }
    } finally {
      smtp?.close();
    }
    return sent;
  }
}
