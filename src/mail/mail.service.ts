import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import addressparser from 'nodemailer/lib/addressparser';
import { Readable } from 'stream';
import { Env } from '../config/env.validation';

/** A file sent with an email. */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** One email: plain text, and HTML as its alternative when given; files attached when given. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
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
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
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
      html: mail.html,
      attachments: mail.attachments,
      messageId: mail.messageId,
      headers: { 'Auto-Submitted': 'auto-generated', ...(mail.headers ?? {}) },
      textEncoding: 'base64',
    }).compile();
    return new Promise((resolve, reject) =>
      node.build((err, buf) => (err ? reject(err) : resolve(buf))),
    );
  }

  /**
   * An SMTP session that sends several messages over one connection (reconnecting when needed).
   * Close it when done. Servers often pause before their greeting, so one connection per batch
   * rather than per message matters.
   */
  session(): SmtpSession {
    if (!this.settings)
      throw new SmtpSendError('email is disabled (SMTP_URL unset)', 'before-end-of-data');
    return new SmtpSession(this.settings, this.env, this.logger, (mail) => this.compose(mail));
  }

  /** Sends one message on its own connection (see {@link SmtpSession.send}). */
  async sendGated(
    mail: OutgoingMail,
    beforeEndOfData: BeforeEndOfData,
  ): Promise<{ response: string }> {
    const session = this.session();
    try {
      return await session.send(mail, beforeEndOfData);
    } finally {
      session.close();
    }
  }
}

/** One SMTP connection, reused message after message; see {@link MailService.session}. */
export class SmtpSession {
  private conn?: SMTPConnection;
  private lastError?: Error;

  constructor(
    private readonly settings: SmtpSettings,
    private readonly env: Env,
    private readonly logger: Logger,
    private readonly compose: (mail: OutgoingMail) => Promise<Buffer>,
  ) {}

  private async connection(): Promise<SMTPConnection> {
    if (this.conn) return this.conn;
    const timeout = this.env.SMTP_TIMEOUT_MS;
    const conn = new SMTPConnection({
      host: this.settings.host,
      port: this.settings.port,
      secure: this.settings.secure,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    conn.on('error', (err: Error) => {
      this.lastError = err;
      if (this.conn === conn) this.conn = undefined;
    });
    conn.on('end', () => {
      if (this.conn === conn) this.conn = undefined;
    });
    await new Promise<void>((resolve, reject) => {
      conn.once('error', reject);
      conn.connect(() => {
        conn.removeListener('error', reject);
        resolve();
      });
    });
    // Body and end-of-data marker are separate writes: without this, Nagle's algorithm holds the
    // marker back until the server's delayed ACK (~40 ms per message).
    (conn as unknown as { _socket?: { setNoDelay?: (on: boolean) => void } })._socket?.setNoDelay?.(
      true,
    );
    if (this.settings.auth) {
      await new Promise<void>((resolve, reject) =>
        conn.login({ credentials: this.settings.auth! } as never, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    }
    this.conn = conn;
    return conn;
  }

  /**
   * Sends one message and calls `beforeEndOfData` between the body and the end-of-data marker.
   * Throws {@link SmtpSendError} saying on which side of the marker it failed; the connection is
   * then dropped (the next message reconnects).
   */
  async send(mail: OutgoingMail, beforeEndOfData: BeforeEndOfData): Promise<{ response: string }> {
    const raw = await this.compose(mail);
    const message = new GatedMessage(raw, beforeEndOfData);
    let conn: SMTPConnection | undefined;
    try {
      this.lastError = undefined;
      conn = await this.connection();
      const envelope = { from: bareAddress(this.env.MAIL_FROM), to: [mail.to] };
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
        conn!.send(envelope, message, (err, res) => (err ? reject(err) : resolve(res))),
      );
      // Ready for the next message; a failing RSET only costs a reconnect.
      await new Promise<void>((resolve) =>
        conn!.reset((err) => {
          if (err) this.drop(conn);
          resolve();
        }),
      );
      return { response: info.response };
    } catch (err) {
      this.drop(conn);
      if (message.gateError) throw message.gateError;
      const e = (this.lastError ?? err) as Error & { responseCode?: number };
      const phase = message.endOfDataWritten ? 'after-end-of-data' : 'before-end-of-data';
      this.logger.warn(`smtp send failed (${phase}): ${e.message}`);
      throw new SmtpSendError(
        e.message,
        phase,
        (err as { responseCode?: number }).responseCode ?? e.responseCode,
      );
    }
  }

  private drop(conn?: SMTPConnection): void {
    if (this.conn === conn) this.conn = undefined;
    conn?.close();
  }

  close(): void {
    const conn = this.conn;
    this.conn = undefined;
    conn?.quit();
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
