import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import addressparser from 'nodemailer/lib/addressparser';
import { Readable } from 'stream';
import { Env } from '../config/env.validation';

/** One plain-text email. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per delivery, so a receiving client can recognise the same message. */
  messageId: string;
  headers?: Record<string, string>;
}

/**
 * Runs once the whole message has been handed to the SMTP server but before the end-of-data
 * marker (`<CRLF>.<CRLF>`) is written. Until that marker the server holds an incomplete message
 * that it discards if the connection drops (RFC 5321 §4.1.1.4). The marker is written in the
 * same turn of the event loop in which the returned promise resolves, so work the callback
 * starts without awaiting (a COMMIT already written to Postgres' socket) and the marker leave the
 * process together. Throwing aborts the message: the connection closes without the marker.
 */
export type BeforeEndOfData = () => Promise<void>;

/** Where a send failed: before the end-of-data marker the server has nothing; after it, it may. */
export class SmtpSendError extends Error {
  constructor(
    message: string,
    readonly phase: 'before-end-of-data' | 'after-end-of-data',
    /** The server's reply code when it answered with an error (4xx/5xx). */
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'SmtpSendError';
  }
}

interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
}

/** Parses `smtp://user:pass@host:587` / `smtps://host:465`. */
export function parseSmtpUrl(url: string): SmtpSettings {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: Number(u.port || (secure ? 465 : 587)),
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
  };
}

/** `Silkbridge <no-reply@x>` → `no-reply@x`. */
export function bareAddress(from: string): string {
  const first = addressparser(from)[0] as { address?: string } | undefined;
  return first?.address || from;
}

/** `<hash@domain>`: the same delivery key always gives the same Message-ID. */
export function messageIdFor(deliveryKey: string, from: string): string {
  const domain = bareAddress(from).split('@')[1] || 'silkbridge.local';
  return `<${createHash('sha256').update(deliveryKey).digest('hex').slice(0, 40)}@${domain}>`;
}

/**
 * SMTP through nodemailer's connection and MIME composer. Email is off when SMTP_URL is unset.
 * One connection per message keeps failure handling simple (reminder batches are small and the
 * relay is usually local); STARTTLS is used whenever the server offers it.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private readonly settings?: SmtpSettings;

  constructor(private readonly env: Env) {
    this.settings = env.SMTP_URL ? parseSmtpUrl(env.SMTP_URL) : undefined;
  }

  get enabled(): boolean {
    return !!this.settings;
  }

  get from(): string {
    return this.env.MAIL_FROM;
  }

  /** The RFC 5322 message, ready for DATA. */
  async compose(mail: OutgoingMail): Promise<Buffer> {
    const node = new MailComposer({
      from: this.env.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      headers: { 'Auto-Submitted': 'auto-generated', ...(mail.headers ?? {}) },
      textEncoding: 'base64',
    }).compile();
    return new Promise((resolve, reject) => node.build((err, buf) => (err ? reject(err) : resolve(buf))));
  }

  /**
   * Sends one message and calls `beforeEndOfData` between the body and the end-of-data marker.
   * Throws {@link SmtpSendError} saying on which side of the marker it failed.
   */
  async sendGated(mail: OutgoingMail, beforeEndOfData: BeforeEndOfData): Promise<{ response: string }> {
    if (!this.settings) throw new SmtpSendError('email is disabled (SMTP_URL unset)', 'before-end-of-data');
    const raw = await this.compose(mail);
    const timeout = this.env.SMTP_TIMEOUT_MS;
    const conn = new SMTPConnection({
      host: this.settings.host,
      port: this.settings.port,
      secure: this.settings.secure,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    let connectionError: Error | undefined;
    conn.on('error', (err: Error) => {
      connectionError = err;
    });
    const message = new GatedMessage(raw, beforeEndOfData);
    try {
      await new Promise<void>((resolve, reject) => {
        conn.once('error', reject);
        conn.connect(() => {
          conn.removeListener('error', reject);
          resolve();
        });
      });
      if (this.settings.auth) {
        await new Promise<void>((resolve, reject) =>
          conn.login({ credentials: this.settings!.auth! } as never, (err) => (err ? reject(err) : resolve())),
        );
      }
      const envelope = { from: bareAddress(this.env.MAIL_FROM), to: [mail.to] };
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
        conn.send(envelope, message, (err, res) => (err ? reject(err) : resolve(res))),
      );
      conn.quit();
      return { response: info.response };
    } catch (err) {
      conn.close();
      const e = (connectionError ?? err) as Error & { responseCode?: number };
      if (message.gateError) throw message.gateError;
      const phase = message.endOfDataWritten ? 'after-end-of-data' : 'before-end-of-data';
      this.logger.warn(`smtp send failed (${phase}): ${e.message}`);
      throw new SmtpSendError(e.message, phase, e.responseCode);
    }
  }
}

/**
 * The message body as a stream that pauses before its end: once the body has been consumed it
 * runs the gate, and only then ends, which makes nodemailer write the end-of-data marker.
 */
class GatedMessage extends Readable {
  private bodyPushed = false;
  private gating = false;
  endOfDataWritten = false;
  gateError?: Error;

  constructor(
    private readonly body: Buffer,
    private readonly gate: BeforeEndOfData,
  ) {
    // A tiny high-water mark: _read() is called again only after the body was taken.
    super({ highWaterMark: 1 });
  }

  override _read(): void {
    if (!this.bodyPushed) {
      this.bodyPushed = true;
      this.push(this.body);
      return;
    }
    if (this.gating) return;
    this.gating = true;
    this.gate().then(
      () => {
        this.endOfDataWritten = true;
        this.push(null);
      },
      (err: Error) => {
        this.gateError = err;
        this.destroy(err);
      },
    );
  }
}
