import { AddressInfo } from 'net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a loopback port that counts the messages it accepted per delivery key
 * (the `X-Silkbridge-Delivery-Key` header the mailer sets), so a drill can prove each reminder
 * email arrived exactly once. `delayMs` slows every message down (a slow mail relay), which keeps
 * a reminder batch in flight long enough to kill the worker holding it.
 */
export interface DrillSmtpSink {
  url: string;
  /** delivery key → messages accepted with it. */
  byKey: Map<string, number>;
  total(): number;
  close(): Promise<void>;
}

export async function startSmtpSink(delayMs = 0): Promise<DrillSmtpSink> {
  const byKey = new Map<string, number>();
  let total = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
        const key = /^x-silkbridge-delivery-key:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? '(none)';
        const accept = () => {
          // Counted when accepted: what the relay took responsibility for.
          byKey.set(key, (byKey.get(key) ?? 0) + 1);
          total++;
          callback();
        };
        if (delayMs > 0) setTimeout(accept, delayMs);
        else accept();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    byKey,
    total: () => total,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
