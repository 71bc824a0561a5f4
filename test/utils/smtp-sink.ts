import { AddressInfo } from 'net';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it (ended with the end-of-data marker). */
export interface ReceivedMail {
  envelopeTo: string[];
  headers: Record<string, string>;
  subject: string;
  messageId: string;
  deliveryKey: string;
  text: string;
  /** The text/html alternative of a multipart message, if any. */
  html?: string;
  raw: string;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`); adjacent words join. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_, _charset: string, enc: string, data: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : Buffer.from(
              data
                .replace(/_/g, ' ')
                .replace(/=([0-9A-F]{2})/gi, (_m, h: string) =>
                  String.fromCharCode(parseInt(h, 16)),
                ),
              'binary',
            ).toString('utf8'),
    );
}

/** Headers (lower-case names, folded lines joined) and body of one MIME entity. */
function splitEntity(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: raw.slice(split + 4) };
}

function decodeBody(headers: Record<string, string>, bodyRaw: string): string {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  return encoding === 'base64'
    ? Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64').toString('utf8')
    : encoding === 'quoted-printable'
      ? Buffer.from(
          bodyRaw
            .replace(/=\r\n/g, '')
            .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'binary',
        ).toString('utf8')
      : bodyRaw;
}

/** The text/plain and text/html parts of a message (single-part or multipart/alternative). */
function textParts(headers: Record<string, string>, body: string): { text: string; html?: string } {
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /^multipart\//i.test(type)
    ? /boundary="?([^";]+)"?/i.exec(type)?.[1]
    : undefined;
  if (!boundary) return { text: decodeBody(headers, body) };
  const parts = body
    .split(`--${boundary}`)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .map((p) => splitEntity(p.replace(/^\r\n/, '')));
  const found: { text: string; html?: string } = { text: '' };
  for (const part of parts) {
    const partType = part.headers['content-type'] ?? 'text/plain';
    if (/^text\/html/i.test(partType)) found.html = decodeBody(part.headers, part.body);
    else if (/^text\/plain/i.test(partType) && !found.text)
      found.text = decodeBody(part.headers, part.body);
  }
  return found;
}

/** Minimal parser for the messages Silkbridge sends: plain text, or text and HTML alternatives. */
export function parseMail(raw: string, envelopeTo: string[]): ReceivedMail {
  const { headers, body } = splitEntity(raw);
  const { text, html } = textParts(headers, body);
  return {
    envelopeTo,
    headers,
    subject: decodeWords(headers.subject ?? ''),
    messageId: headers['message-id'] ?? '',
    deliveryKey: headers['x-silkbridge-delivery-key'] ?? '',
    text,
    html,
    raw,
  };
}

/** A real SMTP server on a free port that keeps what it accepted. */
export interface SmtpSink {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Recipients refused at RCPT TO (before any data). */
  rejectRcpt: Set<string>;
  /** Recipients whose message is refused after the end of data (550); such messages are not kept. */
  rejectData: Set<string>;
  /** Runs before a message is accepted; the client waits for it (e.g. to change state mid-loop). */
  beforeAccept?: (mail: ReceivedMail) => Promise<void> | void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const rejectRcpt = new Set<string>();
  const rejectData = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // No reverse DNS of 127.0.0.1 per connection (it is slow where DNS is unreachable).
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (rejectRcpt.has(address.address))
        return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        // Only a message ended by the end-of-data marker gets here; an aborted one does not.
        const to = session.envelope.rcptTo.map((r) => r.address);
        if (to.some((a) => rejectData.has(a)))
          return callback(Object.assign(new Error('message refused'), { responseCode: 550 }));
        const mail = parseMail(Buffer.concat(chunks).toString('utf8'), to);
        messages.push(mail);
        void Promise.resolve(sink.beforeAccept?.(mail)).then(
          () => callback(),
          (err: Error) => callback(err),
        );
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    rejectRcpt,
    rejectData,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sink;
}
