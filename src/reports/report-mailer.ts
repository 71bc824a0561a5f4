import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { Env } from '../config/env.validation';
import type { NotifiedUser } from './report-notifier';

export interface ReportMail {
  reportId: string;
  subject: string;
  text: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

/**
 * Emails a ready report (file attached) to the admins just notified, when SMTP_URL is set.
 * Each (report, user) email is claimed once in `email_deliveries` (delivery_key
 * `report-email:<reportId>:<userId>`), so a retry never sends it twice. Best effort: a failed
 * send is recorded (`failed`, last_error) and logged; it never fails the report.
 */
@Injectable()
export class ReportMailer implements OnApplicationShutdown {
  private readonly logger = new Logger(ReportMailer.name);
  private transport?: Transporter;

  constructor(
    private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  get enabled(): boolean {
    return !!this.env.SMTP_URL;
  }

  async send(mail: ReportMail, recipients: NotifiedUser[]): Promise<number> {
    if (!this.enabled) return 0;
    this.transport ??= nodemailer.createTransport(this.env.SMTP_URL);
    let sent = 0;
    for (const r of recipients) {
      const key = `report-email:${mail.reportId}:${r.userId}`;
      const claimed: { id: string }[] = await this.dataSource.query(
        `INSERT INTO email_deliveries (delivery_key, user_id, to_address, subject, status, claimed_at, attempts)
         VALUES ($1, $2, $3, $4, 'sending', now(), 1)
         ON CONFLICT (delivery_key) DO NOTHING RETURNING id`,
        [key, r.userId, r.email, mail.subject],
      );
      if (claimed.length === 0) continue;
      try {
        await this.transport.sendMail({
          from: this.env.MAIL_FROM,
          to: r.email,
          subject: mail.subject,
          text: mail.text,
          attachments: [
            { filename: mail.fileName, content: mail.content, contentType: mail.contentType },
          ],
        });
        await this.dataSource.query(
          `UPDATE email_deliveries SET status = 'sent', sent_at = now() WHERE id = $1`,
          [claimed[0].id],
        );
        sent++;
      } catch (err) {
        this.logger.warn(`report email to user ${r.userId} failed: ${(err as Error).message}`);
        await this.dataSource.query(
          `UPDATE email_deliveries SET status = 'failed', last_error = $2 WHERE id = $1`,
          [claimed[0].id, (err as Error).message.slice(0, 500)],
        );
      }
    }
    return sent;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
